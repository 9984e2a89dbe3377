"""``Seat``: this desk — who works at it (the accountant named in Ustawienia, recorded as the actor
of every change) and which computer and user it is (``id``, for "who holds this" across an office)."""

from __future__ import annotations

import getpass
import os
from functools import cached_property

from .settings import ACCOUNTANT, SeatSettings


class Seat:
    def __init__(self, settings: SeatSettings) -> None:
        self.settings = settings

    def accountant(self) -> str:
        """The named accountant (or owner) at this desk; read afresh, so a change in Ustawienia applies."""
        return self.settings.get(ACCOUNTANT)

    @cached_property
    def id(self) -> str:
        """``computer:user`` — stable for this desk, shown to other seats."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "?"
        return f"{_computer_name()}:{user}"


def _computer_name() -> str:
    """The computer's network name (socket.gethostname()'s answer, without importing socket at start-up:
    about 2.5 ms)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()

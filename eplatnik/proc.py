"""Who is this process, and is another one still alive — for claims that several processes share.

A claim (the outbox's "I am sending this submission", the sandbox's "I serve this state folder")
records ``ProcessId.current()``: the computer's name, the process id, a random token (process ids are
reused) and when the process started. Another process on the same computer can tell at once whether
the claimant is gone (``alive``); a process on another computer (a seat of an office) waits for the
claim's lease to run out instead.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class ProcessId:
    host: str
    pid: int
    token: str

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}:{self.token}"

    @classmethod
    def parse(cls, text: str) -> ProcessId | None:
        try:
            host, pid, token = text.rsplit(":", 2)
            return cls(host, int(pid), token)
        except ValueError:
            return None

    @classmethod
    def current(cls) -> ProcessId:
        return _current(os.getpid())

    @property
    def local(self) -> bool:
        return self.host == host_name()

    def gone(self) -> bool:
        """True only when this process was on this computer and has ended (elsewhere: unknown → False)."""
        if self == ProcessId.current():
            return False
        return self.local and not alive(self.pid)


@cache
def host_name() -> str:
    return socket.gethostname() or "localhost"


@cache
def _current(pid: int) -> ProcessId:  # keyed on the pid: a forked child is another process
    return ProcessId(host_name(), pid, secrets.token_hex(4))


def alive(pid: int) -> bool:
    """Is a process with this id running on this computer?"""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return _not_a_zombie(pid)


def _not_a_zombie(pid: int) -> bool:
    """A killed child whose parent has not reaped it yet still answers ``kill(pid, 0)``."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return True

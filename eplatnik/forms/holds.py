"""Holds: "this set is being edited or signed at another desk" (issue 16, step 16.4).

A seat that opens a set for editing or signing takes its hold (table ``holds``, migration 0012): one row
per held entity naming the holder (this process, ``proc.ProcessId``), the desk (``seat.py``), the
accountant, the purpose and since when. Taking it is one statement, decided by the database::

    INSERT INTO holds (…) VALUES (…) ON CONFLICT (entity, entity_id) DO UPDATE SET …
     WHERE holds.until < :now OR holds.holder = :me RETURNING …

so two seats asking at once get one winner; the other reads who holds it and shows
"Edytuje: A. Nowak (biuro-3) od 10:42". The holder renews the hold every ``RENEW_S`` seconds while the
dialog is open and deletes it when it closes; a hold of a program that died or lost its network goes
stale ``STALE_S`` seconds after its last renewal and is then free for anyone. All times come from the
program's clock (``App.clock``), so a test pins them; the database's own clock is never asked.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable, Iterable

from ..clock import Clock
from ..errors import UserFacingError
from ..events import EventBus
from ..i18n import Text, t
from ..proc import ProcessId
from ..store.holds import HoldInfo, HoldStore, stamp

__all__ = ["DOCUMENT_SET", "EXIT_HELD", "HeldElsewhere", "Hold", "HoldInfo", "Holds"]

log = logging.getLogger(__name__)

#: how often an open editor or signing dialog renews its hold
RENEW_S = 30.0
#: a hold not renewed for this long is stale: anyone may take it
STALE_S = 120.0
DOCUMENT_SET = "document_set"
#: CLI exit code for "another desk holds this set" (sysexits' EX_TEMPFAIL: try again later)
EXIT_HELD = 75


class HeldElsewhere(UserFacingError):
    """Another desk (or another window) holds the set: nothing was opened or changed."""

    exit_code = EXIT_HELD

    def __init__(self, hold: HoldInfo) -> None:
        self.hold = hold
        super().__init__(Text(hold.text("pl") + ".", hold.text("en") + "."),
                         hint=t("Poczekaj, aż skończy, albo poproś o zamknięcie okna; nieodnawiana blokada wygasa "
                                "po 2 minutach.",
                                "Wait until they finish, or ask them to close the window; a hold that is not "
                                "renewed expires after 2 minutes."))


class Holds:
    """This process's holds: take one (renewed in the background until released), see others'."""

    def __init__(self, store: HoldStore, clock: Clock, *, seat: str, actor: Callable[[], str],
                 events: EventBus | None = None, holder: str | None = None,
                 renew_s: float = RENEW_S, stale_s: float = STALE_S) -> None:
        self.store = store
        self.clock, self.seat, self.actor, self.events = clock, seat, actor, events
        # this process, and this App in it (two workspaces open in one process are two holders)
        self.holder = holder or f"{ProcessId.current()}/{secrets.token_hex(3)}"
        self.renew_s, self.stale_s = renew_s, stale_s
        self._open: set[Hold] = set()
        self._lock = threading.Lock()

    def _until(self) -> str:
        return stamp(self.clock.now() + dt.timedelta(seconds=self.stale_s))

    def take(self, entity: str, entity_id: int, purpose: str) -> Hold:
        """The hold of ``entity_id`` for this process, renewed until :meth:`Hold.release`; raises
        :class:`HeldElsewhere` (nothing changed) when another holder's hold is live."""
        info = self.store.acquire(entity, entity_id, holder=self.holder, seat=self.seat, actor=self.actor(),
                                  purpose=purpose, now=stamp(self.clock.now()), until=self._until())
        if info.holder != self.holder:
            raise HeldElsewhere(info)
        self._publish()
        hold = Hold(self, info)
        with self._lock:
            self._open.add(hold)
        return hold

    def release_all(self) -> None:
        """Release every hold this process still has (the program closes)."""
        with self._lock:
            open_holds, self._open = list(self._open), set()
        for hold in open_holds:
            hold.release()

    def check(self, entity: str, entity_id: int) -> None:
        """Raise :class:`HeldElsewhere` when another holder has a live hold (a CLI change of a set)."""
        other = self.held_by_others(entity, [entity_id]).get(entity_id)
        if other is not None:
            raise HeldElsewhere(other)

    def held_by_others(self, entity: str, ids: Iterable[int] | None = None) -> dict[int, HoldInfo]:
        """Live holds of other holders (other seats, other windows)."""
        found = self.store.live(entity, ids, stamp(self.clock.now()))
        return {k: v for k, v in found.items() if v.holder != self.holder}

    def _publish(self) -> None:
        if self.events is not None:
            self.events.publish("holds.changed")


class Hold:
    """One held entity: renewed every ``renew_s`` seconds on a thread until released (a context manager)."""

    def __init__(self, holds: Holds, info: HoldInfo) -> None:
        self.holds, self.info = holds, info
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew_loop, name="eplatnik-hold", daemon=True)
        self._thread.start()

    def renew(self) -> bool:
        """Push the hold's end ahead; False when it was lost (it went stale and another took it)."""
        return self.holds.store.renew(self.info.entity, self.info.entity_id, self.holds.holder, self.holds._until())

    def _renew_loop(self) -> None:
        while not self._stop.wait(self.holds.renew_s):
            try:
                if not self.renew():
                    log.warning("the hold of %s %s was lost", self.info.entity, self.info.entity_id)
                    return
            except Exception:  # the database away for a moment: try again at the next renewal
                log.info("renewing a hold failed", exc_info=True)

    def release(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        with self.holds._lock:
            self.holds._open.discard(self)
        try:
            self.holds.store.release(self.info.entity, self.info.entity_id, self.holds.holder)
        except Exception:  # closed database: the hold goes stale on its own
            log.info("releasing a hold failed", exc_info=True)
        self.holds._publish()

    def __enter__(self) -> Hold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

"""One sandbox per state folder: a lock naming the running one, which every other process uses.

Two sandboxes on one state folder each generated gateway keys (the pinned certificate then differed
for good) and both processed the same packages. Now a sandbox holds ``<state>/sandbox.lock`` for as
long as it runs (the OS drops the lock when the process ends, even after kill -9) and describes
itself in ``<state>/sandbox.json``: process id, computer, URL, since when. A second process — the
GUI's, a CLI run's, ``sandbox serve`` — finds it there and uses it instead of starting its own.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import UserFacingError
from ..fsutil import atomic_write_bytes
from ..i18n import t
from ..locks import FileLock
from ..proc import ProcessId, host_name

LOCK_NAME = "sandbox.lock"
INFO_NAME = "sandbox.json"
STARTING_WAIT_S = 30.0  # keys of a first start take a second or two; a busy machine more

RUNNING = t("Piaskownica z katalogiem stanu {state} już działa: {url} (proces {pid} na komputerze {host}, "
            "od {since}).", "A sandbox with the state folder {state} is already running: {url} (process {pid} "
            "on computer {host}, since {since}).")
RUNNING_HINT = t("Użyj jej (--gateway {url}) albo zatrzymaj ją przed uruchomieniem nowej.",
                 "Use it (--gateway {url}) or stop it before starting a new one.")
NOT_ANSWERING = t("Katalog stanu {state} jest zajęty przez piaskownicę, która nie podała adresu w ciągu {s} s.",
                  "The state folder {state} is held by a sandbox that gave no address within {s} s.")


@dataclass(frozen=True)
class Running:
    """The sandbox that serves a state folder."""
    pid: int
    host: str
    url: str
    started: str      # ISO 8601, UTC
    process: str      # ProcessId, to tell a reused pid apart

    def since(self) -> str:
        from datetime import datetime

        from ..clock import WARSAW

        try:
            return datetime.fromisoformat(self.started).astimezone(WARSAW).strftime("%d.%m.%Y %H:%M:%S")
        except ValueError:
            return self.started


class SandboxRunning(UserFacingError):
    """Another sandbox serves this state folder; ``running`` says which."""

    def __init__(self, state_dir: Path, running: Running) -> None:
        super().__init__(RUNNING(state=str(state_dir), url=running.url, pid=running.pid, host=running.host,
                                 since=running.since()), hint=RUNNING_HINT(url=running.url))
        self.running = running


class InstanceLock:
    """Held by the sandbox serving ``state_dir`` for as long as it runs."""

    def __init__(self, state_dir: Path | str) -> None:
        self.state_dir = Path(state_dir)
        self._lock = FileLock(self.state_dir / LOCK_NAME)
        self._started = ""

    def acquire(self, started: str) -> None:
        """Take the folder, or raise ``SandboxRunning`` naming the sandbox that has it."""
        deadline = time.monotonic() + STARTING_WAIT_S
        while not self._lock.acquire(blocking=False):
            # held: by a sandbox (which says where it listens once its port is bound), or for a moment by
            # another process looking whether one runs — then it is free again in a millisecond
            found = _published(self.state_dir)
            if found is not None:
                raise SandboxRunning(self.state_dir, found)
            if time.monotonic() > deadline:
                raise UserFacingError(NOT_ANSWERING(state=str(self.state_dir), s=int(STARTING_WAIT_S)))
            time.sleep(0.05)
        self._started = started
        self._write("")

    def publish(self, url: str) -> None:
        """Say where this sandbox listens (after its port is bound)."""
        self._write(url)

    def _write(self, url: str) -> None:
        me = ProcessId.current()
        info = Running(me.pid, me.host, url, self._started, str(me))
        atomic_write_bytes(self.state_dir / INFO_NAME, json.dumps(asdict(info)).encode("utf-8"))

    def release(self) -> None:
        if self._lock.held:
            (self.state_dir / INFO_NAME).unlink(missing_ok=True)
            self._lock.release()


def _read(state_dir: Path) -> Running | None:
    try:
        data = json.loads((state_dir / INFO_NAME).read_text(encoding="utf-8"))
        return Running(int(data["pid"]), str(data["host"]), str(data["url"]), str(data["started"]),
                       str(data.get("process", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_held(state_dir: Path | str) -> bool:
    """Does a live process hold the folder? (Taking the lock for a moment is the only sure test.)"""
    probe = FileLock(Path(state_dir) / LOCK_NAME)
    if probe.acquire(blocking=False):
        probe.release()
        return False
    return True


def running(state_dir: Path | str, timeout: float = STARTING_WAIT_S) -> Running | None:
    """The sandbox serving ``state_dir`` right now — waiting while one is starting — or None."""
    state_dir = Path(state_dir)
    if not (state_dir / LOCK_NAME).exists():
        return None
    deadline = time.monotonic() + timeout
    while True:
        found = _published(state_dir)
        if found is not None and is_held(state_dir):
            return found
        if not is_held(state_dir):
            return None
        if time.monotonic() > deadline:  # held, but no address: a sandbox that hangs while starting
            raise UserFacingError(NOT_ANSWERING(state=str(state_dir), s=int(timeout)))
        time.sleep(0.05)


def _published(state_dir: Path) -> Running | None:
    """The description of a live sandbox that has published its URL, if the file holds one."""
    found = _read(state_dir)
    if found is not None and found.url and (found.host != host_name() or _alive(found)):
        return found
    return None


def _alive(found: Running) -> bool:
    who = ProcessId.parse(found.process)
    return who is not None and not who.gone()


def still_running(state_dir: Path | str, found: Running) -> bool:
    """Is ``found`` still the sandbox of ``state_dir``?"""
    current = _read(Path(state_dir))
    return current is not None and current.process == found.process and is_held(state_dir)

"""Drive the real program as a person would: an X server (Xvfb) with a window manager (openbox),
the program started as ``python -m eplatnik``, real input events through xdotool (mouse clicks,
typing, Enter), screenshots with ImageMagick's ``import``.

Where to click and what is written on the screen come from the program's probe file
(``EPLATNIK_UI_PROBE``, see eplatnik/ui/probe.py): window titles and geometry, the focused widget,
and the visible widgets with their screen rectangles and texts. The tests never call the program's
code; they wait for what a person would wait for (a window, a text) and never sleep blindly.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TIMEOUT = 30.0  # generous: CI machines and shared ones are slow


class StepFailed(AssertionError):
    pass


class XSession:
    """Xvfb at ``size`` plus openbox; ``env`` points programs at it."""

    def __init__(self, size: str) -> None:
        self.size = size
        self.width, self.height = (int(x) for x in size.split("x"))
        read_fd, write_fd = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{size}x24", "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.xvfb.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        self.env = {**os.environ, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}
        self.env.pop("WAYLAND_DISPLAY", None)
        self.wm = subprocess.Popen(["openbox", "--sm-disable"], env=self.env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # openbox announces itself on the root window
            probe = subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=self.env,
                                   capture_output=True, text=True, check=False)
            if "window id" in probe.stdout:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("openbox did not start")

    def xdotool(self, *args: str, timeout: float = 10) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=False)
        return done.stdout.strip()

    def search_window(self, name: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait for a visible window whose title matches ``name`` (a regular expression)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StepFailed(f"no window named {name!r} appeared within {timeout} s")
            try:
                found = self.xdotool("search", "--sync", "--onlyvisible", "--name", name, timeout=left)
            except subprocess.TimeoutExpired:
                continue
            if found:  # (xdotool can end without a match when a window goes away while it looks)
                return found.splitlines()[0]
            time.sleep(0.1)

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=False, timeout=20,
                       capture_output=True)
        return path

    def close(self) -> None:
        for proc in (self.wm, self.xvfb):
            proc.terminate()
        for proc in (self.wm, self.xvfb):
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()


def make_workspace(path: Path) -> Path:
    """The demo workspace, made by the command line as a user would (``eplatnik-cli demo``)."""
    done = subprocess.run([sys.executable, "-m", "eplatnik.cli", "--basedir", str(path), "demo"],
                          capture_output=True, text=True, timeout=120, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return path


class Program:
    """The program on one workspace in an ``XSession``, read through its probe file."""

    def __init__(self, session: XSession, basedir: Path, artefacts: Path, *args: str) -> None:
        self.session, self.basedir, self.artefacts = session, basedir, artefacts
        artefacts.mkdir(parents=True, exist_ok=True)
        self.probe = artefacts / "screen.json"
        self.log = artefacts / "program.log"
        env = {**session.env, "EPLATNIK_UI_PROBE": str(self.probe), "PYTHONUNBUFFERED": "1"}
        self._log_file = self.log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-m", "eplatnik", "--basedir", str(basedir), *args],
                                     env=env, stdout=self._log_file, stderr=subprocess.STDOUT, cwd=ROOT,
                                     start_new_session=True)
        self.steps: list[str] = []
        self._pointer: tuple[int, int] | None = None

    # -- reading the screen ------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        if self.proc.poll() is not None:
            raise StepFailed(f"the program ended (exit {self.proc.returncode}); see {self.log}")
        try:
            return json.loads(self.probe.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"windows": [], "focus": None}

    def wait(self, what: str, check: Callable[[dict[str, Any]], Any], timeout: float = DEFAULT_TIMEOUT) -> Any:
        """Poll the screen until ``check(state)`` gives something true; that is returned."""
        self.steps.append(what)
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            try:
                result = check(state)
            except (KeyError, IndexError, StopIteration, TypeError):  # not on the screen (yet)
                result = None
            if result:
                return result
            if time.monotonic() > deadline:
                raise StepFailed(f"timed out after {timeout} s waiting for: {what}")
            time.sleep(0.1)

    @staticmethod
    def windows(state: dict[str, Any], title: str | None = None) -> list[dict[str, Any]]:
        return [w for w in state["windows"] if title is None or title in w["title"]]

    @staticmethod
    def find(state: dict[str, Any], *, window: str | None = None, name: str | None = None,
             text: str | None = None, cls: str | None = None, contains: str | None = None) -> dict[str, Any] | None:
        for win in Program.windows(state, window):
            for widget in win["widgets"]:
                if name is not None and widget["name"] != name:
                    continue
                if cls is not None and widget["class"] != cls:
                    continue
                if text is not None and widget.get("text") != text:
                    continue
                if contains is not None and contains not in (widget.get("text") or ""):
                    continue
                return widget
        return None

    def widget(self, what: str, timeout: float = DEFAULT_TIMEOUT, **query: Any) -> dict[str, Any]:
        return self.wait(what, lambda s: self.find(s, **query), timeout)

    def window(self, title: str, timeout: float = DEFAULT_TIMEOUT) -> dict[str, Any]:
        """Wait for a window (xdotool search --sync on its title), then for the probe to list it."""
        self.session.search_window(title, timeout)
        return self.wait(f"window {title!r}", lambda s: next(iter(self.windows(s, title)), None), timeout)

    def gone(self, title: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.wait(f"window {title!r} to close", lambda s: not self.windows(s, title), timeout)

    @staticmethod
    def row(widget: dict[str, Any], text: str) -> dict[str, Any] | None:
        return next((r for r in widget.get("rows", []) if any(text in c for c in r["cells"])), None)

    # -- acting -------------------------------------------------------------------------------------
    def click_at(self, rect: list[int], *, double: bool = False, dx: int | None = None) -> None:
        x = rect[0] + (rect[2] // 2 if dx is None else dx)
        y = rect[1] + rect[3] // 2
        if (x, y) == self._pointer:  # `mousemove --sync` waits for a move that would never come
            x += 1
        self.session.xdotool("mousemove", "--sync", str(x), str(y))
        self._pointer = (x, y)
        self.session.xdotool("click", *(["--repeat", "2", "--delay", "80"] if double else []), "1")

    def fresh(self) -> None:
        """Wait until the program has written the screen again after this moment (a layout that moved
        because of the last keystroke must not send the next click to the old place)."""
        try:
            before = self.probe.stat().st_mtime_ns
        except OSError:
            return
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            try:
                if self.probe.stat().st_mtime_ns != before:
                    return
            except OSError:
                pass
            time.sleep(0.03)

    def click(self, what: str, timeout: float = DEFAULT_TIMEOUT, **query: Any) -> dict[str, Any]:
        """Wait for an enabled widget, then click its middle."""
        self.fresh()
        widget = self.wait(what, lambda s: (w := self.find(s, **query)) and w["enabled"] and w, timeout)
        self.click_at(widget["rect"])
        return widget

    def click_row(self, table: str, text: str, *, double: bool = False, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.fresh()
        row = self.wait(f"a row with {text!r} in {table}",
                        lambda s: (t := self.find(s, name=table)) and self.row(t, text), timeout)
        self.click_at(row["rect"], double=double, dx=30)

    def choose(self, what: str, combo: str, text: str, tries: int = 3) -> None:
        """Open a combo box's list with a click, type the start of an item and press Enter, as a person
        would; if the list was not open yet when the keys came (a busy machine), close it and try again."""
        for attempt in range(tries):
            self.click(what, name=combo)
            try:  # a page that fills the list just after it is shown may close a list opened before
                self.wait(f"the list of {what}", lambda s: any(w.get("popup") for w in s["windows"]), timeout=5)
            except StepFailed:
                if attempt == tries - 1:
                    raise
                continue
            self.type(text)
            self.key("Return")
            try:
                self.wait(f"{text} chosen in {what}", lambda s: text in self.find(s, name=combo)["text"],
                          timeout=5)
                return
            except StepFailed:
                if attempt == tries - 1:
                    raise
                self.key("Escape")

    def type(self, text: str) -> None:
        self.session.xdotool("type", "--delay", "40", text)

    def key(self, *keys: str) -> None:
        self.session.xdotool("key", "--delay", "60", *keys)

    def focused(self) -> dict[str, Any] | None:
        return self.state().get("focus")

    def screenshot(self, name: str) -> Path:
        return self.session.screenshot(self.artefacts / f"{name}.png")

    def main_window(self, state: dict[str, Any]) -> dict[str, Any]:
        return next(w for w in state["windows"] if w["class"] == "MainWindow")

    # -- the end -------------------------------------------------------------------------------------
    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self._log_file.close()


def tools_missing() -> list[str]:
    return [tool for tool in ("Xvfb", "openbox", "xdotool", "import", "xprop") if shutil.which(tool) is None]

"""A local HTTP server that misbehaves on request: drops the connection, answers 503, is slow to
answer or slow in the middle of its body — for the transport's retry, timeout and cancel tests."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Seen:
    method: str
    path: str
    client_port: int
    body: bytes


@dataclass
class FlakyServer:
    """``plan`` holds what to do with the next requests ("drop", "503", "404", "slow-headers",
    "slow-body"); once it is used up every request gets 200 with a small JSON body."""

    server: ThreadingHTTPServer | None = None
    plan: list[str] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    body_started: threading.Event = field(default_factory=threading.Event)
    client_gone: threading.Event = field(default_factory=threading.Event)
    stopping: threading.Event = field(default_factory=threading.Event)
    slow_seconds: float = 30.0
    answer: dict | None = None   # the 200 answer's JSON body (default: what was asked)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def next_action(self) -> str:
        with self.lock:
            return self.plan.pop(0) if self.plan else "ok"


def _handler(flaky: FlakyServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no delayed-ACK wait between them

        def log_message(self, format, *args):
            pass

        def _json(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            flaky.seen.append(Seen(self.command, self.path, self.client_address[1], body))
            action = flaky.next_action()
            if action == "drop":
                self.close_connection = True
                self.connection.close()
                return
            if action in ("503", "404"):
                self._json(int(action), {"error": action})
                return
            if action == "slow-headers":
                flaky.stopping.wait(flaky.slow_seconds)
            if action == "slow-body":
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(1_000_000))
                self.end_headers()
                try:
                    self.wfile.write(b"x" * 10)
                    self.wfile.flush()
                    flaky.body_started.set()
                    deadline = time.monotonic() + flaky.slow_seconds
                    while time.monotonic() < deadline and not flaky.stopping.is_set():
                        time.sleep(0.05)
                        self.wfile.write(b"x")
                        self.wfile.flush()
                except OSError:
                    flaky.client_gone.set()
                self.close_connection = True
                return
            self._json(200, flaky.answer if flaky.answer is not None else {
                "n": len(flaky.seen), "method": self.command, "path": self.path,
                "body": body.decode("utf-8", "replace")})

        do_GET = do_POST = do_PUT = do_DELETE = _serve  # noqa: N815

    return Handler


def start_flaky(host: str = "127.0.0.1") -> FlakyServer:
    flaky = FlakyServer()
    flaky.server = ThreadingHTTPServer((host, 0), _handler(flaky))
    flaky.server.daemon_threads = True
    threading.Thread(target=flaky.server.serve_forever, args=(0.05,), daemon=True).start()
    return flaky


def stop_flaky(flaky: FlakyServer) -> None:
    flaky.stopping.set()
    flaky.server.shutdown()
    flaky.server.server_close()


@pytest.fixture
def flaky_server():
    flaky = start_flaky()
    yield flaky
    stop_flaky(flaky)


@pytest.fixture
def other_loopback_server():
    """The same server on 127.0.0.2: loopback, but not an address the transport always sends direct,
    so the proxy rules (NO_PROXY, "direct") decide — and no test resolves a name or leaves the machine."""
    flaky = start_flaky("127.0.0.2")
    yield flaky
    stop_flaky(flaky)

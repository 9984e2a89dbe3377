"""A tiny forwarding HTTP proxy on loopback, to prove that calls go through a proxy (or do not).

It answers absolute-form requests (``GET http://host:port/path``) by forwarding them: names under
``.invalid`` stand for a remote gateway and go to 127.0.0.1:port, loopback addresses to themselves,
so no test ever leaves the machine; it records every request it forwarded. Anything else (another
host, CONNECT) gets 502/405. ``lose_answers`` holds path fragments: the next request whose path contains
one is forwarded, and then its answer is lost (the connection closed instead), once per entry.
"""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authorization", "proxy-authenticate"}


@dataclass
class ForwardProxy:
    server: ThreadingHTTPServer
    seen: list[tuple[str, str]] = field(default_factory=list)
    lose_answers: list[str] = field(default_factory=list)
    lost: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def lose_answer(self, path: str) -> bool:
        with self.lock:
            for fragment in self.lose_answers:
                if fragment in path:
                    self.lose_answers.remove(fragment)
                    return True
            return False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


def _handler(proxy: ForwardProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no delayed-ACK wait between them

        def log_message(self, format, *args):  # quiet
            pass

        def _forward(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            host = parts.hostname or ""
            loopback = host == "localhost" or host.startswith("127.")
            if not parts.scheme or not (host.endswith(".invalid") or loopback):
                self._answer(502, b"not forwarded", {})
                return
            proxy.seen.append((self.command, self.path))
            upstream = http.client.HTTPConnection(host if loopback else "127.0.0.1", parts.port or 80, timeout=30)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                upstream.request(self.command, parts.path + (f"?{parts.query}" if parts.query else ""),
                                 body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                if proxy.lose_answer(self.path):  # the upstream did the work; its answer never arrives
                    proxy.lost.append((self.command, self.path))
                    self.close_connection = True
                    return
                self._answer(answer.status, data, {k: v for k, v in answer.getheaders()
                                                   if k.lower() not in HOP_BY_HOP | {"content-length"}})
            except OSError:
                self._answer(502, b"upstream failed", {})
            finally:
                upstream.close()

        def _answer(self, status: int, data: bytes, headers: dict) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward  # noqa: N815

        def do_CONNECT(self) -> None:
            self._answer(405, b"CONNECT is not supported by this test proxy", {})

    return Handler


@pytest.fixture
def forward_proxy():
    proxy = ForwardProxy(server=None)  # type: ignore[arg-type]
    proxy.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(proxy))
    proxy.server.daemon_threads = True
    thread = threading.Thread(target=proxy.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield proxy
    proxy.server.shutdown()
    proxy.server.server_close()

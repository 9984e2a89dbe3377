"""The sandbox HTTP server: routing, fault injection, a drivable clock, pluggable services.

Each service module (see ``SERVICE_MODULES``) exposes ``create_service(server) -> Service`` where
a Service has ``routes() -> list[Route]`` and optionally ``start()`` / ``stop()`` for background
workers. Admin endpoints (tests and demos):

* ``GET  /sandbox/health`` → ``{"status": "ok", "services": [...]}``
* ``POST /sandbox/faults`` ``{"latency_ms": 0, "error_rate": 0.0, "drop_rate": 0.0, "seed": 1}``
* ``GET/POST /sandbox/clock`` ``{"freeze": ISO8601}`` | ``{"advance_seconds": N}`` | ``{"reset": true}``
* ``/sandbox/admin/...`` — the office's admin API (trusted test CAs, ZUS-PEL authorisations), added by
  the gateway service (``gateway_service.py``; ``docs/gateway-protocol.md``).

**Admin is loopback only.** Every ``/sandbox/...`` path except ``GET /sandbox/health``, and every path
with an ``/admin/`` segment (``/gateway/v1/admin/...``, ``/booking/v1/admin/...``), is answered
``403 admin_loopback_only`` unless the TCP peer of the connection is a loopback address (127.0.0.0/8,
``::1``). An office sandbox listening on the LAN (``sandbox serve --host 0.0.0.0``) serves the seats'
gateway calls, while only the computer it runs on can change its trust, authorisations, faults or
clock. Headers such as ``X-Forwarded-For`` or ``Forwarded`` are never consulted: any client can write
them, and the sandbox has no proxy in front of it that could vouch for them.
"""

from __future__ import annotations

import contextlib
import importlib
import ipaddress
import json
import logging
import random
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from .clock import SandboxClock
from .instance import InstanceLock

log = logging.getLogger(__name__)

#: Services plugged into every sandbox, in order; a module that is not present is skipped.
SERVICE_MODULES = ["eplatnik.sandbox.gateway_service", "eplatnik.sandbox.letters_service",
                   "eplatnik.sandbox.booking_service"]
MAX_BODY = 64 * 1024 * 1024


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    params: dict[str, str] = field(default_factory=dict)
    #: the TCP peer's address (from the socket, never from a header); "" when not from a connection
    peer: str = ""

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8") or "null")

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def json_response(obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(status, json.dumps(obj, ensure_ascii=False, default=str).encode("utf-8"),
                    "application/json; charset=utf-8", headers or {})


def error_response(status: int, code: str, message_pl: str, message_en: str, **extra: Any) -> Response:
    return json_response({"error": code, "message": {"pl": message_pl, "en": message_en}, **extra}, status)


Handler = Callable[[Request], Response]

ADMIN_ONLY_FROM_LOOPBACK = ("Ta funkcja administracyjna piaskownicy działa tylko z komputera, na którym "
                            "piaskownica jest uruchomiona (adres 127.0.0.1 lub ::1).",
                            "This sandbox admin function works only from the computer the sandbox runs on "
                            "(address 127.0.0.1 or ::1).")


def is_loopback_peer(address: str) -> bool:
    """True when ``address`` (the TCP peer from the socket) is this computer's loopback: 127.0.0.0/8,
    ``::1`` or an IPv4-mapped loopback (``::ffff:127.0.0.1``). Anything else — a LAN address, a name,
    an empty or malformed string — is not."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def is_admin_path(method: str, path: str) -> bool:
    """Paths only the sandbox's own computer may call (see the module's docstring)."""
    if path.startswith("/sandbox/"):
        return not (method == "GET" and path == "/sandbox/health")
    return "/admin/" in path or path.endswith("/admin")


@dataclass
class Route:
    method: str
    pattern: str  # e.g. r"/gateway/v1/packages/(?P<ref>[^/]+)"
    handler: Handler
    _regex: re.Pattern[str] | None = None

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method != self.method:
            return None
        if self._regex is None:
            self._regex = re.compile(f"^{self.pattern}$")
        m = self._regex.match(path)
        return m.groupdict() if m else None


class Service(Protocol):
    name: str

    def routes(self) -> list[Route]: ...


@dataclass
class FaultConfig:
    latency_ms: int = 0
    error_rate: float = 0.0   # share of requests answered with HTTP 503
    drop_rate: float = 0.0    # share of requests whose connection is closed without an answer
    seed: int | None = None
    exempt_prefixes: tuple[str, ...] = ("/sandbox/",)


class SandboxServer:
    def __init__(self, state_dir: Path | str, host: str = "127.0.0.1", port: int = 0,
                 faults: FaultConfig | None = None, clock: SandboxClock | None = None,
                 services: list[str] | None = None) -> None:
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.faults = faults or FaultConfig()
        self._rng = random.Random(self.faults.seed)
        self._rng_lock = threading.Lock()
        self.clock = clock or SandboxClock()
        # one sandbox per state folder: raises SandboxRunning (naming the running one) before any key
        # is generated or any package is touched
        self.instance = InstanceLock(self.state_dir)
        self.instance.acquire(started=self.clock.now().isoformat(timespec="seconds"))
        self.services: list[Any] = []
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._stop_done = threading.Event()
        try:
            self._routes: list[Route] = self._admin_routes()
            for module_name in services if services is not None else SERVICE_MODULES:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name == module_name:
                        continue
                    raise
                service = module.create_service(self)
                self.services.append(service)
                self._routes.extend(service.routes())
            self._httpd = _server_class(host)((host, port), _make_handler(self))
        except BaseException:
            for service in self.services:
                if hasattr(service, "stop"):
                    service.stop()
            self.instance.release()
            raise
        self.instance.publish(self.url)

    # -- lifecycle ----------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """The address to reach it: loopback for a loopback or wildcard bind, else the address bound."""
        host = str(self._httpd.server_address[0])
        if host in ("0.0.0.0", "::", "") or is_loopback_peer(host):  # noqa: S104 — only compared
            host = "::1" if host in ("::", "::1") else "127.0.0.1"
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    def start(self) -> str:
        for service in self.services:
            if hasattr(service, "start"):
                service.start()
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sandbox-http", daemon=True)
        self._thread.start()
        return self.url

    def serve_forever(self) -> None:
        for service in self.services:
            if hasattr(service, "start"):
                service.start()
        try:
            self._httpd.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        if self._stopped:
            self._stop_done.wait(30)  # another thread is stopping it: return once it is stopped
            return
        self._stopped = True
        try:
            self._stop()
        finally:
            self._stop_done.set()

    def _stop(self) -> None:
        for service in self.services:
            if hasattr(service, "stop"):
                try:
                    service.stop()
                except Exception:
                    log.exception("stopping %s", service)
        self._httpd.shutdown()
        self._httpd.server_close()
        self._httpd.close_connections()
        self.instance.release()

    # -- dispatch -----------------------------------------------------------------------------
    def roll(self) -> float:
        with self._rng_lock:
            return self._rng.random()

    def dispatch(self, request: Request) -> Response:
        if is_admin_path(request.method, request.path) and not is_loopback_peer(request.peer):
            log.warning("sandbox admin call %s %s refused: peer %s is not loopback", request.method, request.path,
                        request.peer or "?")
            return error_response(403, "admin_loopback_only", *ADMIN_ONLY_FROM_LOOPBACK)
        for route in self._routes:
            params = route.match(request.method, request.path)
            if params is not None:
                request.params = params
                return route.handler(request)
        return error_response(404, "not_found", "Nie ma takiego zasobu.", "No such resource.")

    def _admin_routes(self) -> list[Route]:
        return [
            Route("GET", r"/sandbox/health", lambda r: json_response(
                {"status": "ok", "services": [s.name for s in self.services], "now": self.clock.now().isoformat()})),
            Route("POST", r"/sandbox/faults", self._set_faults),
            Route("GET", r"/sandbox/faults", lambda r: json_response(self.faults.__dict__)),
            Route("POST", r"/sandbox/clock", self._set_clock),
            Route("GET", r"/sandbox/clock", lambda r: json_response(self.clock.state())),
        ]

    def _set_faults(self, request: Request) -> Response:
        data = request.json() or {}
        self.faults.latency_ms = int(data.get("latency_ms", self.faults.latency_ms))
        self.faults.error_rate = float(data.get("error_rate", self.faults.error_rate))
        self.faults.drop_rate = float(data.get("drop_rate", self.faults.drop_rate))
        if "seed" in data:
            with self._rng_lock:
                self._rng = random.Random(data["seed"])
        return json_response(self.faults.__dict__)

    def _set_clock(self, request: Request) -> Response:
        data = request.json() or {}
        if data.get("reset"):
            self.clock.reset()
        if "freeze" in data:
            self.clock.freeze(datetime.fromisoformat(data["freeze"]))
        if "advance_seconds" in data:
            from datetime import timedelta

            self.clock.advance(timedelta(seconds=float(data["advance_seconds"])))
        for service in self.services:
            if hasattr(service, "on_clock_changed"):
                service.on_clock_changed()
        return json_response(self.clock.state())


class _Server(ThreadingHTTPServer):
    """Keeps the connections it serves, so that stopping it closes those clients keep alive too (as a
    stopped process would; otherwise their handler threads go on answering after the stop)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._open_lock:
            connections, self._open = list(self._open), set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Server6(_Server):
    address_family = socket.AF_INET6


def _server_class(host: str) -> type[_Server]:
    return _Server6 if ":" in host else _Server


class _DropConnection(Exception):
    pass


def _make_handler(server: SandboxServer) -> type[BaseHTTPRequestHandler]:
    class HandlerClass(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # an answer goes out as headers, then body: without TCP_NODELAY a kept-alive client waits for
        # its delayed ACK (~40 ms) before the body comes
        disable_nagle_algorithm = True
        server_version = "eplatnik-sandbox/1"

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("sandbox %s", format % args)

        def _handle(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._send(error_response(413, "too_large", "Przesyłka jest za duża.", "The payload is too large."))
                return
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            request = Request(method, parts.path, parse_qs(parts.query), headers, body,
                              peer=str(self.client_address[0]))
            faults = server.faults
            if not parts.path.startswith(faults.exempt_prefixes):
                if faults.latency_ms:
                    time.sleep(faults.latency_ms / 1000)
                if faults.drop_rate and server.roll() < faults.drop_rate:
                    self.close_connection = True
                    self.connection.close()
                    return
                if faults.error_rate and server.roll() < faults.error_rate:
                    self._send(error_response(503, "unavailable", "Usługa chwilowo niedostępna (symulacja).",
                                              "Service temporarily unavailable (simulated)."))
                    return
            try:
                response = server.dispatch(request)
            except (ValueError, KeyError) as exc:
                response = error_response(400, "bad_request", f"Niepoprawne żądanie: {exc}", f"Bad request: {exc}")
            except Exception:
                log.exception("sandbox handler failed")
                response = error_response(500, "internal", "Błąd wewnętrzny piaskownicy.", "Sandbox internal error.")
            self._send(response)

        def _send(self, response: Response) -> None:
            self.send_response(response.status, HTTPStatus(response.status).phrase
                               if response.status in HTTPStatus._value2member_map_ else "")
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(response.body)

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

        def do_PUT(self) -> None:
            self._handle("PUT")

    return HandlerClass

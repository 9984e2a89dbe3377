"""``HttpTransport``: the one HTTP client of the program (httpx), shared by every service client.

- **One client, kept-alive connections.** One ``httpx.Client`` per transport (one transport per
  process: ``App.http``), so calls to the same gateway reuse their connection.
- **Timeouts** on every call (connect ≤ 10 s, read/write from the caller, default 30 s).
- **Retries** by one ``RetryPolicy`` on refused/dropped/timed-out connections and HTTP 5xx, only for
  calls that are safe to repeat: GET/HEAD/PUT/DELETE, and POSTs the caller marks ``idempotent``
  because they carry a key (a package's idempotency key, a booking's client_request_id, a letter's
  UPD). 4xx answers are returned, never retried. Between attempts the call waits on its cancel token.
- **Cancel mid-call.** With a ``CancelToken`` the call runs on a helper thread and the caller waits
  for the answer or the token, whichever comes first; on cancel it raises ``Cancelled`` at once and
  the connection is shut (its socket, captured when the connection opened or when the answer's
  headers arrived); a connection that answered 5xx is shut too, so a retry never reuses it. A
  cancelled call may still have reached the server, which is why only keyed or
  idempotent calls are made cancellable by the services.
- **Proxy** from Ustawienia or the environment; loopback always direct (``config.py``).
"""

from __future__ import annotations

import contextlib
import json as jsonlib
import logging
import queue
import random
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..errors import Cancelled, UserFacingError
from .cancel import CancelToken
from .config import DIRECT, LOOPBACK_PATTERNS, NetConfig, bypass_patterns, proxy_problem
from .errors import BAD_PROXY, BAD_PROXY_HINT, BAD_URL, Unreachable
from .retry import CALL_RETRY, RetryPolicy

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
CONNECT_TIMEOUT = 10.0
POOL_TIMEOUT = 5.0


@dataclass(frozen=True)
class HttpResponse:
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        """The body as JSON; raises ValueError when it is not."""
        return jsonlib.loads(self.content.decode("utf-8")) if self.content else {}


def describe(exc: BaseException) -> str:
    text = str(exc)
    return type(exc).__name__ + (f": {text}" if text else "")


def check_url(url: str) -> str:
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 — raises on a port that is not a number
    except ValueError:
        raise UserFacingError(BAD_URL(url=url)) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserFacingError(BAD_URL(url=url))
    return url


class _Call:
    """One attempt in flight: the stream it runs on, so another thread can shut it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stream: Any = None
        self.aborted = False
        self.finished = False

    def trace(self, name: str, info: dict[str, Any]) -> None:  # httpcore's documented "trace" extension
        if name in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self.attach(info.get("return_value"))

    def attach(self, stream: Any) -> None:
        if stream is None:
            return
        with self._lock:
            self._stream = stream
            aborted = self.aborted
        if aborted:
            _shutdown(stream)

    def abort(self) -> None:
        with self._lock:
            if self.finished:
                return
            self.aborted = True
            stream = self._stream
        if stream is not None:
            _shutdown(stream)

    def finish(self) -> None:
        with self._lock:
            self.finished = True


def _shutdown(stream: Any) -> None:
    """Shut the socket both ways: a thread blocked reading it wakes at once (close() alone does not)."""
    with contextlib.suppress(Exception):
        sock = stream.get_extra_info("socket")
        if sock is not None:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Helpers:
    """Daemon threads that run cancellable calls, kept for the next one (a new thread per call cost
    ~0.3 ms); one more is started when all are busy. Daemon, so a call abandoned by a cancel never
    holds up the program's exit."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0

    def run(self, job: Callable[[], None]) -> None:
        with self._lock:
            if self._idle:
                self._idle -= 1
            else:
                threading.Thread(target=self._serve, name="eplatnik-http", daemon=True).start()
        self._jobs.put(job)

    def _serve(self) -> None:
        while True:
            self._jobs.get()()
            with self._lock:
                self._idle += 1


_helpers = _Helpers()


class HttpTransport:
    def __init__(self, config: NetConfig | Callable[[], NetConfig] | None = None, *,
                 rng: random.Random | None = None) -> None:
        fixed = config if isinstance(config, NetConfig) else NetConfig()
        self._config_source: Callable[[], NetConfig] = config if callable(config) else (lambda: fixed)
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self._client: httpx.Client | None = None
        self._client_config: NetConfig | None = None
        self._retired: list[httpx.Client] = []
        self._closed = False

    # -- the httpx client (rebuilt when the proxy settings change) -----------------------------------
    def config(self) -> NetConfig:
        return self._config_source()

    def _httpx(self) -> httpx.Client:
        config = self.config()
        with self._lock:
            if self._client is not None and config == self._client_config:
                return self._client
            if self._client is not None:  # calls in flight keep using it; closed with the transport
                self._retired.append(self._client)
            self._client = self._build(config)
            self._client_config = config
            return self._client

    @staticmethod
    def _build(config: NetConfig) -> httpx.Client:
        if proxy_problem(config.proxy):
            raise UserFacingError(BAD_PROXY(url=config.proxy), hint=BAD_PROXY_HINT)
        mounts: dict[str, httpx.BaseTransport | None] = {}
        proxy = config.proxy_url()
        if proxy:
            mounts.update(dict.fromkeys(bypass_patterns(config.no_proxy)))
        mounts.update(dict.fromkeys(LOOPBACK_PATTERNS))  # None: the client's direct transport
        return httpx.Client(
            proxy=proxy, mounts=mounts, trust_env=config.proxy != DIRECT and not proxy,
            verify=config.verify, timeout=config.timeout, follow_redirects=False,
            headers={"User-Agent": config.user_agent},
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=8, keepalive_expiry=30.0))

    def close(self) -> None:
        with self._lock:
            clients = [*self._retired, *([self._client] if self._client is not None else [])]
            self._client, self._retired, self._closed = None, [], True
        for client in clients:
            with contextlib.suppress(Exception):
                client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one call -----------------------------------------------------------------------------------
    def request(self, method: str, url: str, *, json: Any = None, content: bytes | None = None,
                headers: dict[str, str] | None = None, cancel: CancelToken | None = None,
                retry: RetryPolicy | None = CALL_RETRY, idempotent: bool | None = None,
                timeout: float | None = None,
                on_retry: Callable[[int, float, str], None] | None = None) -> HttpResponse:
        """One call with retries; returns the answer (any status below 500).

        Raises ``Unreachable`` after the attempts, ``Cancelled`` when ``cancel`` is cancelled,
        ``UserFacingError`` for an address or proxy setting that cannot work."""
        method = method.upper()
        check_url(url)
        repeatable = method in SAFE_METHODS if idempotent is None else idempotent
        policy = retry if (retry is not None and repeatable) else RetryPolicy(1, 0.0, 0.0, "none")
        read = timeout if timeout is not None else self.config().timeout
        limits = httpx.Timeout(read, connect=min(CONNECT_TIMEOUT, read), pool=POOL_TIMEOUT)
        made = 0
        while True:
            if cancel is not None:
                cancel.check()
            client = self._httpx()

            def attempt(call: _Call | None, client: httpx.Client = client) -> HttpResponse:
                return self._attempt(client, method, url, json, content, headers, limits, call)

            try:
                answer = self._run(attempt, cancel)
                if answer.status < 500:
                    return answer
                detail = f"HTTP {answer.status}"
            except httpx.RequestError as exc:
                detail = describe(exc)
            made += 1
            if not policy.allows(made):
                raise Unreachable.generic(url, detail, made)
            delay = policy.delay(made - 1, self._rng)
            log.info("%s %s: %s; attempt %d, next in %.2fs", method, url, detail, made, delay)
            if on_retry is not None:
                on_retry(made, delay, detail)
            if cancel is not None:
                if cancel.wait(delay):
                    raise Cancelled()
            else:
                threading.Event().wait(delay)

    def _attempt(self, client: httpx.Client, method: str, url: str, json: Any, content: bytes | None,
                 headers: dict[str, str] | None, limits: httpx.Timeout, call: _Call | None) -> HttpResponse:
        call = call or _Call()
        request = client.build_request(method, url, json=json, content=content, headers=headers,
                                       timeout=limits, extensions={"trace": call.trace})
        response = client.send(request, stream=True)
        try:
            call.attach(response.extensions.get("network_stream"))
            chunks = []
            for chunk in response.iter_bytes():
                if call.aborted:
                    raise Cancelled()
                chunks.append(chunk)
            if response.status_code >= 500:
                # a server in trouble (or one stopped while this kept-alive connection stayed open):
                # the next attempt opens a fresh connection instead of reusing this one
                call.abort()
            return HttpResponse(response.status_code, b"".join(chunks),
                                {k.lower(): v for k, v in response.headers.items()})
        finally:
            response.close()
            call.finish()

    @staticmethod
    def _run(attempt: Callable[[_Call | None], HttpResponse], cancel: CancelToken | None) -> HttpResponse:
        """Run one attempt; with a token on a helper thread, so the caller can leave the moment it is
        cancelled (the helper ends when its socket is shut, or at its timeout if the call was on a
        reused connection not yet answering)."""
        if cancel is None:
            return attempt(None)
        call = _Call()
        outcome: dict[str, Any] = {}
        wake = threading.Event()

        def work() -> None:
            try:
                outcome["answer"] = attempt(call)
            except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread as it is
                outcome["error"] = exc
            finally:
                wake.set()

        def cancelled() -> None:
            call.abort()
            wake.set()

        unregister = cancel.on_cancel(cancelled)
        try:
            _helpers.run(work)
            while not wake.wait(0.02 if cancel.needs_polling else None):
                cancel.check()
            if ("answer" not in outcome and "error" not in outcome) or cancel.cancelled:
                call.abort()
                raise Cancelled()
        finally:
            unregister()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["answer"]


_shared: HttpTransport | None = None
_shared_lock = threading.Lock()


def shared_transport() -> HttpTransport:
    """The process's transport for code that has no App (tests, the sandbox's own tools): proxy
    from the environment, default timeouts."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = HttpTransport(NetConfig())
        return _shared

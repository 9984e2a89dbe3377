"""HTTP client of the gateway protocol: every call has a timeout, retries back off, cancel works.

Transient failures — HTTP 5xx, timeouts, refused or dropped connections — are retried with
exponential backoff and full jitter; between attempts the client waits on a cancellation event, so
a person (or the month-end run) can stop it at once. Protocol answers (1xx/3xx/4xx statuses inside
a JSON body, whatever the HTTP code) are returned, not retried. The client refuses to send a
different package under an idempotency key it has already used.
"""

from __future__ import annotations

import http.client
import json
import logging
import random
import threading
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from cryptography import x509

from .. import __version__
from ..errors import Cancelled, UserFacingError
from ..i18n import t
from ..progress import Progress
from .protocol import (
    PATH_CERTIFICATES,
    PATH_CHECK,
    PATH_PACKAGES,
    Confirmation,
    SubmitRequest,
    sha256_b64,
)

log = logging.getLogger(__name__)

UNAVAILABLE = t("Bramka {url} nie odpowiada ({detail}) — próbowano {attempts} razy.",
                "The gateway {url} does not answer ({detail}) — tried {attempts} times.")
UNAVAILABLE_HINT = t("Przesyłka czeka w skrzynce nadawczej i zostanie wysłana ponownie "
                     "(eplatnik-cli outbox / przycisk „Wyślij oczekujące”).",
                     "The package waits in the outbox and will be sent again "
                     "(eplatnik-cli outbox / the \"Send pending\" button).")
BAD_ANSWER = t("Bramka {url} odpowiedziała w nieoczekiwany sposób (HTTP {code}).",
               "The gateway {url} gave an unexpected answer (HTTP {code}).")


class GatewayUnavailable(UserFacingError):
    """The gateway could not be reached after all retries (the package stays queued)."""


class _Transient(Exception):
    pass


@dataclass(frozen=True)
class GatewayCertificates:
    encryption: x509.Certificate
    receipt_signing: x509.Certificate


class GatewayClient:
    def __init__(self, base_url: str, *, timeout: float = 30.0, attempts: int = 8, backoff: float = 0.25,
                 max_backoff: float = 8.0, cancel: threading.Event | None = None,
                 progress: Progress | None = None, rng: random.Random | None = None) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserFacingError(t("Niepoprawny adres bramki: {url}", "Invalid gateway URL: {url}")(url=base_url))
        self.base_url = base_url.rstrip("/")
        self._parts = parts
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.cancel = cancel or threading.Event()
        self.progress = progress
        self._rng = rng or random.Random()
        self._sent: dict[str, str] = {}
        self._sent_lock = threading.Lock()

    # -- transport ----------------------------------------------------------------------------
    def _check_cancel(self) -> None:
        if self.cancel.is_set() or (self.progress is not None and self.progress.cancelled):
            raise Cancelled()

    def _once(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        cls = http.client.HTTPSConnection if self._parts.scheme == "https" else http.client.HTTPConnection
        conn = cls(self._parts.hostname, self._parts.port, timeout=self.timeout)
        try:
            headers = {"Accept": "application/json", "User-Agent": f"eplatnik/{__version__}",
                       "Connection": "close"}
            if body is not None:
                headers["Content-Type"] = "application/json; charset=utf-8"
            conn.request(method, self._parts.path + path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            return response.status, data
        except (TimeoutError, ConnectionError, http.client.HTTPException, OSError) as exc:
            raise _Transient(type(exc).__name__ + (f": {exc}" if str(exc) else "")) from None
        finally:
            conn.close()

    def call(self, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
        """One protocol call with retries; returns (http status, JSON body)."""
        body = json.dumps(payload).encode("utf-8") if payload is not None else None
        detail = ""
        for attempt in range(self.attempts):
            self._check_cancel()
            try:
                status, data = self._once(method, path, body)
                if status >= 500:
                    raise _Transient(f"HTTP {status}")
                try:
                    return status, json.loads(data.decode("utf-8"))
                except ValueError:
                    raise UserFacingError(BAD_ANSWER(url=self.base_url, code=status)) from None
            except _Transient as exc:
                detail = str(exc)
                if attempt + 1 >= self.attempts:
                    break
                delay = min(self.max_backoff, self.backoff * (2 ** attempt)) * self._rng.uniform(0.5, 1.0)
                log.info("gateway %s %s: %s; retry in %.2fs", method, path, detail, delay)
                if self.cancel.wait(delay):
                    raise Cancelled() from None
        raise GatewayUnavailable(UNAVAILABLE(url=self.base_url, detail=detail, attempts=self.attempts),
                                 hint=UNAVAILABLE_HINT)

    # -- operations ---------------------------------------------------------------------------
    def certificates(self) -> GatewayCertificates:
        status, data = self.call("GET", PATH_CERTIFICATES)
        if status != 200:
            raise UserFacingError(BAD_ANSWER(url=self.base_url, code=status))
        try:
            return GatewayCertificates(x509.load_pem_x509_certificate(data["encryption"].encode("ascii")),
                                       x509.load_pem_x509_certificate(data["receipt_signing"].encode("ascii")))
        except (KeyError, ValueError, AttributeError):
            raise UserFacingError(BAD_ANSWER(url=self.base_url, code=status)) from None

    def submit(self, request: SubmitRequest) -> Confirmation:
        """Send a package (EWD WyslijPrzesylke); the same key always carries the same bytes."""
        with self._sent_lock:
            actual = sha256_b64(request.package)
            previous = self._sent.setdefault(request.idempotency_key, actual)
        if previous != actual:
            raise ValueError("refusing to send a different package under an idempotency key already used")
        _, data = self.call("POST", PATH_PACKAGES, request.to_json())
        return Confirmation.from_json(data)

    def confirmation(self, reference: str) -> Confirmation:
        """Fetch the state and, when final, the receipt of a package (EWD PobierzPotwierdzenie)."""
        _, data = self.call("GET", f"{PATH_PACKAGES}/{reference}")
        return Confirmation.from_json(data)

    def check(self, idempotency_key: str, package_sha256: str) -> Confirmation | None:
        """Does the gateway know this package (EWD CheckTransmision)? None when it does not."""
        _, data = self.call("POST", PATH_CHECK, {"idempotency_key": idempotency_key,
                                                 "package_sha256": package_sha256})
        return Confirmation.from_json(data) if data.get("known") else None

    def index(self, since: str | None = None, limit: int = 1000) -> list[dict]:
        """Packages received since a moment (EWD PobierzIndexPrzesylek)."""
        query = f"?limit={int(limit)}" + (f"&since={quote(since)}" if since else "")
        _, data = self.call("GET", PATH_PACKAGES + query)
        return list(data.get("packages", []))

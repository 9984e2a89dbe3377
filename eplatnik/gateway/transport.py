"""``GatewayTransport``: the calls a gateway offers (EWD's operations), and the implementation for the
JSON-over-HTTP protocol of docs/gateway-protocol.md (the sandbox's wire format) on ``net``.

A transport for ZUS's real interface (EWD's SOAP service) would sit beside ``JsonGatewayTransport``
with the same methods, chosen by the gateway profile; the outbox, receipts and letters only see the
interface.

Which calls may be repeated or abandoned (each retried after a lost answer, and abandoned when the
person cancels in the middle): ``certificates``, ``confirmation`` and ``index`` are reads;
``check`` is a read sent as POST; ``submit`` carries the package's idempotency key, and the
gateway answers a repeated key with the same reference (and refuses other bytes under that key), so
a repeat never makes a second submission. Protocol answers (1xx/3xx/4xx statuses in a JSON body,
whatever the HTTP code) are returned, not retried; HTTP 5xx, timeouts, refused and dropped
connections are retried by the ``RetryPolicy``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

from cryptography import x509

from ..errors import UserFacingError
from ..i18n import t
from ..net import CALL_RETRY, CancelToken, HttpTransport, RetryPolicy, Unreachable
from .protocol import (
    PATH_CERTIFICATES,
    PATH_CHECK,
    PATH_PACKAGES,
    Confirmation,
    SubmitRequest,
    sha256_b64,
)

UNAVAILABLE = t("Bramka {url} nie odpowiada ({detail}) — próbowano {attempts} razy.",
                "The gateway {url} does not answer ({detail}) — tried {attempts} times.")
UNAVAILABLE_HINT = t("Przesyłka czeka w skrzynce nadawczej i zostanie wysłana ponownie "
                     "(eplatnik-cli outbox / przycisk „Wyślij oczekujące”).",
                     "The package waits in the outbox and will be sent again "
                     "(eplatnik-cli outbox / the \"Send pending\" button).")
BAD_ANSWER = t("Bramka {url} odpowiedziała w nieoczekiwany sposób (HTTP {code}).",
               "The gateway {url} gave an unexpected answer (HTTP {code}).")
BAD_URL = t("Niepoprawny adres bramki: {url}", "Invalid gateway URL: {url}")


class GatewayUnavailable(Unreachable):
    """The gateway could not be reached after all retries (the package stays queued)."""


@dataclass(frozen=True)
class GatewayCertificates:
    encryption: x509.Certificate
    receipt_signing: x509.Certificate


class GatewayTransport(Protocol):
    """What the outbox needs from a gateway (EWD: WyslijPrzesylke, PobierzPotwierdzenie, …)."""

    base_url: str

    def certificates(self, cancel: CancelToken | None = None) -> GatewayCertificates: ...

    def submit(self, request: SubmitRequest, cancel: CancelToken | None = None) -> Confirmation: ...

    def confirmation(self, reference: str, cancel: CancelToken | None = None) -> Confirmation: ...

    def check(self, idempotency_key: str, package_sha256: str,
              cancel: CancelToken | None = None) -> Confirmation | None: ...

    def index(self, since: str | None = None, limit: int = 1000,
              cancel: CancelToken | None = None) -> list[dict]: ...


class JsonGatewayTransport:
    """The sandbox's protocol over the program's HTTP transport. ``cancel`` (optional) is the token
    every call listens to unless it is given its own."""

    def __init__(self, http: HttpTransport, base_url: str, *, timeout: float = 30.0,
                 retry: RetryPolicy = CALL_RETRY, cancel: CancelToken | None = None) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserFacingError(BAD_URL(url=base_url))
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry
        self.cancel = cancel
        self._sent: dict[str, str] = {}
        self._sent_lock = threading.Lock()

    def call(self, method: str, path: str, payload: dict | None = None, *, idempotent: bool = True,
             cancel: CancelToken | None = None) -> tuple[int, Any]:
        """One protocol call with retries; returns (HTTP status, JSON body).

        Every call of this protocol is safe to repeat (reads, or POSTs that carry their key: a
        package's idempotency key, a letter's UPD), so each is retried unless a caller says
        ``idempotent=False`` for a call that is not."""
        try:
            answer = self.http.request(method, self.base_url + path, json=payload, cancel=cancel or self.cancel,
                                       retry=self.retry, idempotent=idempotent, timeout=self.timeout)
        except Unreachable as exc:
            raise GatewayUnavailable(UNAVAILABLE(url=self.base_url, detail=exc.detail, attempts=exc.attempts),
                                     url=self.base_url, detail=exc.detail, attempts=exc.attempts,
                                     hint=UNAVAILABLE_HINT) from None
        try:
            return answer.status, answer.json()
        except ValueError:
            raise UserFacingError(BAD_ANSWER(url=self.base_url, code=answer.status)) from None

    # -- operations -------------------------------------------------------------------------------
    def certificates(self, cancel: CancelToken | None = None) -> GatewayCertificates:
        status, data = self.call("GET", PATH_CERTIFICATES, cancel=cancel)
        if status != 200:
            raise UserFacingError(BAD_ANSWER(url=self.base_url, code=status))
        try:
            return GatewayCertificates(x509.load_pem_x509_certificate(data["encryption"].encode("ascii")),
                                       x509.load_pem_x509_certificate(data["receipt_signing"].encode("ascii")))
        except (KeyError, ValueError, AttributeError, TypeError):
            raise UserFacingError(BAD_ANSWER(url=self.base_url, code=status)) from None

    def submit(self, request: SubmitRequest, cancel: CancelToken | None = None) -> Confirmation:
        """Send a package (EWD WyslijPrzesylke); the same key always carries the same bytes."""
        with self._sent_lock:
            actual = sha256_b64(request.package)
            previous = self._sent.setdefault(request.idempotency_key, actual)
        if previous != actual:
            raise ValueError("refusing to send a different package under an idempotency key already used")
        _, data = self.call("POST", PATH_PACKAGES, request.to_json(), cancel=cancel)  # keyed: safe to repeat
        return Confirmation.from_json(data)

    def confirmation(self, reference: str, cancel: CancelToken | None = None) -> Confirmation:
        """The state and, when final, the receipt of a package (EWD PobierzPotwierdzenie)."""
        _, data = self.call("GET", f"{PATH_PACKAGES}/{quote(reference)}", cancel=cancel)
        return Confirmation.from_json(data)

    def check(self, idempotency_key: str, package_sha256: str,
              cancel: CancelToken | None = None) -> Confirmation | None:
        """Does the gateway know this package (EWD CheckTransmision)? None when it does not."""
        _, data = self.call("POST", PATH_CHECK, {"idempotency_key": idempotency_key,
                                                 "package_sha256": package_sha256}, cancel=cancel)
        return Confirmation.from_json(data) if data.get("known") else None

    def index(self, since: str | None = None, limit: int = 1000,
              cancel: CancelToken | None = None) -> list[dict]:
        """Packages received since a moment (EWD PobierzIndexPrzesylek)."""
        query = f"?limit={int(limit)}" + (f"&since={quote(since)}" if since else "")
        _, data = self.call("GET", PATH_PACKAGES + query, cancel=cancel)
        return list(data.get("packages", []))

"""The sandbox's ZUS gateway: EWD-like operations over HTTP+JSON (``docs/gateway-protocol.md``).

Taking a package in only records it (status 301, a reference); a background worker processes it
after ``processing_seconds`` of sandbox-clock time (status 302 while checking) and issues a signed
receipt (200 accepted, 4xx rejected). Submissions are idempotent on the client's key and on the
package digest. Everything lives under the state directory, so a restarted sandbox resumes the
packages it had not finished.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization

from ..gateway import protocol
from ..gateway.protocol import Confirmation, SubmitRequest
from .gateway_processing import process
from .gateway_store import (
    GatewayStore,
    NotACaCertificate,
    add_trust_anchor,
    ensure_ca,
    ensure_keys,
    trust_anchors,
    trust_signature,
)
from .server import Request, Response, Route, error_response, json_response

if TYPE_CHECKING:
    from .server import SandboxServer

log = logging.getLogger(__name__)

DEFAULT_PROCESSING_SECONDS = 2.0


def _pem(cert) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


class GatewayService:
    name = "gateway"

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.state_dir = server.state_dir
        ensure_ca(self.state_dir)
        self.keys = ensure_keys(self.state_dir)
        self.store = GatewayStore(self.state_dir)
        self.processing_seconds = DEFAULT_PROCESSING_SECONDS
        self.workers = 2
        self._wake = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._claimed: set[str] = set()
        self._claim_lock = threading.Lock()
        self._anchors_lock = threading.Lock()
        self._anchors: tuple[tuple, list] = ((None,), [])

    # -- lifecycle --------------------------------------------------------------------------------
    def start(self) -> None:
        for i in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"sandbox-gateway-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self.on_clock_changed()
        for thread in self._threads:
            thread.join(timeout=10)
        self.store.close()

    def on_clock_changed(self) -> None:
        with self._wake:
            self._wake.notify_all()

    # -- worker -----------------------------------------------------------------------------------
    def _claim(self, now: dt.datetime) -> tuple[object | None, float]:
        """The next due package not taken by another worker; else the seconds until one is due."""
        wait = 0.5
        with self._claim_lock:
            for row in self.store.pending(limit=64):
                if row.reference in self._claimed:
                    continue
                due = dt.datetime.fromisoformat(row.due_at)
                if due <= now:
                    self._claimed.add(row.reference)
                    return row, 0.0
                wait = min(wait, max((due - now).total_seconds(), 0.01))
                break
        return None, wait

    def anchors(self) -> list:
        """The trusted CAs: the sandbox's own and ``trust/*.pem``, read again when that folder changes (a CA
        added through the admin API, or copied there, counts from the next package on)."""
        signature = trust_signature(self.state_dir)
        with self._anchors_lock:
            if self._anchors[0] != signature:
                self._anchors = (signature, trust_anchors(self.state_dir))
            return self._anchors[1]

    def _work(self) -> None:
        while not self._stop.is_set():
            row, wait = self._claim(self.server.clock.now())
            if row is None:
                with self._wake:
                    self._wake.wait(timeout=wait)
                continue
            try:
                process(row, self.keys, self.anchors(), self.store, self.server.clock.now())  # type: ignore[arg-type]
            except Exception:
                log.exception("processing %s failed; it stays pending", row.reference)  # type: ignore[attr-defined]
                self._stop.wait(1.0)
            finally:
                with self._claim_lock:
                    self._claimed.discard(row.reference)  # type: ignore[attr-defined]

    # -- routes -----------------------------------------------------------------------------------
    def routes(self) -> list[Route]:
        p = protocol.API_PREFIX
        return [
            Route("GET", f"{p}/certificates", self._certificates),
            Route("GET", f"{p}/certificates/(?P<which>encryption|receipt-signing|ca)\\.pem", self._certificate_pem),
            Route("POST", f"{p}/packages", self._submit),
            Route("GET", f"{p}/packages", self._index),
            Route("GET", f"{p}/packages/(?P<ref>[A-Za-z0-9-]+)", self._confirmation),
            Route("POST", f"{p}/check", self._check),
            Route("GET", f"{p}/admin/authorisations", lambda r: json_response(
                {"authorisations": self.store.authorisations()})),
            Route("POST", f"{p}/admin/authorisations", self._add_authorisation),
            Route("DELETE", f"{p}/admin/authorisations", self._remove_authorisation),
            Route("GET", f"{p}/admin/stats", lambda r: json_response({"submissions": self.store.count()})),
            # the office admin API (loopback only, as every admin path: server.py)
            Route("POST", r"/sandbox/admin/trust-ca", self._trust_ca),
            Route("GET", r"/sandbox/admin/trust-ca", self._trusted),
            Route("GET", r"/sandbox/admin/authorisations", lambda r: json_response(
                {"authorisations": self.store.authorisations()})),
            Route("POST", r"/sandbox/admin/authorisations", self._add_authorisation),
            Route("DELETE", r"/sandbox/admin/authorisations", self._remove_authorisation),
        ]

    def _trust_ca(self, request: Request) -> Response:
        data = request.json() or {}
        pem = data.get("pem") if isinstance(data, dict) else None
        if not isinstance(pem, str) or not pem.strip():
            return error_response(400, "bad_request", "Podaj pem: certyfikat testowego CA (PEM).",
                                  "Give pem: the test CA's certificate (PEM).")
        try:
            digest, added = add_trust_anchor(self.state_dir, pem.encode("ascii", "replace"))
        except NotACaCertificate as exc:
            return error_response(400, "not_a_ca", f"To nie jest certyfikat CA w PEM: {exc}",
                                  f"Not a CA certificate in PEM: {exc}")
        log.info("sandbox trusts test CA %s (%s)", digest[:16], "new" if added else "known")
        return json_response({"sha256": digest, "added": added}, 201 if added else 200)

    def _trusted(self, request: Request) -> Response:
        from cryptography.hazmat.primitives import hashes

        return json_response({"trusted": [{"sha256": c.fingerprint(hashes.SHA256()).hex(),
                                           "subject": c.subject.rfc4514_string()} for c in self.anchors()]})

    def _certificates(self, request: Request) -> Response:
        return json_response({"encryption": _pem(self.keys.encryption_cert),
                              "receipt_signing": _pem(self.keys.receipt_cert),
                              "package_types": list(protocol.SUPPORTED_PACKAGE_TYPES)})

    def _certificate_pem(self, request: Request) -> Response:
        which = request.params["which"]
        cert = {"encryption": self.keys.encryption_cert, "receipt-signing": self.keys.receipt_cert,
                "ca": ensure_ca(self.state_dir).cert}[which]
        return Response(200, _pem(cert).encode("ascii"), "application/x-pem-file")

    def _reply(self, confirmation: Confirmation, http_status: int = 200) -> Response:
        return json_response(confirmation.to_json(), http_status)

    def _submit(self, request: Request) -> Response:
        try:
            body = request.json()
            submit = SubmitRequest.from_json(body)
        except (ValueError, KeyError, TypeError, AttributeError):
            return self._reply(Confirmation.of(protocol.UNREADABLE), 400)
        if submit.package_type not in protocol.SUPPORTED_PACKAGE_TYPES:
            return self._reply(Confirmation.of(protocol.UNSUPPORTED_TYPE), 400)
        if not submit.idempotency_key or len(submit.idempotency_key) > 128:
            return self._reply(Confirmation.of(protocol.UNREADABLE), 400)
        if len(submit.package) > protocol.MAX_PACKAGE_BYTES:
            return self._reply(Confirmation.of(protocol.UNREADABLE), 413)
        actual = protocol.sha256_b64(submit.package)
        if actual != submit.package_sha256:
            return self._reply(Confirmation.of(protocol.DIGEST_MISMATCH, package_sha256=actual), 400)
        by_key = self.store.find(key=submit.idempotency_key)
        if by_key is not None and by_key.package_sha256 != actual:
            return self._reply(Confirmation.of(protocol.KEY_REUSED, reference=by_key.reference), 409)
        now = self.server.clock.now()
        row, created = self.store.receive(
            key=submit.idempotency_key, digest=actual, package_type=submit.package_type, package=submit.package,
            received_at=now, due_at=now + dt.timedelta(seconds=self.processing_seconds),
            producer=submit.producer, software=submit.software, version=submit.version,
            initial_status=protocol.RECEIVED)
        if created:
            self.on_clock_changed()
        return self._reply(self._confirmation_of(row), 202 if created else 200)

    def _confirmation_of(self, row) -> Confirmation:
        receipt = None
        if protocol.is_final(row.status):
            path = self.store.receipt_path(row.reference)
            receipt = path.read_bytes() if path.exists() else None
        return Confirmation.of(row.status, reference=row.reference, received_at=row.received_at,
                               package_sha256=row.package_sha256, receipt=receipt)

    def _confirmation(self, request: Request) -> Response:
        row = self.store.find(reference=request.params["ref"])
        if row is None:
            return self._reply(Confirmation.of(protocol.NO_SUCH_PACKAGE, reference=request.params["ref"]), 404)
        return self._reply(self._confirmation_of(row))

    def _index(self, request: Request) -> Response:
        limit = max(1, min(int(request.arg("limit", "1000") or 1000), 10000))
        rows = self.store.index(request.arg("since"), limit)
        return json_response({"packages": [
            {"reference": r.reference, "status": r.status, "received_at": r.received_at,
             "finished_at": r.finished_at, "package_sha256": r.package_sha256, "payer_nip": r.payer_nip}
            for r in rows]})

    def _check(self, request: Request) -> Response:
        data = request.json() or {}
        row = None
        if data.get("idempotency_key"):
            row = self.store.find(key=str(data["idempotency_key"]))
        if row is None and data.get("package_sha256"):
            row = self.store.find(digest=str(data["package_sha256"]))
        if row is None:
            return json_response({"known": False})
        return json_response({"known": True, **self._confirmation_of(row).to_json()})

    def _auth_args(self, request: Request) -> tuple[str, str] | Response:
        data = request.json() or {}
        pesel, nip = str(data.get("signer_pesel", "")), str(data.get("payer_nip", ""))
        if not (pesel.isdigit() and len(pesel) == 11 and nip.isdigit() and len(nip) == 10):
            return error_response(400, "bad_request", "Podaj signer_pesel (11 cyfr) i payer_nip (10 cyfr).",
                                  "Give signer_pesel (11 digits) and payer_nip (10 digits).")
        return pesel, nip

    def _add_authorisation(self, request: Request) -> Response:
        args = self._auth_args(request)
        if isinstance(args, Response):
            return args
        self.store.add_authorisation(*args, at=self.server.clock.now())
        return json_response({"signer_pesel": args[0], "payer_nip": args[1]}, 201)

    def _remove_authorisation(self, request: Request) -> Response:
        args = self._auth_args(request)
        if isinstance(args, Response):
            return args
        self.store.remove_authorisation(*args)
        return json_response({"removed": True})


def create_service(server: SandboxServer) -> GatewayService:
    return GatewayService(server)

"""Batch signing for the app: one PIN entry for a whole selection, progress and cancel.

``sign_many`` is the workspace-free core (used by the CLI and the benchmark); ``SigningService``
adds the workspace: settings (key source, trust bundle), remembered signing certificates (for the
dashboard's "expires soon" flag) and hand-over of signed bytes to the documents area.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ..clock import Clock, default_clock
from ..errors import Cancelled, UserFacingError
from ..fsutil import atomic_write_text
from ..i18n import t
from ..progress import Progress
from .certs import CertificateInfo, inspect_certificate, load_trust_bundle
from .keysource import KeySource, PinPrompt, SigningKey, check_usable
from .xades import SignatureInfo, sign_xml, verify_xml

if TYPE_CHECKING:
    from .ports import SignedSetSink

log = logging.getLogger(__name__)

SIGNING = t("Podpisywanie {done}/{total}", "Signing {done}/{total}")
NO_SOURCE = t("Nie wybrano źródła klucza do podpisu.", "No signing key source has been chosen.")
NO_SOURCE_HINT = t("Wskaż plik .p12/.pfx albo moduł PKCS#11 karty w ustawieniach podpisu.",
                   "Choose a .p12/.pfx file or the card's PKCS#11 module in the signing settings.")
CHECKED_AT_SIGNING = t("Certyfikat sprawdzono na chwilę podpisu ({when}); dziś jest już nieważny.",
                       "The certificate was checked as of the signing time ({when}); it is no longer "
                       "valid today.")
NO_DOCUMENTS = t("Ten program nie ma obszaru dokumentów.", "This program has no documents area.")
BUNDLE_MISSING = t("Nie znaleziono pliku zaufanych urzędów certyfikacji {path}.",
                   "The trusted CA bundle {path} was not found.")


@dataclass
class BatchResult:
    """Signed documents in input order; ``cancelled`` when the person stopped the batch early."""

    signed: list[tuple[Hashable, bytes]] = field(default_factory=list)
    signer: CertificateInfo | None = None
    cancelled: bool = False

    def __len__(self) -> int:
        return len(self.signed)


def sign_many(items: Sequence[tuple[Hashable, bytes]], source: KeySource, prompt: PinPrompt,
              progress: Progress | None = None, on_signed: Any = None,
              on_open: Any = None, clock: Clock | None = None) -> BatchResult:
    """Sign every document with one unlock of ``source``; the token session closes at the end.

    ``on_signed(item_id, signed_bytes, signer_info)`` is called as each document is done (so a
    cancelled or failed batch keeps what was already signed); ``on_open(SigningKey)`` once.
    """
    result = BatchResult()
    if not items:
        return result
    clock = clock or default_clock()
    if progress is not None:
        progress.set_total(len(items), SIGNING(done=0, total=len(items)).render())
    with source.open(prompt) as key:
        result.signer = check_usable(key.certificate, clock.now())
        if on_open is not None:
            on_open(key)
        try:
            for n, (item_id, data) in enumerate(items, start=1):
                if progress is not None:
                    progress.check()
                signed = sign_xml(data, key, signing_time=clock.now())
                result.signed.append((item_id, signed))
                if on_signed is not None:
                    on_signed(item_id, signed, result.signer)
                if progress is not None:
                    progress.step(message=SIGNING(done=n, total=len(items)).render())
        except Cancelled:
            result.cancelled = True
    return result


def signer_summary(info: CertificateInfo) -> str:
    """One line naming the signer for the audit trail: owner, identifier, issuer, fingerprint."""
    ident = f"PESEL {info.pesel}" if info.pesel else (f"NIP {info.nip}" if info.nip else "")
    parts = [info.owner, ident, info.issuer, f"SHA-256 {info.sha256.replace(':', '')[:16]}…"]
    return "; ".join(p for p in parts if p)


@dataclass(frozen=True)
class KeySettings:
    """Where this seat's signing key is: a card's PKCS#11 module and/or a .p12/.pfx file ("" = none)."""
    pkcs11_module: str = ""
    p12_path: str = ""


class SigningService:
    """Signing for one workspace (``app.signing``; only ``app.py`` builds it)."""

    KNOWN_FILE = "signing/known_certificates.json"

    def __init__(self, *, key_settings: Callable[[], KeySettings], trust_bundle: Callable[[], str],
                 expiry_days: Callable[[], int], documents: SignedSetSink | None, known_file: Path,
                 clock: Clock) -> None:
        """``trust_bundle()``: the path of the trusted CA bundle ("" = none configured);
        ``documents``: where signed sets are stored (None: a build without the documents area);
        ``known_file``: the certificates used at this seat (the dashboard's "expires soon")."""
        self._key_settings = key_settings
        self._trust_bundle = trust_bundle
        self._expiry_days = expiry_days
        self.documents = documents
        self._known_path = Path(known_file)
        self.clock = clock

    # -- key sources from settings --------------------------------------------------------------
    def default_source(self, token_label: str | None = None) -> KeySource:
        """The key source the settings point at: a PKCS#11 module (with a token) or a .p12 file."""
        keys = self._key_settings()
        module = keys.pkcs11_module
        if module and token_label:
            from .pkcs11 import Pkcs11KeySource

            return Pkcs11KeySource(module, token_label)
        p12 = keys.p12_path
        if p12:
            from .p12 import P12KeySource

            return P12KeySource(p12)
        raise UserFacingError(NO_SOURCE, hint=NO_SOURCE_HINT)

    def trust_anchors(self) -> list[x509.Certificate] | None:
        """Certificates from ``signing.ca_bundle``; None when no bundle is configured."""
        path = self._trust_bundle()
        if not path:
            return None
        if not Path(path).exists():
            raise UserFacingError(BUNDLE_MISSING(path=path))
        return load_trust_bundle(path)

    # -- signing --------------------------------------------------------------------------------
    def sign_document(self, data: bytes, source: KeySource, prompt: PinPrompt) -> bytes:
        return self.sign_batch([(None, data)], source, prompt).signed[0][1]

    def sign_batch(self, items: Sequence[tuple[Hashable, bytes]], source: KeySource, prompt: PinPrompt,
                   progress: Progress | None = None, *, store: bool = True) -> BatchResult:
        """Sign a selection with one PIN entry. ``items`` are (set id, unsigned KEDU bytes).

        With ``store`` and a documents area offering ``mark_signed(set_id, signed_bytes, signer)``,
        each signed document is handed to it at once (it stores the evidence and moves the set to
        "signed"); otherwise the caller takes the bytes from the result.
        """
        mark = self._mark_signed() if store else None

        def on_signed(item_id: Hashable, signed: bytes, signer: CertificateInfo) -> None:
            if mark is not None and item_id is not None:
                mark(item_id, signed, signer_summary(signer))

        return sign_many(items, source, prompt, progress, on_signed=on_signed, on_open=self.remember_certificate,
                         clock=self.clock)

    def sign_sets(self, set_ids: Sequence[int], source: KeySource, prompt: PinPrompt,
                  progress: Progress | None = None) -> BatchResult:
        """Sign stored document sets (their unsigned KEDU) and store each signed one."""
        documents = self.documents
        if documents is None:
            raise UserFacingError(NO_DOCUMENTS)
        items = [(set_id, documents.get_xml(set_id, signed=False)) for set_id in set_ids]
        return self.sign_batch(items, source, prompt, progress)

    def _mark_signed(self) -> Any:
        return getattr(self.documents, "mark_signed", None)  # None: this build has no documents area

    def verify(self, data: bytes, at: dt.datetime | None = None) -> SignatureInfo:
        """Check a signed document against the configured trust anchors (certificates valid ``at``,
        default now)."""
        return verify_xml(data, self.trust_anchors(), at=at or self.clock.now())

    def verify_stored(self, data: bytes) -> SignatureInfo:
        """Check a document this workspace signed and stored: certificates are judged at the
        signing time recorded in the signature, so evidence stays valid after the certificate
        expires (XAdES-BES has no time-stamp; the stored copy was written right after signing)."""
        first = verify_xml(data, self.trust_anchors(), at=self.clock.now())
        if first.valid or first.signing_time is None:
            return first
        at_signing = verify_xml(data, self.trust_anchors(), at=first.signing_time)
        if not at_signing.valid:
            return first
        note = CHECKED_AT_SIGNING(when=first.signing_time.strftime("%Y-%m-%d %H:%M UTC"))
        return replace(at_signing, warnings=[*at_signing.warnings, note])

    # -- remembered certificates (dashboard: "your certificate expires soon") --------------------
    def _load_known(self) -> dict[str, dict[str, str]]:
        try:
            return json.loads(self._known_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def remember_certificate(self, key: SigningKey) -> None:
        """Keep the public certificate of a key that was used (never the key or the PIN), for the
        dashboard's "your certificate expires soon"."""
        info = inspect_certificate(key.certificate)
        known = self._load_known()
        pem = key.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
        known[info.sha256] = {"pem": pem, "source": key.source,
                              "last_used": self.clock.now().isoformat(timespec="seconds")}
        try:
            atomic_write_text(self._known_path, json.dumps(known, indent=2, sort_keys=True))
        except UserFacingError:
            log.warning("could not remember the signing certificate")  # signing itself succeeded

    _remember = remember_certificate  # the old private name; month/steps.py still calls it (H3 moves it over)

    def known_certificates(self) -> list[CertificateInfo]:
        out = []
        for entry in self._load_known().values():
            try:
                out.append(inspect_certificate(x509.load_pem_x509_certificate(entry["pem"].encode())))
            except (KeyError, ValueError):
                continue
        return out

    def expiring_certificates(self, days: int | None = None,
                              now: dt.datetime | None = None) -> list[CertificateInfo]:
        """Used signing certificates that expire within ``days`` (setting ui.expiry_warning_days)
        or have already expired, soonest first."""
        days = self._expiry_days() if days is None else days
        now = now or self.clock.now()
        soon = [c for c in self.known_certificates() if c.not_after - now < dt.timedelta(days=days)]
        return sorted(soon, key=lambda c: c.not_after)

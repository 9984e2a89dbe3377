"""The wire protocol shared by the client and the sandbox (see ``docs/gateway-protocol.md``).

HTTP + JSON; binary parts (the encrypted package, receipts) travel as base64 strings. Status codes
follow the e-Deklaracje families: 1xx the package could not be taken in (no reference),
200 done and accepted (receipt), 3xx in progress, 4xx rejected (receipt with reasons).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from ..i18n import Text, t

API_PREFIX = "/gateway/v1"
PATH_CERTIFICATES = f"{API_PREFIX}/certificates"
PATH_PACKAGES = f"{API_PREFIX}/packages"
PATH_CHECK = f"{API_PREFIX}/check"
PATH_AUTHORISATIONS = f"{API_PREFIX}/admin/authorisations"

#: Signed KEDU (enveloped XAdES) → ZIP container (ASiC-S-like) → CMS EnvelopedData (AES-256-CBC,
#: RSA-OAEP-SHA256 key transport) for the gateway's encryption certificate.
PACKAGE_TYPE = "EPLATNIK1.CMS.ZIP.XADESBES.KEDUXML"
CONTAINER_MIMETYPE = "application/vnd.eplatnik.kedu+zip"
CONTAINER_DOCUMENT = "KEDU.xml"
#: A relief application (instalments / deferral, ``applications/relief_xml.py``), packaged the same way.
RELIEF_PACKAGE_TYPE = "EPLATNIK1.CMS.ZIP.XADESBES.WNIOSEKXML"
SUPPORTED_PACKAGE_TYPES = (PACKAGE_TYPE, RELIEF_PACKAGE_TYPE)
#: package type → (the container's mimetype entry, the document's name in it)
CONTAINERS = {PACKAGE_TYPE: (CONTAINER_MIMETYPE, CONTAINER_DOCUMENT),
              RELIEF_PACKAGE_TYPE: ("application/vnd.eplatnik.wniosek+zip", "WNIOSEK.xml")}

RECEIPT_NS = "urn:eplatnik:gateway:receipt:1"
MAX_PACKAGE_BYTES = 48 * 1024 * 1024

# -- status codes ------------------------------------------------------------------------------
UNREADABLE = 100          # body/base64/package type unreadable: no reference issued
DIGEST_MISMATCH = 101     # package_sha256 does not match the bytes
KEY_REUSED = 103          # idempotency key already used for a different package
UNSUPPORTED_TYPE = 104    # package type not supported
ACCEPTED = 200
NO_SUCH_PACKAGE = 300     # unknown reference
RECEIVED = 301            # taken in, waiting for processing
PROCESSING = 302          # decrypted, being checked
REJECTED_RULES = 400      # the verification rules found a critical error
REJECTED_SCHEMA = 401     # the KEDU does not conform to the XSD
REJECTED_NO_AUTHORISATION = 402  # the signer may not act for the payer
REJECTED_SIGNATURE = 403  # missing or invalid XAdES signature
REJECTED_CERTIFICATE = 407  # the signing certificate does not chain to a trusted CA / expired
REJECTED_PACKAGE = 408    # cannot decrypt or unpack the package

STATUS_TEXT: dict[int, Text] = {
    UNREADABLE: t("Przesyłka nieczytelna — nie nadano numeru.", "Package unreadable — no reference issued."),
    DIGEST_MISMATCH: t("Skrót przesyłki nie zgadza się z jej treścią.",
                       "The package digest does not match its content."),
    KEY_REUSED: t("Klucz idempotencji użyto już dla innej przesyłki.",
                  "The idempotency key was already used for a different package."),
    UNSUPPORTED_TYPE: t("Nieobsługiwany typ przesyłki.", "Unsupported package type."),
    ACCEPTED: t("Przyjęto — wydano potwierdzenie odbioru.", "Accepted — receipt issued."),
    NO_SUCH_PACKAGE: t("Brak przesyłki o tym numerze.", "No package with this reference."),
    RECEIVED: t("Przesyłka odebrana, oczekuje na przetworzenie.", "Package received, waiting for processing."),
    PROCESSING: t("Przesyłka w trakcie weryfikacji.", "Package being verified."),
    REJECTED_RULES: t("Odrzucono: błąd krytyczny w dokumentach.", "Rejected: critical error in the documents."),
    REJECTED_SCHEMA: t("Odrzucono: dokument niezgodny ze schematem KEDU.",
                       "Rejected: the document does not conform to the KEDU schema."),
    REJECTED_NO_AUTHORISATION: t("Odrzucono: podpisujący nie ma pełnomocnictwa płatnika.",
                                 "Rejected: the signer holds no authorisation of the payer."),
    REJECTED_SIGNATURE: t("Odrzucono: brak lub nieprawidłowy podpis.", "Rejected: missing or invalid signature."),
    REJECTED_CERTIFICATE: t("Odrzucono: certyfikat podpisującego nie jest zaufany lub jest nieważny.",
                            "Rejected: the signer's certificate is not trusted or not valid."),
    REJECTED_PACKAGE: t("Odrzucono: przesyłki nie można odszyfrować lub rozpakować.",
                        "Rejected: the package cannot be decrypted or unpacked."),
}


def is_final(status: int) -> bool:
    return status == ACCEPTED or 400 <= status < 500


def is_in_progress(status: int) -> bool:
    return 301 <= status < 400


def status_text(status: int) -> Text:
    return STATUS_TEXT.get(status, t("Status {code}", "Status {code}")(code=status))


# -- encoding helpers --------------------------------------------------------------------------
def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError) as exc:
        raise ValueError(f"invalid base64: {exc}") from None


def sha256_b64(data: bytes) -> str:
    return b64(hashlib.sha256(data).digest())


@dataclass(frozen=True)
class SubmitRequest:
    """Body of ``POST /gateway/v1/packages`` (EWD ``WyslijPrzesylke``)."""

    package: bytes
    package_sha256: str
    package_type: str
    idempotency_key: str
    producer: str = "eplatnik"
    software: str = "eplatnik"
    version: str = ""

    def to_json(self) -> dict:
        return {"package": b64(self.package), "package_sha256": self.package_sha256,
                "package_type": self.package_type, "idempotency_key": self.idempotency_key,
                "producer": self.producer, "software": self.software, "version": self.version}

    @classmethod
    def from_json(cls, data: dict) -> SubmitRequest:
        return cls(package=unb64(str(data["package"])), package_sha256=str(data["package_sha256"]),
                   package_type=str(data["package_type"]), idempotency_key=str(data["idempotency_key"]),
                   producer=str(data.get("producer", "")), software=str(data.get("software", "")),
                   version=str(data.get("version", "")))


@dataclass(frozen=True)
class Confirmation:
    """Answer of submit and of ``GET …/packages/{ref}`` (EWD ``PobierzPotwierdzenie``)."""

    status: int
    reference: str | None = None
    received_at: str | None = None
    package_sha256: str | None = None
    receipt: bytes | None = None
    message_pl: str = ""
    message_en: str = ""

    def to_json(self) -> dict:
        data: dict = {"status": self.status, "reference": self.reference, "received_at": self.received_at,
                      "package_sha256": self.package_sha256,
                      "message": {"pl": self.message_pl, "en": self.message_en}}
        if self.receipt is not None:
            data["receipt"] = b64(self.receipt)
            data["receipt_sha256"] = sha256_b64(self.receipt)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Confirmation:
        receipt = data.get("receipt")
        message = data.get("message") or {}
        return cls(status=int(data["status"]), reference=data.get("reference"),
                   received_at=data.get("received_at"), package_sha256=data.get("package_sha256"),
                   receipt=unb64(receipt) if receipt else None,
                   message_pl=str(message.get("pl", "")), message_en=str(message.get("en", "")))

    @classmethod
    def of(cls, status: int, **kwargs: object) -> Confirmation:
        text = status_text(status)
        return cls(status=status, message_pl=text.render("pl"), message_en=text.render("en"),
                   **kwargs)  # type: ignore[arg-type]

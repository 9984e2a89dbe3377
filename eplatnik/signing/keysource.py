"""Where the signing key lives, and how the PIN is asked for.

A ``KeySource`` (PKCS#12 file or PKCS#11 token) opens a *session*: ``with source.open(prompt) as key:``
gives a ``SigningKey`` for a whole batch (one PIN entry), then closes the token session.

The PIN is asked through ``PinPrompt``, which the UI implements with a dialog and the CLI with a
PIN file. The core never stores or logs a PIN: it is passed straight to the token and dropped.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from ..errors import UserFacingError
from ..i18n import Text, t
from .certs import CertificateInfo, inspect_certificate


class PinPrompt(Protocol):
    """Asks the person for a PIN (or a PKCS#12 password).

    ``tries_left``: how many tries remain when the token says so (1 = final try), else None.
    ``retry``: the previous PIN was wrong. ``message``: a ready sentence about the PIN state
    (e.g. "wrong PIN, few tries left") to show above the field. Raise ``Cancelled`` to stop.

    A prompt may also offer ``ask_password(file_name, retry, message) -> str``: a PKCS#12 file then
    asks for its password through it (the GUI's dialog says "password", not "PIN of the card").
    """

    def ask_pin(self, token_label: str, tries_left: int | None, retry: bool,
                message: Text | None = None) -> str: ...


# -- errors with a clear message each -----------------------------------------------------------
class SigningError(UserFacingError):
    """Base of the signing area's user-facing errors."""


class WrongPin(SigningError):
    pass


class TokenLocked(SigningError):
    pass


class TokenRemoved(SigningError):
    pass


class KeyMismatch(SigningError):
    pass


class CertificateNotUsable(SigningError):
    pass


WRONG_PIN = t("Błędny PIN karty „{label}”.", "Wrong PIN for the card “{label}”.")
WRONG_PIN_LOW = t("Błędny PIN karty „{label}”. Pozostało niewiele prób — po ich wyczerpaniu karta "
                  "zostanie zablokowana.", "Wrong PIN for the card “{label}”. Few tries are left — "
                  "after them the card will be locked.")
WRONG_PIN_FINAL = t("Błędny PIN karty „{label}”. Została OSTATNIA próba — kolejny błąd zablokuje kartę.",
                    "Wrong PIN for the card “{label}”. This is the LAST try — one more mistake locks "
                    "the card.")
LOW_BEFORE = t("Uwaga: karta „{label}” zgłasza, że pozostało niewiele prób wpisania PIN-u.",
               "Caution: the card “{label}” reports that few PIN tries are left.")
FINAL_BEFORE = t("Uwaga: to OSTATNIA próba PIN-u karty „{label}” — błąd zablokuje kartę.",
                 "Caution: this is the LAST PIN try for the card “{label}” — a mistake locks the card.")
PIN_HINT = t("Sprawdź PIN (nie PUK) i spróbuj ponownie.", "Check the PIN (not the PUK) and try again.")
LOCKED = t("Karta „{label}” jest zablokowana (PIN zablokowany po zbyt wielu błędnych próbach).",
           "The card “{label}” is locked (PIN blocked after too many wrong tries).")
LOCKED_HINT = t("Odblokuj ją kodem PUK w programie dostawcy karty (np. proCertum CardManager, "
                "Szafir Host) i spróbuj ponownie.", "Unblock it with the PUK in the card provider's "
                "program (e.g. proCertum CardManager, Szafir Host) and try again.")
REMOVED = t("Karta „{label}” nie jest dostępna — została wyjęta z czytnika lub czytnik odłączono.",
            "The card “{label}” is not available — it was removed from the reader or the reader was "
            "disconnected.")
REMOVED_HINT = t("Włóż kartę i spróbuj ponownie; niepodpisane dokumenty pozostały bez zmian.",
                 "Insert the card and try again; unsigned documents were left unchanged.")
MISMATCH = t("Klucz prywatny nie pasuje do certyfikatu „{name}” — podpis nie dałby się zweryfikować.",
             "The private key does not match the certificate “{name}” — the signature would not "
             "verify.")
MISMATCH_HINT = t("Wybierz właściwy certyfikat lub poproś dostawcę o sprawdzenie karty.",
                  "Choose the right certificate or ask the provider to check the card.")
EXPIRED = t("Certyfikat „{name}” wygasł {date}; nie można nim podpisywać.",
            "The certificate “{name}” expired on {date}; it cannot be used to sign.")
EXPIRED_HINT = t("Odnów certyfikat u dostawcy lub wybierz inny.", "Renew the certificate or choose another.")
NOT_YET = t("Certyfikat „{name}” jest ważny dopiero od {date}; nie można jeszcze nim podpisywać.",
            "The certificate “{name}” is valid only from {date}; it cannot be used to sign yet.")
NOT_YET_HINT = t("Sprawdź datę i godzinę komputera albo poczekaj do początku ważności.",
                 "Check the computer's date and time or wait until the certificate becomes valid.")
NO_SIGNING_USAGE = t("Certyfikat „{name}” nie pozwala na składanie podpisu.",
                     "The certificate “{name}” does not allow signing.")


def pin_state_message(label: str, tries_left: int | None, count_low: bool) -> Text | None:
    """What to show above the first PIN prompt when the card already reports few tries left."""
    if tries_left == 1:
        return FINAL_BEFORE(label=label)
    if count_low:
        return LOW_BEFORE(label=label)
    return None


def wrong_pin_message(label: str, tries_left: int | None, count_low: bool) -> Text:
    if tries_left == 1:
        return WRONG_PIN_FINAL(label=label)
    if count_low:
        return WRONG_PIN_LOW(label=label)
    return WRONG_PIN(label=label)


class FixedPin:
    """A non-interactive prompt (CLI ``--pin-file``): gives its PIN once; a wrong one is an error.

    Asking again with the same PIN would only burn the card's remaining tries.
    """

    def __init__(self, pin: str) -> None:
        self._pin = pin

    def ask_pin(self, token_label: str, tries_left: int | None, retry: bool,
                message: Text | None = None) -> str:
        if retry:
            raise WrongPin(message or WRONG_PIN(label=token_label), hint=PIN_HINT)
        return self._pin

    def __repr__(self) -> str:  # never show the PIN in logs or tracebacks
        return "FixedPin(***)"


# -- the key handed to the XAdES signer ----------------------------------------------------------
class CheckedKey:
    """Wraps a private key (software or token) so that every signature is checked against the
    certificate's public key before it is used: a key/certificate mismatch is caught at once with a
    clear message instead of producing documents that fail verification at ZUS."""

    def __init__(self, inner: Any, cert: x509.Certificate) -> None:
        self._inner = inner
        self._cert = cert
        self._pub = cert.public_key()

    @property
    def key_size(self) -> int:
        return self._pub.key_size  # type: ignore[union-attr]

    @property
    def curve(self) -> ec.EllipticCurve:
        return self._pub.curve  # type: ignore[union-attr]

    def public_key(self) -> Any:
        return self._pub

    def sign(self, data: bytes, *args: Any, **kwargs: Any) -> bytes:
        signature = self._inner.sign(data, *args, **kwargs)
        try:
            if isinstance(self._pub, rsa.RSAPublicKey):
                pad = kwargs.get("padding", args[0] if args else padding.PKCS1v15())
                algorithm: Any = kwargs.get("algorithm", args[1] if len(args) > 1 else None)
                self._pub.verify(signature, data, pad, algorithm)
            elif isinstance(self._pub, ec.EllipticCurvePublicKey):
                algorithm = kwargs.get("signature_algorithm", args[0] if args else None)  # None: TypeError, caught
                self._pub.verify(signature, data, algorithm)
        except (InvalidSignature, ValueError, TypeError) as exc:
            raise KeyMismatch(MISMATCH(name=_cn(self._cert)), hint=MISMATCH_HINT) from exc
        return signature


def _cn(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else cert.subject.rfc4514_string()


def check_usable(cert: x509.Certificate, now: dt.datetime | None = None) -> CertificateInfo:
    """Refuse to sign with an expired / not-yet-valid / non-signing certificate."""
    info = inspect_certificate(cert, now=now)
    status = info.status(now)
    if status == "expired":
        raise CertificateNotUsable(EXPIRED(name=info.owner, date=info.not_after.date().isoformat()),
                                   hint=EXPIRED_HINT)
    if status == "not_yet_valid":
        raise CertificateNotUsable(NOT_YET(name=info.owner, date=info.not_before.date().isoformat()),
                                   hint=NOT_YET_HINT)
    if not (info.digital_signature or info.non_repudiation):
        raise CertificateNotUsable(NO_SIGNING_USAGE(name=info.owner))
    return info


@dataclass
class SigningKey:
    """An unlocked key for one batch: ``key`` is what signxml calls ``.sign()`` on."""

    key: Any
    certificate: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)
    source: str = ""

    @property
    def info(self) -> CertificateInfo:
        return inspect_certificate(self.certificate)

    @property
    def is_ec(self) -> bool:
        return isinstance(self.certificate.public_key(), ec.EllipticCurvePublicKey)


class KeySource(ABC):
    """A PKCS#12 file or a PKCS#11 token holding one signing key."""

    @abstractmethod
    def describe(self) -> str:
        """Short human description (file name or token label), never a secret."""

    @abstractmethod
    def open(self, prompt: PinPrompt) -> AbstractContextManager[SigningKey]:
        """Unlock (asking ``prompt`` once) and yield a ``SigningKey``; close everything on exit."""


"""Smart cards and tokens through their PKCS#11 module (python-pkcs11).

Every PKCS#11 call runs on ONE token worker thread: card drivers are not thread-safe, and a
module must be initialised once per process. Callers in any thread use ``on_token(fn)``.
The private key never leaves the token: the document digest is computed here and only the
"sign this digest" operation goes to the card.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pkcs11
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from pkcs11 import Attribute, Mechanism, ObjectClass, TokenFlag
from pkcs11 import exceptions as p11e
from pkcs11.util.ec import encode_ecdsa_signature

from ..clock import default_clock
from ..errors import UserFacingError
from ..i18n import t
from .certs import CertificateInfo, inspect_certificate
from .keysource import (
    LOCKED,
    LOCKED_HINT,
    PIN_HINT,
    REMOVED,
    REMOVED_HINT,
    CheckedKey,
    KeySource,
    PinPrompt,
    SigningKey,
    TokenLocked,
    TokenRemoved,
    WrongPin,
    pin_state_message,
    wrong_pin_message,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

MODULE_MISSING = t("Nie można wczytać modułu PKCS#11 {path}: {reason}.",
                   "Cannot load the PKCS#11 module {path}: {reason}.")
MODULE_HINT = t("Zainstaluj oprogramowanie karty od dostawcy i wskaż jego bibliotekę PKCS#11 w "
                "ustawieniach (signing.pkcs11_module).", "Install the card software from your provider "
                "and point the settings (signing.pkcs11_module) at its PKCS#11 library.")
DUPLICATE_LABEL = t("Kilka tokenów ma etykietę „{label}”; odłącz pozostałe.",
                    "Several tokens have the label “{label}”; disconnect the others.")
NO_CERT = t("Na karcie „{label}” nie ma certyfikatu z pasującym kluczem prywatnym.",
            "The card “{label}” holds no certificate with a matching private key.")
NO_CERT_HINT = t("Sprawdź, czy włożono właściwą kartę.", "Check that the right card is inserted.")
TOKEN_FAILED = t("Karta „{label}” zgłosiła błąd: {error}.", "The card “{label}” reported an error: {error}.")

# A card pulled out (or swapped) mid-batch surfaces as any of these; handles of the old card's
# objects become invalid too (SoftHSM reports a deleted token that way).
_REMOVED_ERRORS = (p11e.DeviceRemoved, p11e.TokenNotPresent, p11e.SessionHandleInvalid,
                   p11e.SessionClosed, p11e.NoSuchToken, p11e.SlotIDInvalid, p11e.DeviceError,
                   p11e.ObjectHandleInvalid, p11e.KeyHandleInvalid)

# DER DigestInfo prefix for SHA-256 (RFC 8017 §9.2): cards universally offer CKM_RSA_PKCS, fewer
# offer CKM_SHA256_RSA_PKCS, so the digest is made here and wrapped before it goes to the card.
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


# -- the token worker --------------------------------------------------------------------------
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pkcs11-token")
_worker_ident: list[int] = []
_libs: dict[str, pkcs11.lib] = {}


def _mark_worker() -> None:
    _worker_ident.append(threading.get_ident())


_executor.submit(_mark_worker).result()


def on_token(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn`` on the token worker thread and return its result (re-raising its error)."""
    if threading.get_ident() in _worker_ident:
        return fn(*args, **kwargs)
    return _executor.submit(fn, *args, **kwargs).result()


def _lib(module: str) -> pkcs11.lib:
    """Load (once per process) the PKCS#11 module; called on the token worker only."""
    path = str(Path(module).expanduser())
    lib = _libs.get(path)
    if lib is None:
        if not Path(path).exists():
            raise UserFacingError(MODULE_MISSING(path=path, reason=t("plik nie istnieje",
                                                                    "the file does not exist")),
                                  hint=MODULE_HINT)
        try:
            lib = pkcs11.lib(path)
        except (p11e.PKCS11Error, RuntimeError, OSError) as exc:
            raise UserFacingError(MODULE_MISSING(path=path, reason=str(exc)), hint=MODULE_HINT) from exc
        _libs[path] = lib
    return lib


def _get_token(module: str, label: str) -> pkcs11.Token:
    try:
        return _lib(module).get_token(token_label=label)
    except (p11e.NoSuchToken, p11e.GeneralError, *_REMOVED_ERRORS) as exc:
        # a card pulled out between two calls leaves a broken slot: enumerating tokens then fails
        # with CKR_GENERAL_ERROR (SoftHSM) or a "not present" code (card drivers)
        raise TokenRemoved(REMOVED(label=label), hint=REMOVED_HINT) from exc
    except p11e.MultipleTokensReturned as exc:
        raise UserFacingError(DUPLICATE_LABEL(label=label)) from exc


# -- listing ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TokenInfo:
    label: str
    manufacturer: str
    model: str
    serial: str
    pin_count_low: bool
    pin_final_try: bool
    locked: bool


@dataclass(frozen=True)
class TokenCertificate:
    """A certificate object on a token; ``key_id`` (CKA_ID) links it to its private key."""

    key_id: bytes
    label: str
    certificate: x509.Certificate
    has_key: bool = False  # a key object with the same CKA_ID is visible (public key without a PIN)

    @property
    def info(self) -> CertificateInfo:
        return inspect_certificate(self.certificate)


def _token_info(token: pkcs11.Token) -> TokenInfo:
    flags = token.flags
    serial = token.serial.decode("ascii", "replace") if isinstance(token.serial, bytes) else str(token.serial)
    return TokenInfo(label=token.label, manufacturer=token.manufacturer_id, model=token.model,
                     serial=serial.strip(), pin_count_low=bool(flags & TokenFlag.USER_PIN_COUNT_LOW),
                     pin_final_try=bool(flags & TokenFlag.USER_PIN_FINAL_TRY),
                     locked=bool(flags & TokenFlag.USER_PIN_LOCKED))


def list_tokens(module: str) -> list[TokenInfo]:
    """Initialised tokens (cards) visible through ``module``."""
    def work() -> list[TokenInfo]:
        tokens = _lib(module).get_tokens(token_flags=TokenFlag.TOKEN_INITIALIZED)
        return [_token_info(tok) for tok in tokens]
    return on_token(work)


def _key_ids(session: pkcs11.Session) -> set[bytes]:
    ids = set()
    for cls in (ObjectClass.PUBLIC_KEY, ObjectClass.PRIVATE_KEY):  # private ones only after login
        for obj in session.get_objects({Attribute.CLASS: cls}):
            try:
                ids.add(bytes(obj[Attribute.ID] or b""))
            except p11e.AttributeTypeInvalid:
                continue
    return ids


def _read_certificates(session: pkcs11.Session) -> list[TokenCertificate]:
    key_ids = _key_ids(session)
    found = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        try:
            der = obj[Attribute.VALUE]
            key_id = obj[Attribute.ID]
        except (p11e.AttributeTypeInvalid, p11e.AttributeSensitive):
            continue
        try:
            cert = x509.load_der_x509_certificate(bytes(der))
        except ValueError:
            continue  # not an X.509 certificate; nothing to sign with
        try:
            label = obj[Attribute.LABEL]
        except p11e.AttributeTypeInvalid:
            label = ""
        key_id = bytes(key_id or b"")
        found.append(TokenCertificate(key_id, label or "", cert, key_id in key_ids))
    return found


def list_certificates(module: str, token_label: str) -> list[TokenCertificate]:
    """Certificates on a token, read without a PIN (certificates are public objects); ``has_key``
    marks those with a key pair on the card (the CA certificates a card carries have none)."""
    def work() -> list[TokenCertificate]:
        token = _get_token(module, token_label)
        try:
            with token.open() as session:
                return _read_certificates(session)
        except _REMOVED_ERRORS as exc:
            raise TokenRemoved(REMOVED(label=token_label), hint=REMOVED_HINT) from exc
    return on_token(work)


# -- signing keys on the token -----------------------------------------------------------------
class _TokenRsaKey:
    """Stands in for ``RSAPrivateKey`` for signxml: PKCS#1 v1.5 with SHA-256 only."""

    def __init__(self, p11_key: pkcs11.PrivateKey, label: str) -> None:
        self._key, self._label = p11_key, label

    def sign(self, data: bytes, padding: Any, algorithm: hashes.HashAlgorithm) -> bytes:
        if not isinstance(algorithm, hashes.SHA256):
            raise ValueError("only SHA-256 is used for KEDU signatures")
        digest_info = _SHA256_DIGEST_INFO + hashlib.sha256(data).digest()
        return _token_call(self._label, self._key.sign, digest_info, mechanism=Mechanism.RSA_PKCS)


class _TokenEcKey:
    """Stands in for ``EllipticCurvePrivateKey``: CKM_ECDSA over a digest made here (SoftHSM and
    many cards lack CKM_ECDSA_SHA256); the raw r||s is returned DER-encoded, as signxml expects."""

    def __init__(self, p11_key: pkcs11.PrivateKey, label: str) -> None:
        self._key, self._label = p11_key, label

    def sign(self, data: bytes, signature_algorithm: ec.ECDSA) -> bytes:
        if not isinstance(signature_algorithm.algorithm, hashes.SHA256):
            raise ValueError("only SHA-256 is used for KEDU signatures")
        raw = _token_call(self._label, self._key.sign, hashlib.sha256(data).digest(),
                          mechanism=Mechanism.ECDSA)
        return encode_ecdsa_signature(raw)


def _token_call(label: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    def work() -> T:
        try:
            return fn(*args, **kwargs)
        except _REMOVED_ERRORS as exc:
            raise TokenRemoved(REMOVED(label=label), hint=REMOVED_HINT) from exc
        except p11e.PKCS11Error as exc:
            raise UserFacingError(TOKEN_FAILED(label=label, error=type(exc).__name__)) from exc
    return on_token(work)


def _choose(certs: list[TokenCertificate], key_ids: set[bytes], wanted: bytes | None,
            now: dt.datetime) -> TokenCertificate | None:
    usable = [c for c in certs if c.key_id in key_ids and (wanted is None or c.key_id == wanted)]
    if not usable:
        return None

    def rank(c: TokenCertificate) -> tuple[bool, bool, dt.datetime]:
        info = c.info
        return (info.status(now) == "valid", info.claims_qualified, info.not_after)
    return max(usable, key=rank)


class Pkcs11KeySource(KeySource):
    """A key on a token: module path + token label (+ optionally the CKA_ID of the certificate)."""

    MAX_PIN_TRIES = 3

    def __init__(self, module: str | Path, token_label: str, key_id: bytes | None = None) -> None:
        self.module = str(module)
        self.token_label = token_label
        self.key_id = key_id

    def describe(self) -> str:
        return self.token_label

    def _state(self) -> tuple[int | None, bool, bool]:
        def work() -> tuple[int | None, bool, bool]:
            info = _token_info(_get_token(self.module, self.token_label))
            return (1 if info.pin_final_try else None), info.pin_count_low, info.locked
        return on_token(work)

    def _login(self, pin: str) -> pkcs11.Session:
        def work() -> pkcs11.Session:
            token = _get_token(self.module, self.token_label)
            try:
                return token.open(user_pin=pin)
            except p11e.PinLocked as exc:
                raise TokenLocked(LOCKED(label=self.token_label), hint=LOCKED_HINT) from exc
            except _REMOVED_ERRORS as exc:
                raise TokenRemoved(REMOVED(label=self.token_label), hint=REMOVED_HINT) from exc
        return on_token(work)

    @contextmanager
    def open(self, prompt: PinPrompt) -> Iterator[SigningKey]:
        tries_left, count_low, locked = self._state()
        if locked:
            raise TokenLocked(LOCKED(label=self.token_label), hint=LOCKED_HINT)
        retry = False
        message = pin_state_message(self.token_label, tries_left, count_low)
        session = None
        for _ in range(self.MAX_PIN_TRIES):
            pin = prompt.ask_pin(self.token_label, tries_left, retry, message)
            try:
                session = self._login(pin)
                break
            except (p11e.PinIncorrect, p11e.PinInvalid, p11e.PinLenRange):
                tries_left, count_low, locked = self._state()
                if locked:
                    raise TokenLocked(LOCKED(label=self.token_label), hint=LOCKED_HINT) from None
                retry = True
                message = wrong_pin_message(self.token_label, tries_left, count_low)
            finally:
                del pin
        if session is None:
            raise WrongPin(message or wrong_pin_message(self.token_label, None, False), hint=PIN_HINT)
        try:
            yield on_token(self._signing_key, session)
        finally:
            on_token(_close_quietly, session)

    def _signing_key(self, session: pkcs11.Session) -> SigningKey:
        try:
            certs = _read_certificates(session)
            keys = {bytes(k[Attribute.ID]): k
                    for k in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})}
        except _REMOVED_ERRORS as exc:
            raise TokenRemoved(REMOVED(label=self.token_label), hint=REMOVED_HINT) from exc
        chosen = _choose(certs, set(keys), self.key_id, default_clock().now())
        if chosen is None:
            raise UserFacingError(NO_CERT(label=self.token_label), hint=NO_CERT_HINT)
        p11_key = keys[chosen.key_id]
        public = chosen.certificate.public_key()
        inner = (_TokenEcKey(p11_key, self.token_label) if isinstance(public, ec.EllipticCurvePublicKey)
                 else _TokenRsaKey(p11_key, self.token_label))
        # Other certificates on the card (e.g. the issuing CA) travel with the signature as its chain.
        chain = [c.certificate for c in certs if c.key_id not in keys
                 and c.certificate.subject == chosen.certificate.issuer]
        return SigningKey(CheckedKey(inner, chosen.certificate), chosen.certificate, chain,
                          source=self.token_label)


def _close_quietly(session: pkcs11.Session) -> None:
    try:
        session.close()
    except p11e.PKCS11Error:
        log.info("token session already closed (card removed?)")

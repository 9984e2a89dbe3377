"""PKCS#12 (.p12 / .pfx) key source: a file protected by a password."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12

from ..errors import UserFacingError
from ..i18n import t
from .certs import public_key_der
from .keysource import (
    MISMATCH,
    MISMATCH_HINT,
    CheckedKey,
    KeyMismatch,
    KeySource,
    PinPrompt,
    SigningKey,
    WrongPin,
)

NOT_FOUND = t("Nie znaleziono pliku certyfikatu {path}.", "The certificate file {path} was not found.")
BAD_PASSWORD = t("Błędne hasło do pliku {name} (lub plik nie jest w formacie PKCS#12).",
                 "Wrong password for the file {name} (or the file is not PKCS#12).")
BAD_PASSWORD_HINT = t("Wpisz hasło podane przy eksporcie certyfikatu.",
                      "Enter the password chosen when the certificate was exported.")
NO_KEY = t("Plik {name} nie zawiera klucza prywatnego z certyfikatem.",
           "The file {name} does not contain a private key with its certificate.")
NO_KEY_HINT = t("Wyeksportuj certyfikat razem z kluczem prywatnym (.p12/.pfx).",
                "Export the certificate together with its private key (.p12/.pfx).")

MAX_PASSWORD_TRIES = 3


def load_p12(path: Path | str, password: str) -> tuple[object, x509.Certificate, list[x509.Certificate]]:
    """(private key, certificate, extra certificates) or a clear error."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UserFacingError(NOT_FOUND(path=str(path))) from exc
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode("utf-8"))
    except ValueError as exc:
        raise WrongPin(BAD_PASSWORD(name=path.name), hint=BAD_PASSWORD_HINT) from exc
    if key is None or cert is None:
        raise UserFacingError(NO_KEY(name=path.name), hint=NO_KEY_HINT)
    if public_key_der(key) != public_key_der(cert):
        raise KeyMismatch(MISMATCH(name=path.name), hint=MISMATCH_HINT)
    return key, cert, list(extra)


def load_p12_certificate(path: Path | str, password: str) -> x509.Certificate:
    return load_p12(path, password)[1]


class P12KeySource(KeySource):
    """A PKCS#12 file; the password is asked through the PIN prompt (label = file name)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def describe(self) -> str:
        return self.path.name

    @contextmanager
    def open(self, prompt: PinPrompt) -> Iterator[SigningKey]:
        if not self.path.exists():
            raise UserFacingError(NOT_FOUND(path=str(self.path)))
        retry = False
        message = None
        ask_password = getattr(prompt, "ask_password", None)
        for _ in range(MAX_PASSWORD_TRIES):
            try:
                if ask_password is not None:  # the prompt can say "password" instead of a card's "PIN"
                    password = ask_password(self.path.name, retry, message)
                else:
                    password = prompt.ask_pin(self.path.name, None, retry, message)
            except WrongPin:
                if not retry:
                    raise
                # a prompt that cannot ask again (--password-file) gives up with its card wording
                # ("check the PIN, not the PUK"); a .p12 file has a password, not a PIN or PUK
                raise WrongPin(BAD_PASSWORD(name=self.path.name), hint=BAD_PASSWORD_HINT) from None
            try:
                key, cert, extra = load_p12(self.path, password)
                break
            except WrongPin as exc:
                retry, message = True, exc.text
            finally:
                del password
        else:
            raise WrongPin(BAD_PASSWORD(name=self.path.name), hint=BAD_PASSWORD_HINT)
        yield SigningKey(CheckedKey(key, cert), cert, extra, source=self.describe())

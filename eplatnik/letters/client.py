"""``LettersTransport``: the letters calls of the gateway protocol (``gateway/letters_protocol.py``),
a thin helper on the program's HTTP transport (``eplatnik/net``: keep-alive, timeouts, retries,
cancel, proxy from Ustawienia or the environment).

Which calls are retried after a dropped connection, a timeout or HTTP 5xx (``CALL_RETRY``, as the
gateway's other calls): the three reads (the list, one letter, the content of a delivered letter),
and the UPD's POST because it is keyed by its own bytes — the gateway answers the same UPD again
with the same content (``letters_service._upd``), and another UPD for a letter already opened with
409 and the content, so a repeat never opens a letter twice. Every attempt of one ``send_upd``
carries the same bytes, and ``LettersService`` sends only the UPD it stored for the letter
(``letter_upds``: one per letter), so a retry after a crash or a lost answer repeats it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..errors import UserFacingError
from ..gateway import letters_protocol as lp
from ..gateway.protocol import b64, sha256_b64, unb64
from ..gateway.transport import BAD_ANSWER, BAD_URL, UNAVAILABLE, GatewayUnavailable
from ..i18n import Text, t
from ..net import CALL_RETRY, CancelToken, HttpResponse, HttpTransport, RetryPolicy, Unreachable
from ..net.transport import check_url

UNAVAILABLE_HINT = t("Sprawdź połączenie z siecią (i serwer pośredniczący w Ustawieniach), potem odśwież "
                     "skrzynkę albo otwórz pismo ponownie.",
                     "Check the network connection (and the proxy in Settings), then refresh the inbox "
                     "or open the letter again.")
NOT_AUTHORISED_HINT = t("Sprawdź, czy pełnomocnictwo (ZUS-PEL) podpisującego dla tego płatnika jest "
                        "zarejestrowane w ZUS.", "Check that the signer's authorisation (ZUS-PEL) for this "
                        "payer is registered with ZUS.")


class LetterRefused(UserFacingError):
    """The gateway refused a letters request (``code`` is the protocol's error code)."""

    def __init__(self, code: str, message: Text, http_status: int) -> None:
        super().__init__(message)
        self.code = code
        self.http_status = http_status


@dataclass(frozen=True)
class Delivered:
    """A letter's metadata and its sealed content, as the gateway handed them out."""

    letter: lp.LetterMeta
    content: bytes
    content_sha256: str   # as the gateway stated it (checked against the bytes by the caller)
    already_delivered: bool = False   # another UPD had opened it first


def _refusal(status: int, data: dict[str, Any]) -> LetterRefused:
    message = data.get("message") or {}
    text = Text(str(message.get("pl") or data.get("error") or status), str(message.get("en") or data.get("error")
                                                                              or status))
    return LetterRefused(str(data.get("error", "")), text, status)


class LettersTransport:
    """The letters calls of one gateway. ``cancel`` (optional) is the token every call listens to."""

    def __init__(self, http: HttpTransport, base_url: str, *, timeout: float = 30.0,
                 retry: RetryPolicy = CALL_RETRY, cancel: CancelToken | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        try:
            check_url(self.base_url)
        except UserFacingError:
            raise UserFacingError(BAD_URL(url=base_url)) from None
        self.http = http
        self.timeout = timeout
        self.retry = retry
        self.cancel = cancel

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None, *,
              keyed: bool = False) -> tuple[int, dict[str, Any]]:
        """One call (retried when it is a read, or ``keyed``); returns (HTTP status, JSON object)."""
        try:
            answer: HttpResponse = self.http.request(
                method, self.base_url + path, json=payload, cancel=self.cancel, retry=self.retry,
                idempotent=True if keyed else None, timeout=self.timeout)
        except Unreachable as exc:
            raise GatewayUnavailable(UNAVAILABLE(url=self.base_url, detail=exc.detail, attempts=exc.attempts),
                                     url=self.base_url, detail=exc.detail, attempts=exc.attempts,
                                     hint=UNAVAILABLE_HINT) from None
        try:
            data = answer.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise UserFacingError(BAD_ANSWER(url=self.base_url, code=answer.status))
        return answer.status, data

    def _bad(self, status: int) -> UserFacingError:
        return UserFacingError(BAD_ANSWER(url=self.base_url, code=status))

    def _delivered(self, status: int, data: dict[str, Any]) -> Delivered:
        try:
            return Delivered(lp.LetterMeta.from_json(data["letter"]), unb64(str(data["content"])),
                             str(data.get("content_sha256", "")), already_delivered=status == 409)
        except (KeyError, ValueError, TypeError):
            raise self._bad(status) from None

    # -- operations ---------------------------------------------------------------------------------
    def list(self, signer_pesels: list[str], since: str = "") -> list[lp.LetterMeta]:
        """The letters of the payers these signers may act for."""
        query = urlencode([("signer_pesel", p) for p in signer_pesels] + ([("since", since)] if since else []))
        status, data = self._call("GET", f"{lp.PATH_LETTERS}?{query}")
        if status != 200:
            raise _refusal(status, data)
        try:
            return [lp.LetterMeta.from_json(item) for item in data.get("letters", [])]
        except (KeyError, ValueError, TypeError, AttributeError):
            raise self._bad(status) from None

    def letter(self, letter_id: str) -> lp.LetterMeta:
        status, data = self._call("GET", f"{lp.PATH_LETTERS}/{quote(letter_id)}")
        if status != 200:
            raise _refusal(status, data)
        try:
            return lp.LetterMeta.from_json(data["letter"])
        except (KeyError, ValueError, TypeError, AttributeError):
            raise self._bad(status) from None

    def send_upd(self, letter_id: str, upd: bytes) -> Delivered:
        """Open a letter with a signed UPD (keyed by its bytes: every attempt sends the same ones)."""
        payload = {"upd": b64(upd), "upd_sha256": sha256_b64(upd)}
        status, data = self._call("POST", f"{lp.PATH_LETTERS}/{quote(letter_id)}/upd", payload, keyed=True)
        if status in (200, 409) and "content" in data:
            return self._delivered(status, data)
        raise _refusal(status, data)

    def content(self, letter_id: str) -> Delivered:
        """The content of a letter already delivered (opened by anyone, or deemed delivered)."""
        status, data = self._call("GET", f"{lp.PATH_LETTERS}/{quote(letter_id)}/content")
        if status == 200:
            return self._delivered(status, data)
        raise _refusal(status, data)

"""The letters calls of the gateway protocol, over the gateway's one HTTP client (timeouts,
retries with backoff, cancellation: ``gateway/client.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from ..errors import UserFacingError
from ..gateway import letters_protocol as lp
from ..gateway.client import BAD_ANSWER, GatewayClient
from ..gateway.protocol import b64, sha256_b64, unb64
from ..i18n import Text, t


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


def _refusal(status: int, data: dict) -> LetterRefused:
    message = data.get("message") or {}
    text = Text(str(message.get("pl") or data.get("error") or status), str(message.get("en") or data.get("error")
                                                                              or status))
    return LetterRefused(str(data.get("error", "")), text, status)


def _delivered(client: GatewayClient, status: int, data: dict) -> Delivered:
    try:
        return Delivered(lp.LetterMeta.from_json(data["letter"]), unb64(str(data["content"])),
                         str(data.get("content_sha256", "")), already_delivered=status == 409)
    except (KeyError, ValueError, TypeError):
        raise UserFacingError(BAD_ANSWER(url=client.base_url, code=status)) from None


class LettersClient:
    def __init__(self, client: GatewayClient) -> None:
        self.client = client

    def list(self, signer_pesels: list[str], since: str = "") -> list[lp.LetterMeta]:
        query = urlencode([("signer_pesel", p) for p in signer_pesels] + ([("since", since)] if since else []))
        status, data = self.client.call("GET", f"{lp.PATH_LETTERS}?{query}")
        if status != 200:
            raise _refusal(status, data)
        try:
            return [lp.LetterMeta.from_json(item) for item in data.get("letters", [])]
        except (KeyError, ValueError, TypeError):
            raise UserFacingError(BAD_ANSWER(url=self.client.base_url, code=status)) from None

    def letter(self, letter_id: str) -> lp.LetterMeta:
        status, data = self.client.call("GET", f"{lp.PATH_LETTERS}/{quote(letter_id)}")
        if status != 200:
            raise _refusal(status, data)
        return lp.LetterMeta.from_json(data["letter"])

    def send_upd(self, letter_id: str, upd: bytes) -> Delivered:
        """Open a letter with a signed UPD (the same bytes on every retry)."""
        status, data = self.client.call("POST", f"{lp.PATH_LETTERS}/{quote(letter_id)}/upd",
                                        {"upd": b64(upd), "upd_sha256": sha256_b64(upd)})
        if status in (200, 409) and "content" in data:
            return _delivered(self.client, status, data)
        raise _refusal(status, data)

    def content(self, letter_id: str) -> Delivered:
        """The content of a letter already delivered (opened by anyone, or deemed delivered)."""
        status, data = self.client.call("GET", f"{lp.PATH_LETTERS}/{quote(letter_id)}/content")
        if status == 200:
            return _delivered(self.client, status, data)
        raise _refusal(status, data)


NOT_AUTHORISED_HINT = t("Sprawdź, czy pełnomocnictwo (ZUS-PEL) podpisującego dla tego płatnika jest "
                        "zarejestrowane w ZUS.", "Check that the signer's authorisation (ZUS-PEL) for this "
                        "payer is registered with ZUS.")

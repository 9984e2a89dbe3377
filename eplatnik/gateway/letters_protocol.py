"""The letters part of the gateway protocol, shared by the client and the sandbox (docs/gateway-protocol.md).

ZUS places letters (decisions, notices) on the payer's profile; a person who may act for the payer
lists them, opens one by sending a signed confirmation of delivery (UPD), and receives its content
sealed with the gateway's key. Paths:

* ``GET  /gateway/v1/letters?signer_pesel=P[&signer_pesel=…][&since=ISO]`` — letters for the payers
  these signers may act for (own PESEL/NIP or a registered authorisation, ZUS-PEL);
* ``GET  /gateway/v1/letters/{id}`` — one letter's metadata;
* ``POST /gateway/v1/letters/{id}/upd`` — ``{"upd": b64, "upd_sha256": b64}``: open the letter;
  the answer carries the sealed content;
* ``GET  /gateway/v1/letters/{id}/content`` — the sealed content of a letter already delivered
  (opened by anyone, or deemed delivered); HTTP 403 ``upd_required`` while it awaits a UPD;
* ``POST /gateway/v1/admin/letters`` — the sandbox's "ZUS places a letter" (tests, demos).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .protocol import API_PREFIX

PATH_LETTERS = f"{API_PREFIX}/letters"
PATH_ADMIN_LETTERS = f"{API_PREFIX}/admin/letters"

LETTER_NS = "urn:eplatnik:gateway:letter:1"
UPD_NS = "urn:eplatnik:gateway:upd:1"

# error codes in a refusal's body ({"error": code, "message": {"pl", "en"}})
ERR_NO_LETTER = "no_such_letter"          # 404
ERR_UPD_REQUIRED = "upd_required"         # 403: content asked for before a UPD
ERR_UPD_INVALID = "upd_invalid"           # 403: signature, digest, letter or signer wrong
ERR_NOT_AUTHORISED = "not_authorised"     # 403: the signer may not act for the addressee
ERR_ALREADY_DELIVERED = "already_delivered"  # 409: another UPD was accepted first (content attached)
ERR_UNREADABLE = "unreadable"             # 400


@dataclass(frozen=True)
class LetterMeta:
    """What the inbox lists about a letter (nothing of its content but the title)."""

    id: str
    payer_nip: str
    payer_name: str
    title: str
    kind: str                  # decision | notice | letter
    placed_at: str             # ISO 8601 instant, when ZUS placed it on the profile
    content_sha256: str        # base64 SHA-256 of the sealed letter document (what a UPD names)
    content_size: int
    state: str                 # awaiting | delivered | deemed_delivered, as the gateway sees it
    delivered_at: str = ""     # ISO instant of the accepted UPD, when opened
    deemed_on: str = ""        # YYYY-MM-DD, the day it counts as delivered if nobody opens it
    in_reply_to: str = ""      # the reference of the submission it answers (relief application, set)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> LetterMeta:
        return cls(id=str(data["id"]), payer_nip=str(data.get("payer_nip", "")),
                   payer_name=str(data.get("payer_name", "")), title=str(data.get("title", "")),
                   kind=str(data.get("kind", "letter")), placed_at=str(data["placed_at"]),
                   content_sha256=str(data["content_sha256"]), content_size=int(data.get("content_size", 0)),
                   state=str(data.get("state", "awaiting")), delivered_at=str(data.get("delivered_at") or ""),
                   deemed_on=str(data.get("deemed_on") or ""), in_reply_to=str(data.get("in_reply_to") or ""))

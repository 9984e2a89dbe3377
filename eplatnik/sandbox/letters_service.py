"""The sandbox's letters service: ZUS's inbox on the payer's profile (docs/gateway-protocol.md, "Letters").

A signer lists the letters of the payers it may act for (its own NIP/PESEL or a registered
authorisation, ZUS-PEL); opens one by sending a UPD it signed (XAdES, checked like a declaration's
signature: trusted chain, the signer may act for the addressee, the UPD names this letter and its
digest); and then receives the sealed letter. The first valid UPD wins; the same UPD again gets the
same answer; a letter not opened within 14 days counts as delivered and is handed out without one.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
from typing import TYPE_CHECKING

from ..gateway import letters_protocol as lp
from ..gateway.protocol import b64, sha256_b64
from ..letters.delivery import LetterKind, LetterState, delivery
from .gateway_store import GatewayStore, trust_anchors
from .letters_place import place_letter
from .letters_store import LetterRow, LettersStore
from .server import Request, Response, Route, error_response, json_response

if TYPE_CHECKING:
    from .server import SandboxServer

log = logging.getLogger(__name__)
MAX_UPD_BYTES = 1024 * 1024


def _instant(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


class LettersService:
    name = "letters"

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.state_dir = server.state_dir
        self.store = LettersStore(self.state_dir)
        self._auth = GatewayStore(self.state_dir)

    def stop(self) -> None:
        self.store.close()
        self._auth.close()

    # -- helpers ----------------------------------------------------------------------------------
    def meta(self, row: LetterRow) -> lp.LetterMeta:
        state = delivery(dt.datetime.fromisoformat(row.placed_at), self.server.clock.now_local().date(),
                         opened_at=_instant(row.delivered_at), kind=LetterKind(row.kind))
        return lp.LetterMeta(id=row.id, payer_nip=row.payer_nip, payer_name=row.payer_name, title=row.title,
                             kind=row.kind, placed_at=row.placed_at, content_sha256=row.content_sha256,
                             content_size=row.content_size, state=state.state.value,
                             delivered_at=row.delivered_at or "", deemed_on=state.deemed_on.isoformat(),
                             in_reply_to=row.in_reply_to)

    def _payers_of(self, pesel: str) -> list[str]:
        return [a["payer_nip"] for a in self._auth.authorisations() if a["signer_pesel"] == pesel]

    def _content(self, row: LetterRow) -> bytes:
        return self.store.content_path(row.id).read_bytes()

    def _with_content(self, row: LetterRow, status: int = 200, **extra: object) -> Response:
        content = self._content(row)
        return json_response({"letter": self.meta(row).to_json(), "content": b64(content),
                              "content_sha256": sha256_b64(content), **extra}, status)

    # -- routes -----------------------------------------------------------------------------------
    def routes(self) -> list[Route]:
        p = lp.PATH_LETTERS
        return [
            Route("GET", p, self._list),
            Route("GET", f"{p}/(?P<id>[A-Za-z0-9-]+)", self._one),
            Route("GET", f"{p}/(?P<id>[A-Za-z0-9-]+)/content", self._content_route),
            Route("POST", f"{p}/(?P<id>[A-Za-z0-9-]+)/upd", self._upd),
            Route("POST", lp.PATH_ADMIN_LETTERS, self._place),
            Route("GET", lp.PATH_ADMIN_LETTERS, lambda r: json_response(
                {"letters": [{**self.meta(row).to_json(), "delivered_by": row.delivered_by}
                             for row in self.store.all()]})),
        ]

    def _list(self, request: Request) -> Response:
        signers = [s for s in request.query.get("signer_pesel", []) if s.isdigit() and len(s) == 11]
        nips = sorted({nip for pesel in signers for nip in self._payers_of(pesel)})
        rows = self.store.for_payers(nips, request.arg("since", "") or "")
        return json_response({"letters": [self.meta(r).to_json() for r in rows]})

    def _one(self, request: Request) -> Response:
        row = self.store.get(request.params["id"])
        if row is None:
            return error_response(404, lp.ERR_NO_LETTER, "Nie ma takiego pisma.", "No such letter.")
        return json_response({"letter": self.meta(row).to_json()})

    def _content_route(self, request: Request) -> Response:
        row = self.store.get(request.params["id"])
        if row is None:
            return error_response(404, lp.ERR_NO_LETTER, "Nie ma takiego pisma.", "No such letter.")
        if self.meta(row).state == LetterState.AWAITING:
            return error_response(403, lp.ERR_UPD_REQUIRED, "Pismo czeka na odbiór: podpisz UPD.",
                                  "The letter awaits collection: sign a UPD.")
        return self._with_content(row)

    def _upd(self, request: Request) -> Response:
        row = self.store.get(request.params["id"])
        if row is None:
            return error_response(404, lp.ERR_NO_LETTER, "Nie ma takiego pisma.", "No such letter.")
        try:
            body = request.json() or {}
            upd = base64.b64decode(str(body["upd"]).encode("ascii"), validate=True)
        except (ValueError, KeyError, TypeError, binascii.Error):
            return error_response(400, lp.ERR_UNREADABLE, "Nieczytelne żądanie.", "Unreadable request.")
        digest = sha256_b64(upd)
        if len(upd) > MAX_UPD_BYTES or body.get("upd_sha256") != digest:
            return error_response(400, lp.ERR_UNREADABLE, "Skrót UPD nie zgadza się z treścią.",
                                  "The UPD digest does not match its bytes.")
        if row.upd_sha256:
            if row.upd_sha256 == digest:  # the same UPD again (a retry): the same answer
                return self._with_content(row)
            return self._with_content(row, 409, error=lp.ERR_ALREADY_DELIVERED)
        refused, info_pesel = self._check_upd(row, upd)
        if refused is not None:
            return refused
        at = self.server.clock.now().astimezone(dt.UTC).isoformat()
        if not self.store.claim_delivery(row.id, at=at, by=info_pesel, upd=upd, upd_sha256=digest):
            fresh = self.store.get(row.id)
            assert fresh is not None
            if fresh.upd_sha256 == digest:
                return self._with_content(fresh)
            return self._with_content(fresh, 409, error=lp.ERR_ALREADY_DELIVERED)
        fresh = self.store.get(row.id)
        assert fresh is not None
        log.info("letter %s opened by %s", row.id, info_pesel)
        return self._with_content(fresh)

    def _check_upd(self, row: LetterRow, upd: bytes) -> tuple[Response | None, str]:
        """(a refusal, "") or (None, the signer's PESEL/NIP)."""
        from ..letters.upd import parse_upd
        from ..signing.xades import verify_xml
        from ..xmlsafe import XmlError, parse_bytes

        now = self.server.clock.now()
        info = verify_xml(upd, trust_anchors(self.state_dir), at=now)
        if not info.valid or info.signed_data is None or info.signer is None:
            why = "; ".join(p.render("pl") for p in info.problems) or "?"
            why_en = "; ".join(p.render("en") for p in info.problems) or "?"
            return error_response(403, lp.ERR_UPD_INVALID, f"Podpis UPD jest nieprawidłowy: {why}",
                                  f"The UPD signature is invalid: {why_en}"), ""
        try:
            parsed = parse_upd(parse_bytes(info.signed_data))
        except (ValueError, XmlError):
            return error_response(403, lp.ERR_UPD_INVALID, "To nie jest UPD.", "This is not a UPD."), ""
        if parsed.letter_id != row.id or parsed.letter_sha256 != row.content_sha256:
            return error_response(403, lp.ERR_UPD_INVALID,
                                  "UPD nie wskazuje tego pisma lub jego skrótu.",
                                  "The UPD does not name this letter or its digest."), ""
        signer = info.signer
        if parsed.recipient_pesel and parsed.recipient_pesel != (signer.pesel or ""):
            return error_response(403, lp.ERR_UPD_INVALID, "Odbierający w UPD to nie podpisujący.",
                                  "The recipient named in the UPD is not the signer."), ""
        may_act = bool(signer.nip and signer.nip == row.payer_nip) or bool(
            signer.pesel and self._auth.is_authorised(signer.pesel, row.payer_nip))
        if not may_act:
            return error_response(403, lp.ERR_NOT_AUTHORISED,
                                  f"Podpisujący {signer.common_name} nie może odebrać pism płatnika NIP "
                                  f"{row.payer_nip} (brak pełnomocnictwa).",
                                  f"The signer {signer.common_name} may not collect letters of the payer NIP "
                                  f"{row.payer_nip} (no authorisation)."), ""
        return None, signer.pesel or signer.nip or ""

    def _place(self, request: Request) -> Response:
        data = request.json() or {}
        nip = str(data.get("nip", ""))
        title = str(data.get("title", "")).strip()
        if not (nip.isdigit() and len(nip) == 10) or not title:
            return error_response(400, "bad_request", "Podaj nip (10 cyfr) i title.", "Give nip (10 digits) and title.")
        pdf = base64.b64decode(data["pdf"]) if data.get("pdf") else None
        now = _instant(data.get("placed_at")) or self.server.clock.now()
        row = place_letter(self.state_dir, nip=nip, title=title, now=now, kind=str(data.get("kind", "decision")),
                           text=str(data.get("text", "")), pdf=pdf, payer_name=str(data.get("name", "")),
                           in_reply_to=str(data.get("in_reply_to", "")), store=self.store)
        return json_response({"letter": self.meta(row).to_json()}, 201)


def create_service(server: SandboxServer) -> LettersService:
    return LettersService(server)

"""The demo at an office's sandbox: register this seat's demo test CA and the demo authorisations with a
sandbox that runs apart from the seat (``eplatnik-cli --gateway URL demo``), through its admin API.

Every seat keeps its own demo signing material: ``<basedir>/demo/signer.p12`` issued by the seat's own
test CA (``<basedir>/sandbox/ca``) — a signing key stays on the desk of the person who signs, as a
qualified certificate on a card would; it is never put in the shared database. ``demo`` at the first
seat creates the office's demo data (in the database) and that seat's certificate; ``demo`` at every
further seat finds the data there, leaves it as it is, and makes that seat's certificate. With
``--gateway`` both then tell the office sandbox to trust the seat's test CA (``POST
/sandbox/admin/trust-ca``) and that the demo accountant may sign for the three demo firms (``POST
/sandbox/admin/authorisations``). The admin API answers only its own computer (loopback): run ``demo``
with ``--gateway`` on the computer where the sandbox runs, or copy ``<seat>/sandbox/ca/ca.pem`` into
the sandbox's ``<state>/trust/`` folder by hand (docs/office.md, docs/gateway-protocol.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import UserFacingError
from ..i18n import t
from .data import DEMO_ACCOUNTANT_PESEL, demo_payer_nips

REFUSED = t("Piaskownica {url} odmówiła rejestracji testowego CA i upoważnień demo (HTTP {status}: {reason}).",
            "The sandbox {url} refused to register the demo's test CA and authorisations (HTTP {status}: {reason}).")
REFUSED_HINT = t("Funkcje administracyjne piaskownicy działają tylko z komputera, na którym ją uruchomiono: "
                 "uruchom tam „demo” z --gateway albo skopiuj {ca} do katalogu <stan piaskownicy>/trust/.",
                 "The sandbox's admin functions work only from the computer it runs on: run \"demo\" with "
                 "--gateway there, or copy {ca} into the <sandbox state>/trust/ folder.")
NO_CA = t("Brak testowego CA stanowiska ({ca}): najpierw utwórz demo bez --gateway albo sprawdź katalog.",
          "The seat's test CA is missing ({ca}): create the demo without --gateway first, or check the folder.")


class JsonPoster(Protocol):
    """What the registration needs of the HTTP transport (``net.transport.HttpTransport`` is one)."""

    def request(self, method: str, url: str, *, json: object = ..., idempotent: bool | None = ...): ...


@dataclass(frozen=True)
class SandboxRegistration:
    ca_sha256: str
    ca_added: bool
    authorisations: int


def seat_ca_pem(basedir: Path) -> Path:
    return Path(basedir) / "sandbox" / "ca" / "ca.pem"


def register_demo_with_sandbox(http: JsonPoster, sandbox_url: str, basedir: Path) -> SandboxRegistration:
    """Make the office sandbox at ``sandbox_url`` accept what the demo signs at this seat (idempotent)."""
    ca = seat_ca_pem(basedir)
    if not ca.exists():
        raise UserFacingError(NO_CA(ca=str(ca)))
    base = sandbox_url.rstrip("/")
    answer = _call(http, base, "/sandbox/admin/trust-ca", {"pem": ca.read_text("ascii")}, ca)
    for nip in demo_payer_nips():
        _call(http, base, "/sandbox/admin/authorisations",
              {"signer_pesel": DEMO_ACCOUNTANT_PESEL, "payer_nip": nip}, ca)
    return SandboxRegistration(str(answer.get("sha256", "")), bool(answer.get("added")), len(demo_payer_nips()))


def _call(http: JsonPoster, base: str, path: str, payload: dict, ca: Path) -> dict:
    # both calls are idempotent on the sandbox (a known CA / authorisation is kept), so retrying is safe
    response = http.request("POST", base + path, json=payload, idempotent=True)
    if response.status not in (200, 201):
        try:
            body = response.json()
            reason = body.get("message", {}).get("pl") or body.get("error") or ""
        except (ValueError, AttributeError):
            reason = response.content[:200].decode("utf-8", "replace")
        raise UserFacingError(REFUSED(url=base, status=response.status, reason=reason), hint=REFUSED_HINT(ca=str(ca)))
    return response.json()

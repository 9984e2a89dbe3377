"""The month-end run's steps over the real services: documents (build, verify, mark signed),
signing (one key-source session for the whole batch) and the gateway outbox (submit, receipts).

Nothing here builds, signs or sends by itself: it calls the documents service, ``signing.service
.sign_many`` and the gateway service (handed in through ``ports``), and translates their answers
into the run's step results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import UserFacingError
from ..forms.races import AlreadyDone
from ..i18n import Text, stored_text, t
from ..period import Period
from ..progress import Progress
from .changes import compare
from .results import Built, Checked, Collected, Submitted

if TYPE_CHECKING:
    from ..clock import Clock
    from ..signing.certs import CertificateInfo
    from ..signing.keysource import KeySource, PinPrompt
    from .ports import MonthDocuments, Submitter
    from .store import PeriodReadModel

NO_KEY_SOURCE = t("Nie wskazano certyfikatu do podpisu (plik .p12 albo karta).",
                  "No signing certificate was given (a .p12 file or a card).")
SIGNED_BY = "{name} (PESEL {pesel}), {serial}"


def _problem_of(sub: Any) -> Text | None:
    if sub.errors:
        parts_pl, parts_en = [], []
        for e in sub.errors:
            where = " ".join(str(e.get(k)) for k in ("document", "block", "field") if e.get(k))
            pl = e.get("message_pl") or e.get("message") or ""
            en = e.get("message_en") or e.get("message") or pl
            parts_pl.append(f"{where}: {pl}" if where else pl)
            parts_en.append(f"{where}: {en}" if where else en)
        return Text("; ".join(parts_pl), "; ".join(parts_en))
    # both are stored as {"pl": …, "en": …}: a month-run line printed that JSON as it was
    for stored in (sub.last_error, sub.receipt_problem):
        if stored:
            return stored_text(stored)
    return None


class ServiceSteps:
    """``Steps`` over the documents service, the signing core and the gateway service.

    ``on_key_used(key)`` is told the key each batch was signed with (the signing area remembers its
    certificate for the dashboard's "certificate expires soon").
    """

    def __init__(self, documents: MonthDocuments, gateway: Submitter, periods: PeriodReadModel, *, clock: Clock,
                 on_key_used: Callable[[Any], None] | None = None, source: KeySource | None = None,
                 prompt: PinPrompt | None = None) -> None:
        self.documents = documents
        self.gateway = gateway
        self.periods = periods
        self.clock = clock
        self.on_key_used = on_key_used
        self.source = source
        self.prompt = prompt

    def build(self, payer_id: int, period: Period) -> Built:
        docs = self.documents
        info = docs.build_monthly(payer_id, period)
        previous_info = docs.latest_monthly(payer_id, period.prev())
        previous = docs.get_set(previous_info.id) if previous_info is not None else None
        changes = compare(previous, docs.get_set(info.id))
        submission_id = None
        note = None
        if str(info.status) not in ("draft", "verified", "signed"):
            submission_id = self.periods.latest_submission(info.id)
            sub = self.gateway.get(submission_id) if submission_id is not None else None
            note = self.gateway.made_elsewhere(sub) if sub is not None else None
        return Built(info.id, str(info.status), changes, submission_id, note)

    def set_status(self, set_id: int) -> str:
        return str(self.documents.get_info(set_id).status)

    def verify(self, set_id: int) -> Checked:
        outcome = self.documents.verify(set_id)
        errors = sum(1 for f in outcome.findings if f.is_error)
        return Checked(warnings=len(outcome.findings) - errors, errors=errors)

    def sign(self, set_ids: list[int], *, check_signer: Callable[[CertificateInfo], None],
             on_signed: Callable[..., None], on_failed: Callable[[int, Text], None],
             progress: Progress) -> None:
        from ..errors import Cancelled
        from ..signing.certs import inspect_certificate
        from ..signing.service import sign_many

        if self.source is None or self.prompt is None:
            raise UserFacingError(NO_KEY_SOURCE)
        docs = self.documents
        items = [(set_id, docs.get_xml(set_id, signed=False)) for set_id in set_ids]
        signer_text = [""]

        def opened(key: Any) -> None:
            info = inspect_certificate(key.certificate)
            check_signer(info)  # raises before anything is signed
            signer_text[0] = SIGNED_BY.format(name=info.common_name, pesel=info.pesel or "—",
                                              serial=info.serial_number)
            if self.on_key_used is not None:
                self.on_key_used(key)  # the dashboard's "certificate expires soon"

        def signed(set_id: int, data: bytes, _signer: Any) -> None:
            try:
                docs.mark_signed(set_id, data, signer_text[0])
            except AlreadyDone as exc:  # another process signed it meanwhile: its signature stands
                on_signed(set_id, exc.text)
                return
            except UserFacingError as exc:
                on_failed(set_id, exc.text)
                return
            on_signed(set_id)

        result = sign_many(items, self.source, self.prompt, None, on_signed=signed, on_open=opened,
                           clock=self.clock)
        if result.cancelled:
            raise Cancelled()

    def submit(self, set_id: int) -> Submitted:
        data = self.documents.get_xml(set_id)
        info = self.documents.get_info(set_id)
        sub = self.gateway.enqueue(data, source_name=f"{info.payer_nip}-{info.period}-{info.number}",
                                       document_set_id=set_id)
        return Submitted(sub.id, self.gateway.made_elsewhere(sub))

    def collect(self, submission_ids: list[int], wait: float, progress: Progress) -> dict[int, Collected]:
        gateway = self.gateway
        gateway.process(ids=submission_ids, wait=wait)
        out = {}
        for sub in gateway.outbox.many(submission_ids):
            if sub.state == "accepted":
                out[sub.id] = Collected("accepted")
            elif sub.state in ("rejected", "failed", "receipt_invalid"):
                out[sub.id] = Collected("rejected" if sub.state == "rejected" else "failed", _problem_of(sub))
            else:
                out[sub.id] = Collected("pending")
        return out

"""A relief draft from the payer's account (``relief.model.ReliefDraft``, issue 17) → the relief
application document that is signed and sent to ZUS (``ReliefApplication``).

The application carries what the payer saw in the draft's PDF:

* each arrears month with what is owed for it — the unpaid contributions plus the late interest up to
  the application date (ZUS spreads both; from the day after the application arrives no more interest
  is charged, art. 29 ust. 5a SUS);
* the schedule: each instalment (or, for a deferral, each month's new deadline) with its total — the
  amount plus the estimated prolongation fee — and the fee's sum as ``OplataProlongacyjna``; the
  instalments then add up to the arrears plus the fee, as ``ReliefApplication.problems`` requires;
* the payer's data and the statement about the financial situation (``reason``).

The result goes through ``ReliefApplication.from_dict`` so a draft is checked exactly like an
application read from a JSON file (a bad NIP/REGON/PESEL is named; nothing is sent).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .relief_xml import ReliefApplication

if TYPE_CHECKING:
    from ..relief.model import ReliefDraft


def application_data(draft: ReliefDraft) -> dict:
    """The plain structure of ``ReliefApplication.to_dict`` for this draft (also what ``--data`` reads)."""
    fee = draft.total_fee
    payer = draft.payer
    return {
        "kind": draft.kind,
        "application_date": draft.prepared_on.isoformat(),
        "payer": {"nip": payer.nip, "name": payer.name or payer.short_name, "regon": payer.regon,
                  "pesel": payer.pesel, "address": payer.address},
        "arrears": [{"period": m.period, "amount": f"{m.principal + m.interest:.2f}"} for m in draft.arrears],
        "schedule": [{"due": i.due_on.isoformat(), "amount": f"{i.total:.2f}"} for i in draft.schedule],
        "prolongation_fee": f"{fee:.2f}" if fee > Decimal("0") else None,
        "justification": draft.reason,
    }


def application_from_draft(draft: ReliefDraft) -> ReliefApplication:
    """The application for this draft, checked (``ValidationFailed`` names what is wrong)."""
    return ReliefApplication.from_dict(application_data(draft), today=draft.prepared_on)

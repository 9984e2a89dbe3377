"""Two processes moving the same set at once (two month-end runs, the GUI and the CLI).

The lifecycle's transitions are decided inside one database transaction, so only one of two racing
moves wins. The other is not an error of the person's data: the set is already where it was going,
moved there by someone else a moment ago. ``AlreadyDone`` says so — who, and when — instead of
"a set in state signed cannot move to signed".
"""

from __future__ import annotations

from ..errors import UserFacingError
from ..i18n import t
from .model import SetStatus

ALREADY_DONE = t("Zestaw nr {id} jest już w stanie „{status}” — zrobił to w międzyczasie inny proces "
                 "({actor}, {at}).", "Set no. {id} is already '{status}' — another process did it meanwhile "
                 "({actor}, {at}).")
STATUS_LABELS = {
    SetStatus.DRAFT: t("roboczy", "draft"), SetStatus.VERIFIED: t("zweryfikowany", "verified"),
    SetStatus.SIGNED: t("podpisany", "signed"), SetStatus.QUEUED: t("w kolejce do wysyłki", "queued"),
    SetStatus.SENT: t("wysłany", "sent"), SetStatus.ACCEPTED: t("przyjęty", "accepted"),
    SetStatus.REJECTED: t("odrzucony", "rejected"),
}
#: states a set passes only after being signed: signing it again is "already done"
SIGNED_OR_LATER = frozenset({SetStatus.SIGNED, SetStatus.QUEUED, SetStatus.SENT, SetStatus.ACCEPTED,
                             SetStatus.REJECTED})


class AlreadyDone(UserFacingError):
    """The set is already in (or past) the state a transition was taking it to; ``actor`` and ``at``
    (an ISO timestamp) say who moved it there and when (the documents store reads them)."""

    def __init__(self, set_id: int, status: SetStatus, actor: str, at: str) -> None:
        when = _local(at) if at else "?"
        super().__init__(ALREADY_DONE(id=set_id, status=STATUS_LABELS[status], actor=actor or "?", at=when))
        self.set_id, self.status, self.actor, self.at = set_id, status, actor, at


def is_already_done(frm: SetStatus, to: SetStatus) -> bool:
    return frm == to or (to == SetStatus.SIGNED and frm in SIGNED_OR_LATER)


def _local(iso: str) -> str:
    from datetime import UTC, datetime

    from ..clock import WARSAW

    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(WARSAW).strftime("%d.%m.%Y %H:%M:%S")

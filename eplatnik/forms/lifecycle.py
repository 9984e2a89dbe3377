"""What a person can do with a set now, and the one next step to suggest, from the lifecycle.

The lifecycle's allowed transitions live in ``status.TRANSITIONS``. Some of them a person asks for
(verify, sign, send); the others happen to the set (an edit sends a verified set back to draft, the
gateway moves it from queued to sent, accepted or rejected). ``ACTIONS`` names the first kind, so
both the buttons of the Documents page and the dashboard's "next step" follow from the lifecycle,
not from rules written into the screens. No Qt here.
"""

from __future__ import annotations

import enum

from ..i18n import Text, t
from .status import TRANSITIONS, SetStatus


class Action(enum.StrEnum):
    """Transitions a person asks for (each is one allowed edge of ``TRANSITIONS``)."""
    VERIFY = "verify"
    SIGN = "sign"
    SEND = "send"


#: (from, to) edge of the lifecycle → the action that asks for it
ACTIONS: dict[tuple[SetStatus, SetStatus], Action] = {
    (SetStatus.DRAFT, SetStatus.VERIFIED): Action.VERIFY,
    (SetStatus.VERIFIED, SetStatus.SIGNED): Action.SIGN,
    (SetStatus.SIGNED, SetStatus.QUEUED): Action.SEND,
}


def allowed_actions(status: SetStatus | str | None) -> set[Action]:
    """The actions the lifecycle allows from ``status`` (verification may be run again on a
    verified set: it is how a person re-checks it after the register changed)."""
    if status is None:
        return set()
    status = SetStatus(status)
    found = {action for (frm, to), action in ACTIONS.items() if frm == status and to in TRANSITIONS[frm]}
    if status == SetStatus.VERIFIED:
        found.add(Action.VERIFY)
    return found


def editable(status: SetStatus | str) -> bool:
    """Edits change the set itself (draft, verified); later an edit makes a new set."""
    return SetStatus.DRAFT in TRANSITIONS[SetStatus(status)] or SetStatus(status) == SetStatus.DRAFT


class NextStep(enum.StrEnum):
    CREATE = "create"      # no set for the period yet
    FIX = "fix"            # a draft whose verification found errors
    VERIFY = "verify"      # a draft not verified yet
    SIGN = "sign"
    SEND = "send"          # signed, or sent back to signed after the gateway refused the transport
    WAIT = "wait"          # with the gateway: only the gateway moves it on (receipt awaited)
    CORRECT = "correct"    # rejected: a final state, the way on is a correction (a new set)
    RECEIPT = "receipt"    # accepted: nothing left to do, the receipt can be viewed

    @property
    def label(self) -> Text:
        return STEP_LABELS[self]

    @property
    def done(self) -> bool:
        return self == NextStep.RECEIPT


STEP_LABELS = {
    NextStep.CREATE: t("Utwórz", "Create"),
    NextStep.FIX: t("Popraw błędy", "Fix errors"),
    NextStep.VERIFY: t("Zweryfikuj", "Verify"),
    NextStep.SIGN: t("Podpisz", "Sign"),
    NextStep.SEND: t("Wyślij", "Send"),
    NextStep.WAIT: t("Czeka na UPO", "Awaiting receipt"),
    NextStep.CORRECT: t("Utwórz korektę", "Create a correction"),
    NextStep.RECEIPT: t("Zobacz UPO", "View receipt"),
}
_BY_ACTION = {Action.VERIFY: NextStep.VERIFY, Action.SIGN: NextStep.SIGN, Action.SEND: NextStep.SEND}
_FORWARD = (Action.VERIFY, Action.SIGN, Action.SEND)


def next_step(status: SetStatus | str | None, *, errors: int = 0) -> NextStep:
    """The one step that moves the set on, derived from the transitions allowed from ``status``:
    the first action a person can take, else waiting for the gateway, else (a final state) the
    receipt or a correction. ``errors`` is the count of the set's last verification."""
    if status is None:
        return NextStep.CREATE
    status = SetStatus(status)
    forward = [action for (frm, to), action in ACTIONS.items() if frm == status and to in TRANSITIONS[frm]]
    if forward:
        step = _BY_ACTION[min(forward, key=_FORWARD.index)]
        return NextStep.FIX if step == NextStep.VERIFY and errors else step
    if not TRANSITIONS[status]:  # a final state
        return NextStep.RECEIPT if status == SetStatus.ACCEPTED else NextStep.CORRECT
    return NextStep.WAIT

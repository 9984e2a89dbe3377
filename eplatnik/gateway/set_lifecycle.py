"""Keep a workspace document set's lifecycle in step with its submission.

signed → queued (stored in the outbox) → sent (the gateway gave a reference) → accepted | rejected
(a verified receipt). A transport refusal ("failed") puts the set back to signed so it can be sent
again; an invalid receipt leaves it "sent" (there is no trustworthy answer yet). The outbox never
stops because a set's state disagrees: the disagreement is logged and the submission goes on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..errors import UserFacingError
from ..forms.races import AlreadyDone

if TYPE_CHECKING:
    from .ports import SetLifecycle

log = logging.getLogger(__name__)

_FORWARD = ["signed", "queued", "sent"]
_TARGET = {"queued": "queued", "sent": "sent", "in_progress": "sent", "accepted": "accepted",
           "rejected": "rejected"}


def _route(current: str, state: str) -> list[str]:
    if state == "failed":
        return ["signed"] if current == "queued" else []
    target = _TARGET.get(state)
    if target is None or current == target or current not in _FORWARD:
        return []
    path = _FORWARD + ([target] if target not in _FORWARD else [])
    start, end = path.index(current), path.index(target)
    return path[start + 1:end + 1] if end > start else []


def advance(documents: SetLifecycle, set_id: int, state: str, reference: str | None) -> None:
    try:
        current = str(documents.get_info(set_id).status)
        for step in _route(current, state):
            documents.transition(set_id, step, note=f"gateway {reference or ''}".strip())
    except AlreadyDone as exc:  # the process that made the submission moved it first
        log.info("set %s already moved: %s", set_id, exc)
    except UserFacingError as exc:
        log.warning("set %s not moved to %s: %s", set_id, state, exc)

"""What the gateway area needs from the documents area, as a narrow interface (no import of its service).

``SetLifecycle``: the workspace's document sets as the outbox sees them — find the set whose signed
bytes are being sent, read its signed bytes, and move it along its lifecycle as the submission goes
(``set_lifecycle.advance``). ``DocumentService`` is one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..forms.sets import SetInfo


class SetLifecycle(Protocol):
    def list_sets(self, payer_id: int | None = None, period: Any = None, status: Any = None,
                  kind: str | None = None) -> list[SetInfo]: ...

    def get_info(self, set_id: int) -> SetInfo: ...

    def get_xml(self, set_id: int, *, signed: bool = True) -> bytes: ...

    def transition(self, set_id: int, to: Any, note: str = "") -> SetInfo: ...

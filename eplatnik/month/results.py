"""What the month-end run's steps answer (``Steps`` and its results), shared by the runner
(``run.py``) and the real steps (``steps.py``) so that neither imports the other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..i18n import Text
from ..period import Period
from ..progress import Progress

if TYPE_CHECKING:
    from ..signing.certs import CertificateInfo


@dataclass
class Built:
    set_id: int
    set_status: str                       # the set's lifecycle status after building
    changes: list[Text] = field(default_factory=list)
    submission_id: int | None = None      # when the set was already submitted earlier
    note: Text | None = None              # e.g. who submitted it, when that was another process


@dataclass
class Checked:
    warnings: int
    errors: int


@dataclass
class Submitted:
    """``Steps.submit``'s answer when there is more to say than the submission's id."""
    submission_id: int
    note: Text | None = None              # e.g. "already being sent by … since …"


@dataclass
class Collected:
    state: str                            # accepted | rejected | failed | pending
    problem: Text | None = None


class Steps(Protocol):
    """What the run needs from the documents, signing and gateway areas."""

    def build(self, payer_id: int, period: Period) -> Built: ...

    def set_status(self, set_id: int) -> str: ...

    def verify(self, set_id: int) -> Checked: ...

    def sign(self, set_ids: list[int], *, check_signer: Callable[[CertificateInfo], None],
             on_signed: Callable[..., None], on_failed: Callable[[int, Text], None],
             progress: Progress) -> None:
        """``on_signed(set_id)``, or ``on_signed(set_id, note)`` when another process signed it first."""

    def submit(self, set_id: int) -> int | Submitted: ...

    def collect(self, submission_ids: list[int], wait: float, progress: Progress) -> dict[int, Collected]: ...

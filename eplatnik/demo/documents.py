"""Demo workspace part of the declarations area: the monthly sets due now, built and verified.

A step of ``demo.DEMO_STEPS``. Idempotent: an existing set is kept, as ``DocumentService
.build_monthly`` returns it.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from ..errors import UserFacingError
from ..i18n import Text, t
from ..period import Period

if TYPE_CHECKING:
    from . import DemoWorkspace

log = logging.getLogger(__name__)

NOT_BUILT = t("Nie utworzono zestawu {name} za {period}: {reason}",
              "The {name} set for {period} was not built: {reason}")

def build_demo_documents(workspace: DemoWorkspace, today: date | None = None) -> list[Text]:
    """For every demo payer: the previous month's DRA/RCA set (the one due this month), verified.
    Returns what could not be built (e.g. no contribution parameters for that year), one line per payer."""
    period = Period.previous_of(today or workspace.clock.today())
    documents = workspace.documents
    problems: list[Text] = []
    for payer in workspace.register.list_payers():
        try:
            info = documents.build_monthly(int(payer.id), period)  # type: ignore[arg-type]
        except UserFacingError as exc:  # e.g. no contribution parameters yet for a new year
            log.info("demo set for %s not built: %s", payer.nip, exc.render("en"))
            problems.append(NOT_BUILT(name=payer.short_name, period=str(period),
                                      reason=Text(exc.render("pl"), exc.render("en"))))
            continue
        if info.status == "draft":
            outcome = documents.verify(info.id)
            if not outcome.ok:
                log.warning("demo set %s for %s has findings: %s", info.id, payer.nip,
                            [f.render("en") for f in outcome.findings])
    return problems

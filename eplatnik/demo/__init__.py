"""The demo workspace: three firms with valid identifiers, ready for the month's documents.

* Jan Kowalski — a sole trader on full ZUS (title code 05 10 00), tax scale;
* Anna Nowak — a sole trader on the preferential base (05 70 00), flat tax;
* TECHBUD sp. z o.o. — a legal person with 12 employees (01 10 00).

An office accountant, Maria Wiśniewska, holds authorisations for all three (one expiring soon, so
the dashboard has something to flag). Then the steps of ``DEMO_STEPS``, listed here: the
previous month's sets, built and verified (``documents.py``), and a signing certificate the
workspace's sandbox accepts (``signer.py``).

The demo works on a ``DemoWorkspace`` (``App`` is one): the register, the documents service, the
settings, the workspace folder and the clock — nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..i18n import Text
from ..register.models import Accountant, Authorisation, AuthorisationScope, InsuredPerson, InsuredRecord
from ..register.synthetic import pesel_for
from ..settings import ACCOUNTANT
from .data import (
    _EMPLOYEES,
    DEMO_ACCOUNTANT,
    DEMO_ACCOUNTANT_PESEL,
    DEMO_PAYERS,
    KOWALSKI_PESEL,
    NOWAK_PESEL,
    demo_payer_nips,
)
from .documents import build_demo_documents
from .signer import DEMO_P12_PASSWORD, setup_demo_signer

if TYPE_CHECKING:
    from ..clock import Clock
    from ..forms.service import DocumentService
    from ..register.service import RegisterService
    from ..settings import Settings

__all__ = ["DEMO_ACCOUNTANT", "DEMO_ACCOUNTANT_PESEL", "DEMO_P12_PASSWORD", "DEMO_PAYERS", "DEMO_STEPS",
           "KOWALSKI_PESEL", "NOWAK_PESEL", "DemoWorkspace", "create_demo", "demo_payer_nips"]


class DemoWorkspace(Protocol):
    """What the demo fills (``App`` is one)."""

    basedir: Path
    settings: Settings
    clock: Clock

    @property
    def register(self) -> RegisterService: ...

    @property
    def documents(self) -> DocumentService: ...


log = logging.getLogger(__name__)

#: The demo's parts beyond the register, in order. A step may return what it could not do (a list
#: of ``Text``); the rest of the demo is still created.
DEMO_STEPS: tuple[Callable[[DemoWorkspace], list[Text] | None], ...] = (build_demo_documents, setup_demo_signer)


def create_demo(workspace: DemoWorkspace, today: date | None = None) -> list[Text]:
    """Fill an empty workspace with the demo data (idempotent: an existing demo is left as is).
    Returns what could not be made (e.g. the month's sets when that year has no contribution
    parameters); everything else is created all the same."""
    today = today or workspace.clock.today()
    reg = workspace.register
    if reg.list_payers(include_archived=True):
        # another seat of an office (same database) made the demo: this seat gets its own part — the
        # accountant sitting here and a signing certificate on this desk (signer.py)
        log.info("workspace not empty; demo data not added")
        if _is_demo_office(reg) and not workspace.settings.get(ACCOUNTANT):
            workspace.settings.set(ACCOUNTANT, DEMO_ACCOUNTANT)
            reg.actor = DEMO_ACCOUNTANT
        return _run_steps(workspace)
    if not workspace.settings.get(ACCOUNTANT):
        workspace.settings.set(ACCOUNTANT, DEMO_ACCOUNTANT)
        reg.actor = DEMO_ACCOUNTANT
    payers = [reg.add_payer(p) for p in DEMO_PAYERS]
    kowalski, nowak, techbud = payers
    people = [
        InsuredPerson(payer_id=kowalski.id, pesel=KOWALSKI_PESEL, record=InsuredRecord(  # type: ignore[arg-type]
            first_name="Jan", last_name="Kowalski", birth_date=date(1981, 6, 23), insurance_title_code="051000",
            start_date=date(2015, 3, 1), street="ul. Lipowa", house_no="12", flat_no="4", postal_code="30-001",
            city="Kraków", voluntary_sickness=True)),
        InsuredPerson(payer_id=nowak.id, pesel=NOWAK_PESEL, record=InsuredRecord(  # type: ignore[arg-type]
            first_name="Anna", last_name="Nowak", birth_date=date(1994, 11, 2), insurance_title_code="057000",
            start_date=date(2025, 9, 1), street="ul. Garbary", house_no="5", postal_code="61-755", city="Poznań",
            voluntary_sickness=False)),
    ]
    for i, (first, last, birth, female, pay, (num, den)) in enumerate(_EMPLOYEES):
        people.append(InsuredPerson(
            payer_id=techbud.id, pesel=pesel_for(birth, 300 + i * 7, female),  # type: ignore[arg-type]
            record=InsuredRecord(first_name=first, last_name=last, birth_date=birth,
                                 insurance_title_code="011000", start_date=date(2019 + i % 6, 1 + i % 12, 1),
                                 gross_pay=Decimal(pay), work_time_numerator=num, work_time_denominator=den,
                                 street="ul. Słoneczna", house_no=str(10 + i), postal_code="05-800",
                                 city="Pruszków")))
    reg.add_insured_many(people)
    accountant = reg.add_accountant(Accountant(name=DEMO_ACCOUNTANT, pesel=DEMO_ACCOUNTANT_PESEL,
                                               email="m.wisniewska@biuro.example.pl"))
    for payer, valid_to in ((kowalski, None), (nowak, today + timedelta(days=20)), (techbud, None)):
        reg.add_authorisation(Authorisation(payer_id=payer.id, accountant_id=accountant.id,  # type: ignore[arg-type]
                                            valid_from=date(2024, 1, 1), valid_to=valid_to,
                                            scope=AuthorisationScope.FULL, reference=f"PEL/{payer.nip}/2024"))
    return _run_steps(workspace)


def _is_demo_office(reg: RegisterService) -> bool:
    return {p.nip for p in reg.list_payers(include_archived=True)} == set(demo_payer_nips())


def _run_steps(workspace: DemoWorkspace) -> list[Text]:
    problems: list[Text] = []
    for step in DEMO_STEPS:
        problems += step(workspace) or []
    _point_signing_at_demo_files(workspace.basedir, workspace.settings)
    return problems


def _point_signing_at_demo_files(basedir: Path, settings: Settings) -> None:
    """Preselect the demo certificate for signing, unless the user chose another key source.

    The path is stored absolute: a workspace opened as ``--basedir demo-ws`` from another folder
    must still find its certificate (an earlier demo stored "demo-ws/demo/signer.p12"; it is fixed)."""
    from ..settings import P12_PATH

    signer = (basedir / "demo" / "signer.p12").resolve()
    configured = settings.get(P12_PATH)
    relative_demo = bool(configured) and not Path(configured).is_absolute() and \
        Path(configured).parts[-2:] == ("demo", "signer.p12")
    if signer.exists() and (not configured or relative_demo):
        settings.set(P12_PATH, str(signer))

"""The demo workspace: three firms with valid identifiers, ready for the month's documents.

* Jan Kowalski — a sole trader on full ZUS (title code 05 10 00), tax scale;
* Anna Nowak — a sole trader on the preferential base (05 70 00), flat tax;
* TECHBUD sp. z o.o. — a legal person with 12 employees (01 10 00).

An office accountant, Maria Wiśniewska, holds authorisations for all three (one expiring soon, so
the dashboard has something to flag). Other areas add their parts through ``DEMO_STEPS``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from .i18n import Text
from .register.models import (
    Accountant,
    Authorisation,
    AuthorisationScope,
    ContributionScheme,
    HealthTaxForm,
    InsuredPerson,
    InsuredRecord,
    Payer,
)
from .register.synthetic import pesel_for
from .settings import ACCOUNTANT
from .workdays import PayerType

if TYPE_CHECKING:
    from .app import App

log = logging.getLogger(__name__)

DEMO_ACCOUNTANT = "Maria Wiśniewska"
DEMO_ACCOUNTANT_PESEL = pesel_for(date(1979, 3, 12), 412, female=True)

KOWALSKI_PESEL = pesel_for(date(1981, 6, 23), 135, female=False)
NOWAK_PESEL = pesel_for(date(1994, 11, 2), 208, female=True)

DEMO_PAYERS = [
    Payer(nip="5261040828", regon="010000009", pesel=KOWALSKI_PESEL, first_name="Jan", last_name="Kowalski",
          birth_date=date(1981, 6, 23), full_name="Jan Kowalski Usługi Remontowo-Budowlane",
          short_name="KOWALSKI REMONTY", payer_type=PayerType.OTHER, street="ul. Lipowa", house_no="12",
          flat_no="4", postal_code="30-001", city="Kraków", email="jan.kowalski@example.pl",
          phone="+48601234567", accident_rate=Decimal("1.67"), bank_account="PL61109010140000071219812874",
          contribution_scheme=ContributionScheme.FULL, health_tax_form=HealthTaxForm.SCALE,
          notes="Pełny ZUS, skala podatkowa."),
    Payer(nip="7792433421", regon="300000002", pesel=NOWAK_PESEL, first_name="Anna", last_name="Nowak",
          birth_date=date(1994, 11, 2), full_name="Anna Nowak Projektowanie Graficzne",
          short_name="NOWAK DESIGN", payer_type=PayerType.OTHER, street="ul. Garbary", house_no="5",
          postal_code="61-755", city="Poznań", email="anna@nowakdesign.example.pl", phone="+48512345678",
          accident_rate=Decimal("1.67"), contribution_scheme=ContributionScheme.PREFERENTIAL,
          health_tax_form=HealthTaxForm.FLAT, notes="Preferencyjna podstawa (mały ZUS), podatek liniowy."),
    Payer(nip="9512345675", regon="146000001", full_name="TECHBUD Spółka z ograniczoną odpowiedzialnością",
          short_name="TECHBUD SP. Z O.O.", payer_type=PayerType.LEGAL, street="ul. Marszałkowska",
          house_no="100", postal_code="00-026", city="Warszawa", email="kadry@techbud.example.pl",
          phone="+48223456789", accident_rate=Decimal("1.67"), bank_account="PL27114020040000300201355387",
          notes="12 pracowników na umowę o pracę."),
]

_EMPLOYEES = [
    ("Piotr", "Zieliński", date(1985, 2, 14), False, "9500.00", (1, 1)),
    ("Katarzyna", "Wójcik", date(1990, 7, 30), True, "7200.00", (1, 1)),
    ("Tomasz", "Kamiński", date(1978, 12, 1), False, "12500.00", (1, 1)),
    ("Agnieszka", "Lewandowska", date(1996, 4, 18), True, "6100.00", (1, 1)),
    ("Michał", "Dąbrowski", date(1988, 9, 9), False, "8300.00", (1, 1)),
    ("Magdalena", "Kozłowska", date(1992, 1, 25), True, "5400.00", (1, 1)),
    ("Krzysztof", "Jankowski", date(1975, 5, 5), False, "10400.00", (1, 1)),
    ("Joanna", "Mazur", date(1999, 10, 11), True, "4806.00", (1, 1)),
    ("Paweł", "Krawczyk", date(1983, 3, 3), False, "7800.00", (1, 1)),
    ("Ewa", "Piotrowska", date(1970, 8, 19), True, "3300.00", (1, 2)),
    ("Marcin", "Grabowski", date(2001, 6, 6), False, "5200.00", (1, 1)),
    ("Barbara", "Pawłowska", date(1965, 11, 28), True, "6900.00", (1, 1)),
]

#: Later areas (signing, submission, visits) append functions that add their demo parts. A step may
#: return what it could not do (a list of ``Text``); the rest of the demo is still created.
DEMO_STEPS: list[Callable[[App], list[Text] | None]] = []


def demo_payer_nips() -> list[str]:
    return [p.nip for p in DEMO_PAYERS]


def create_demo(app: App, today: date | None = None) -> list[Text]:
    """Fill an empty workspace with the demo data (idempotent: an existing demo is left as is).
    Returns what could not be made (e.g. the month's sets when that year has no contribution
    parameters); everything else is created all the same."""
    today = today or app.clock.today()
    reg = app.register
    if reg.list_payers(include_archived=True):
        log.info("workspace not empty; demo data not added")
        return _run_steps(app)
    if not app.settings.get(ACCOUNTANT):
        app.settings.set(ACCOUNTANT, DEMO_ACCOUNTANT)
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
    return _run_steps(app)


def _run_steps(app: App) -> list[Text]:
    problems: list[Text] = []
    for step in DEMO_STEPS:
        problems += step(app) or []
    _point_signing_at_demo_files(app)
    return problems


def _point_signing_at_demo_files(app: App) -> None:
    """Preselect the demo certificate for signing, unless the user chose another key source.

    The path is stored absolute: a workspace opened as ``--basedir demo-ws`` from another folder
    must still find its certificate (an earlier demo stored "demo-ws/demo/signer.p12"; it is fixed)."""
    from pathlib import Path

    from .settings import P12_PATH

    signer = (app.basedir / "demo" / "signer.p12").resolve()
    configured = app.settings.get(P12_PATH)
    relative_demo = bool(configured) and not Path(configured).is_absolute() and \
        Path(configured).parts[-2:] == ("demo", "signer.p12")
    if signer.exists() and (not configured or relative_demo):
        app.settings.set(P12_PATH, str(signer))


from .forms import demo_setup as _forms_demo  # noqa: E402,F401  (monthly sets due now, verified)
from .gateway import demo_setup  # noqa: E402,F401  (demo signer.p12 + sandbox authorisations)

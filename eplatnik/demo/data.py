"""The demo workspace's data: three firms, their people and the office accountant."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..register.models import ContributionScheme, HealthTaxForm, Payer
from ..register.synthetic import pesel_for
from ..workdays import PayerType

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


def demo_payer_nips() -> list[str]:
    return [p.nip for p in DEMO_PAYERS]

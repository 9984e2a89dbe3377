"""Generate a large synthetic workspace (N payers × M insured) with valid identifiers."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from eplatnik.app import App
from eplatnik.register.models import InsuredPerson, InsuredRecord, Payer
from eplatnik.register.synthetic import make_nip, make_pesel, make_regon
from eplatnik.workdays import PayerType

FIRST = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Michał", "Ewa", "Paweł", "Joanna", "Marcin"]
LAST = ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański"]
CITIES = [("00-950", "Warszawa"), ("30-001", "Kraków"), ("61-755", "Poznań"), ("80-001", "Gdańsk")]


def generate(basedir: Path, payers: int, insured_per_payer: int, seed: int = 7, database: str | None = None) -> Path:
    """``database``: an office database's URL (the data goes there; ``basedir`` is then the seat's folder)."""
    rng = random.Random(seed)
    app = App(basedir, database=database)
    try:
        used: set[str] = set()
        for i in range(payers):
            nip = make_nip(rng)
            while nip in used:
                nip = make_nip(rng)
            used.add(nip)
            postal, city = CITIES[i % len(CITIES)]
            payer = app.register.add_payer(Payer(
                nip=nip, regon=make_regon(rng), full_name=f"Firma Testowa {i:05d} sp. z o.o.",
                short_name=f"FIRMA {i:05d}", payer_type=PayerType.LEGAL, postal_code=postal, city=city))
            people = []
            seen: set[str] = set()
            while len(people) < insured_per_payer:
                pesel, birth, _female = make_pesel(rng)
                if pesel in seen:
                    continue
                seen.add(pesel)
                people.append(InsuredPerson(payer_id=payer.id, pesel=pesel, record=InsuredRecord(  # type: ignore[arg-type]
                    first_name=rng.choice(FIRST), last_name=rng.choice(LAST), birth_date=birth,
                    insurance_title_code="011000", start_date=date(2020, 1, 1),
                    gross_pay=Decimal(rng.randint(4806, 20000)))))
            if people:
                app.register.add_insured_many(people)
    finally:
        app.close()
    return basedir

"""Synthetic but checksum-valid identifiers for the demo workspace, tests and benchmarks.

They satisfy the NIP, PESEL and REGON algorithms (codes-and-identifiers.md §3); they are made up
and belong to nobody.
"""

from __future__ import annotations

import random
from datetime import date

_NIP_W = (6, 5, 7, 2, 3, 4, 5, 6, 7)
_PESEL_W = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
_REGON9_W = (8, 9, 2, 3, 4, 5, 6, 7)


def nip_from(prefix9: str) -> str | None:
    """Complete a 9-digit stem to a valid NIP, or None when the stem gives check digit 10."""
    check = sum(int(d) * w for d, w in zip(prefix9, _NIP_W)) % 11
    return None if check == 10 else prefix9 + str(check)


def make_nip(rng: random.Random) -> str:
    while True:
        stem = f"{rng.randint(1, 9)}{rng.randint(0, 99_999_999):08d}"
        nip = nip_from(stem)
        if nip:
            return nip


def regon_from(prefix8: str) -> str:
    check = sum(int(d) * w for d, w in zip(prefix8, _REGON9_W)) % 11
    return prefix8 + str(0 if check == 10 else check)


def make_regon(rng: random.Random) -> str:
    return regon_from(f"{rng.randint(10, 99)}{rng.randint(0, 999_999):06d}")


def pesel_for(birth: date, serial: int, female: bool) -> str:
    month = birth.month + {18: 80, 19: 0, 20: 20, 21: 40, 22: 60}[birth.year // 100]
    serial = serial % 1000
    sex_digit = (serial % 5) * 2 + (0 if female else 1)
    stem = f"{birth.year % 100:02d}{month:02d}{birth.day:02d}{serial:03d}{sex_digit}"
    check = (10 - sum(int(d) * w for d, w in zip(stem, _PESEL_W)) % 10) % 10
    return stem + str(check)


def make_pesel(rng: random.Random, born_between: tuple[int, int] = (1960, 2003)) -> tuple[str, date, bool]:
    year = rng.randint(*born_between)
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    female = rng.random() < 0.5
    return pesel_for(birth, rng.randint(0, 999), female), birth, female

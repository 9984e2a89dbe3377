"""Dues per payer and month from the declarations ZUS accepted.

A monthly set counts once it is ``accepted`` (its receipt checked out). For each payer and month the
accepted set with the highest declaration number wins: a correction (korekta) states the month's full
amounts again and so replaces what it corrects. The fund split is read from the set's DRA once and
kept in ``account_dues`` (a cache that can be rebuilt: delete its rows and they come back)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Protocol

from ..period import Period
from ..workdays import PayerType, monthly_deadline
from .allocation import MonthDues
from .funds import FundAmounts
from .money import ZERO
from .store import AccountStore, StoredDues

log = logging.getLogger(__name__)


class AcceptedSets(Protocol):
    """What the account needs from the documents area (DocumentService implements it)."""

    def list_sets(self, payer_id=None, period=None, status=None, kind=None) -> list: ...
    def get_set(self, set_id: int): ...


def fund_split(dra) -> FundAmounts:
    """The DRA's amounts by fund (DRA IV p37, VI, VII p1, VII p2, VIII p3)."""
    def d(value) -> Decimal:
        return Decimal(value or ZERO)

    return FundAmounts(d(dra.social_total), d(dra.health_total), d(dra.fp), d(dra.fgsp), d(dra.fep))


class DuesBook:
    def __init__(self, store: AccountStore, documents: AcceptedSets,
                 payer_types: Callable[[], dict[int, PayerType]]) -> None:
        self.store = store
        self.documents = documents
        self.payer_types = payer_types

    def refresh(self) -> int:
        """Read the fund split of accepted sets not yet in the cache; returns how many were added."""
        cached = self.store.cached_dues()
        new = []
        for info in self.documents.list_sets(status="accepted", kind="monthly"):
            if info.id in cached or info.payer_id is None or not info.period:
                continue
            ds = self.documents.get_set(info.id)
            if ds.dra is None:
                log.warning("accepted set %s has no DRA; not in the account", info.id)
                continue
            new.append(StoredDues(info.id, info.payer_id, info.period, info.number, fund_split(ds.dra)))
        self.store.put_dues(new)
        return len(new)

    def by_payer(self) -> dict[int, list[MonthDues]]:
        """payer id → the effective dues of each month (the accepted set with the highest number)."""
        types = self.payer_types()
        best: dict[tuple[int, str], StoredDues] = {}
        for item in self.store.cached_dues().values():
            key = (item.payer_id, item.period)
            current = best.get(key)
            if current is None or (item.number, item.set_id) > (current.number, current.set_id):
                best[key] = item
        out: dict[int, list[MonthDues]] = {}
        for (payer_id, period_text), item in best.items():
            period = Period.parse(period_text)
            deadline = monthly_deadline(types.get(payer_id, PayerType.OTHER), period)
            out.setdefault(payer_id, []).append(MonthDues(period, deadline, item.amounts, item.set_id, item.number))
        for months in out.values():
            months.sort(key=lambda m: m.deadline)
        return out

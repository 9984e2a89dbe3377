"""The matters one can book an e-visit for (one matter per visit) and what to prepare for each.

The relief advisor (doradca ds. ulg i umorzeń, since 23.11.2020) handles instalments, deferral,
suspension of enforcement and write-off; the general sections are the three the booking page shows
(relief-and-evisits.md §3). The checklists live in ``checklists.json`` next to this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import UserFacingError
from ..i18n import Text, t

RELIEF = "relief"    # served by the relief advisor
GENERAL = "general"  # served by the general sections


@dataclass(frozen=True)
class Topic:
    id: str
    label: Text
    kind: str
    form: str = ""  # the ZUS application form the matter usually leads to (RSR, RSO, REZ, RSU)

    @property
    def is_relief(self) -> bool:
        return self.kind == RELIEF


TOPICS: tuple[Topic, ...] = (
    Topic("raty", t("Rozłożenie zadłużenia na raty", "Spreading the debt into instalments"), RELIEF, "RSR"),
    Topic("odroczenie", t("Odroczenie terminu płatności", "Deferral of the payment date"), RELIEF, "RSO"),
    Topic("zawieszenie-egzekucji", t("Zawieszenie postępowania egzekucyjnego", "Suspension of enforcement"),
          RELIEF, "REZ"),
    Topic("umorzenie", t("Umorzenie należności", "Write-off of the debt"), RELIEF, "RSU"),
    Topic("firmy", t("Firmy i pracownicy", "Firms and employees"), GENERAL),
    Topic("zasilki", t("Zasiłki", "Benefits"), GENERAL),
    Topic("emerytury", t("Emerytury i renty", "Pensions"), GENERAL),
)
TOPIC_IDS = tuple(tp.id for tp in TOPICS)

UNKNOWN_TOPIC = t("Nieznany temat e-wizyty „{topic}”.", "Unknown e-visit topic '{topic}'.")
TOPIC_HINT = t("Dozwolone: {allowed}.", "Allowed: {allowed}.")


def get_topic(topic_id: str) -> Topic:
    for tp in TOPICS:
        if tp.id == topic_id:
            return tp
    raise UserFacingError(UNKNOWN_TOPIC(topic=topic_id), hint=TOPIC_HINT(allowed=", ".join(TOPIC_IDS)))


@lru_cache(maxsize=1)
def _checklist_data() -> dict:
    return json.loads((Path(__file__).with_name("checklists.json")).read_text(encoding="utf-8"))


def checklist(topic_id: str, proxy: bool = False) -> list[Text]:
    """What to have at hand for a visit on ``topic_id`` (topic items first, then the common ones)."""
    get_topic(topic_id)
    data = _checklist_data()
    items = [*data["topics"].get(topic_id, []), *data["common"], *(data["proxy"] if proxy else [])]
    return [Text(item["pl"], item["en"]) for item in items]

"""Choosing a settlement period: a list of months ("listopad 2026"), optionally "all periods".

A period is a month, not a day: a calendar that asks for a day (and then ignores it) misleads. The
list runs from the newest month offered down to the oldest, so the usual choice is near the top; a
page that filters by period lets the person pick "— all periods —" as well.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from ...period import Period


class MonthPicker(QComboBox):
    period_changed = Signal(object)  # Period | None (None = all periods)

    def __init__(self, parent: QWidget | None = None, *, allow_all: bool = False) -> None:
        super().__init__(parent)
        self.allow_all = allow_all
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.setMaxVisibleItems(15)
        self.currentIndexChanged.connect(lambda _i: self.period_changed.emit(self.period()))

    def set_range(self, newest: Period, oldest: Period, selected: Period | None = None) -> None:
        """Offer the months from ``newest`` back to ``oldest``; select ``selected`` (or keep the choice)."""
        keep = self.period() if self.count() else None
        wanted = selected if selected is not None else keep
        self.blockSignals(True)
        self.clear()
        if self.allow_all:
            self.addItem(self.tr("— all periods —"), None)
        period = newest
        while period >= oldest:
            self.addItem(self.month_name(period), period)
            period = period.prev()
        self.blockSignals(False)
        self.set_period(wanted)
        if wanted is None and not self.allow_all and self.count():
            self.setCurrentIndex(0)

    @staticmethod
    def month_name(period: Period) -> str:
        name = QLocale().standaloneMonthName(period.month, QLocale.FormatType.LongFormat)
        return f"{name} {period.year}"

    def period(self) -> Period | None:
        return self.currentData()

    def set_period(self, period: Period | None) -> None:
        """Select ``period``; a month outside the list is added in its place (newest first)."""
        if period is None:
            if self.allow_all:
                self.setCurrentIndex(0)
            return
        index = next((i for i in range(self.count()) if self.itemData(i) == period), -1)
        if index < 0:
            position = next((i for i in range(self.count())
                             if self.itemData(i) is not None and self.itemData(i) < period), self.count())
            self.insertItem(position, self.month_name(period), period)
            index = position
        self.setCurrentIndex(index)

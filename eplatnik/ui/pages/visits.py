"""Placeholder page — booking video consultations with ZUS. Delivered by the e-visits work (issue 6)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..context import UiContext
from .base import ComingPage, Page


def create_page(ctx: UiContext) -> Page:
    return ComingPage(
        ctx,
        QCoreApplication.translate("VisitsPage", "E-visits"),
        QCoreApplication.translate("VisitsPage", "Book a video consultation (e-wizyta) with a ZUS advisor on relief and instalments. This area is not available in this version yet."),
        QCoreApplication.translate("VisitsPage", "Meanwhile use the command line: eplatnik-cli visits --help."))

"""Placeholder page — KEDU declarations. Delivered by the declarations work (issue 3)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..context import UiContext
from .base import ComingPage, Page


def create_page(ctx: UiContext) -> Page:
    return ComingPage(
        ctx,
        QCoreApplication.translate("DocumentsPage", "Documents"),
        QCoreApplication.translate("DocumentsPage", "Monthly declaration sets (ZUS DRA with RCA/RSA) and registration documents (ZUA, ZZA, ZWUA, ZIUA) will be prepared, verified and printed here. This area is not available in this version yet."),
        QCoreApplication.translate("DocumentsPage", "Meanwhile use the command line: eplatnik-cli kedu --help."))

"""Placeholder page — submission and receipts. Delivered by the submission work (issue 5)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..context import UiContext
from .base import ComingPage, Page


def create_page(ctx: UiContext) -> Page:
    return ComingPage(
        ctx,
        QCoreApplication.translate("SubmissionsPage", "Submission and receipts"),
        QCoreApplication.translate("SubmissionsPage", "Signed declaration sets will be sent to the ZUS gateway from here, and the official receipts kept as evidence. This area is not available in this version yet."),
        QCoreApplication.translate("SubmissionsPage", "Meanwhile use the command line: eplatnik-cli submit --help."))

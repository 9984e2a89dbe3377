"""A page of a letter's PDF as a PNG image, for the preview in the GUI (no Qt here).

PySide6-Essentials has no QtPdf (that module is in the much larger PySide6-Addons), and reportlab
only writes PDFs, so pages are rendered with PDFium (``pypdfium2``, a small wheel with the engine
Chrome uses) and handed to the UI as PNG bytes. Rendering runs on a worker thread of the caller.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

from ..errors import UserFacingError
from ..i18n import t

CANNOT_RENDER = t("Nie można wyświetlić podglądu PDF: {detail}", "Cannot show the PDF preview: {detail}")
_lock = threading.Lock()  # PDFium is not thread-safe: one rendering at a time per process


@dataclass(frozen=True)
class PagePreview:
    png: bytes
    page: int        # 0-based
    pages: int
    width: int
    height: int


def render_page(pdf: bytes, page: int = 0, width: int = 900) -> PagePreview:
    """Page ``page`` of ``pdf`` scaled to ``width`` pixels, as PNG."""
    import pypdfium2 as pdfium

    with _lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise UserFacingError(CANNOT_RENDER(detail=str(exc))) from None
        try:
            count = len(document)
            if count == 0:
                raise UserFacingError(CANNOT_RENDER(detail="0 pages"))
            index = max(0, min(page, count - 1))
            pdf_page = document[index]
            scale = width / max(pdf_page.get_width(), 1.0)
            image = pdf_page.render(scale=scale).to_pil()
            pdf_page.close()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return PagePreview(out.getvalue(), index, count, image.width, image.height)

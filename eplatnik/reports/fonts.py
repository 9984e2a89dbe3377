"""A TrueType font with Polish glyphs for reportlab (its built-in Helvetica has no ą, ę, ł, ż…).

``register_fonts()`` finds DejaVu Sans (the usual Linux package, or a copy next to the program,
or ``EPLATNIK_FONT_DIR``) and registers "PL" and "PL-Bold"; reportlab's bundled Vera is the last
resort (it lacks some Polish letters, so a warning is logged).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

REGULAR = "PL"
BOLD = "PL-Bold"

_CANDIDATE_DIRS = [
    Path(__file__).resolve().parent.parent / "resources" / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
]
_lock = threading.Lock()
_registered = False


def _find(name: str) -> Path | None:
    dirs = list(_CANDIDATE_DIRS)
    if os.environ.get("EPLATNIK_FONT_DIR"):
        dirs.insert(0, Path(os.environ["EPLATNIK_FONT_DIR"]))
    for directory in dirs:
        path = directory / name
        if path.is_file():
            return path
    return None


def register_fonts() -> tuple[str, str]:
    """Register (once) and return the (regular, bold) font names to use in reportlab."""
    global _registered
    with _lock:
        if not _registered:
            regular, bold = _find("DejaVuSans.ttf"), _find("DejaVuSans-Bold.ttf")
            if regular is None:
                import reportlab

                vera = Path(reportlab.__file__).parent / "fonts"
                log.warning("DejaVu Sans not found; using Vera (some Polish letters may be missing)")
                regular, bold = vera / "Vera.ttf", vera / "VeraBd.ttf"
            pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
            pdfmetrics.registerFont(TTFont(BOLD, str(bold or regular)))
            _registered = True
    return REGULAR, BOLD

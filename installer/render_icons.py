"""Render the application icon (``eplatnik/resources/icons/eplatnik.svg``) with Qt at build time.

    python installer/render_icons.py OUT_DIR

Writes ``eplatnik-48.png``, ``-128.png``, ``-256.png`` (Linux desktop entry, AppStream),
``eplatnik.ico`` (Windows: 16…256) and ``eplatnik.icns`` (macOS). The PNGs are never drawn by hand:
the SVG is the only source. Runs offscreen, so no display is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "eplatnik" / "resources" / "icons" / "eplatnik.svg"
PNG_SIZES = (48, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")

    def image(size: int) -> QImage:
        img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(Qt.GlobalColor.transparent)
        painter = QPainter(img)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        return img

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        path = out_dir / f"eplatnik-{size}.png"
        if not image(size).save(str(path), "PNG"):
            raise SystemExit(f"cannot write {path}")
        written.append(path)
    formats = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    if "ico" in formats:  # Qt's ICO writer stores one image per file: keep the largest (Windows scales it)
        path = out_dir / "eplatnik.ico"
        if image(256).save(str(path), "ICO"):
            written.append(path)
    if "icns" in formats:
        path = out_dir / "eplatnik.icns"
        if image(512).save(str(path), "ICNS"):
            written.append(path)
    return written


if __name__ == "__main__":
    for p in render(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "icons")):
        print(p)  # noqa: T201

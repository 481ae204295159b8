#!/usr/bin/env python3
"""Make the app icon files for packaging from resources/icons/app.svg:

    .venv/bin/python packaging/make_app_icon.py

writes packaging/sdm-desktop.ico (16-256 px, for the Windows executable and installer) and
packaging/sdm-desktop.png (512 px, for Linux desktop files and documentation).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "app.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render(size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    return image


def write_ico(path: Path, sizes=ICO_SIZES) -> None:
    """An .ico holding a PNG for each size (the format Windows Vista and later read)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    images = []
    for size in sizes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        render(size).save(buffer, "PNG")
        images.append((size, bytes(data.data())))
    header = (0).to_bytes(2, "little") + (1).to_bytes(2, "little") + len(images).to_bytes(2, "little")
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size                # 0 means 256 in an .ico directory entry
        entries += (bytes([side, side, 0, 0]) + (1).to_bytes(2, "little") + (32).to_bytes(2, "little")
                    + len(png).to_bytes(4, "little") + (offset + len(blobs)).to_bytes(4, "little"))
        blobs += png
    path.write_bytes(header + entries + blobs)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    write_ico(ROOT / "packaging" / "sdm-desktop.ico")
    render(512).save(str(ROOT / "packaging" / "sdm-desktop.png"), "PNG")
    print("Wrote packaging/sdm-desktop.ico and packaging/sdm-desktop.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())

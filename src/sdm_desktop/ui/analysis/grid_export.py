"""Save the power/interest grid as PNG or as a one-page A4/A3 landscape PDF, or print it.

Files are written to a temporary name in the same folder and renamed at the end, so a failed
export never leaves half a file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from sdm_desktop.errors import UserError

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
PNG_SCALE = 1.6


def paint_grid(painter: QPainter, target: QRectF, scene, title: str, subtitle: str) -> None:
    """Draw a title band and the whole scene, keeping its proportions, into ``target``."""
    band = max(24.0, target.height() * 0.075)
    title_font = QFont()
    title_font.setPixelSize(max(10, int(band * 0.42)))
    title_font.setBold(True)
    sub_font = QFont()
    sub_font.setPixelSize(max(8, int(band * 0.26)))
    painter.setPen(QColor("#000000"))
    width = target.width()
    painter.setFont(title_font)
    painter.drawText(QRectF(target.left(), target.top(), width, band * 0.55),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, _fitted(painter, title, width))
    painter.setFont(sub_font)
    painter.drawText(QRectF(target.left(), target.top() + band * 0.55, width, band * 0.45),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, _fitted(painter, subtitle, width))
    painter.setFont(QFont())
    area = QRectF(target.left(), target.top() + band, target.width(), target.height() - band)
    scene.render(painter, area, scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)


def _fitted(painter: QPainter, text: str, width: float) -> str:
    """The text on one line of the page: a long round name or many filters first make the font smaller
    (down to two thirds), then end in "…", instead of running off the paper."""
    font = QFont(painter.font())
    smallest = max(6, int(font.pixelSize() * 2 / 3))
    while painter.fontMetrics().horizontalAdvance(text) > width and font.pixelSize() > smallest:
        font.setPixelSize(font.pixelSize() - 1)
        painter.setFont(font)
    return painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(width))


def _temporary(path: Path) -> Path:
    if not path.parent.is_dir():
        raise UserError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    if path.is_dir():
        raise UserError(f"Cannot write {path}: it is a folder; give a file name ending in {path.suffix}.")
    try:
        handle, temp = tempfile.mkstemp(prefix=".grid-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    os.close(handle)
    return Path(temp)


def _finish(temp: Path, path: Path, ok: bool) -> Path:
    if not ok or temp.stat().st_size == 0:
        temp.unlink(missing_ok=True)
        raise UserError(f"Could not write {path}.")
    try:
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    return path


def render_png(scene, title: str, subtitle: str) -> QImage:
    """The grid as an image (GUI thread: it reads the scene's items)."""
    source = scene.sceneRect()
    band = source.height() * 0.08
    image = QImage(int((source.width() + 24) * PNG_SCALE), int((source.height() + band + 24) * PNG_SCALE),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = 12 * PNG_SCALE
    paint_grid(painter, QRectF(margin, margin, image.width() - 2 * margin, image.height() - 2 * margin),
               scene, title, subtitle)
    painter.end()
    return image


def write_png(image: QImage, path: Path) -> Path:
    """Encode and write the image; safe on a worker thread (the image is not shared)."""
    path = Path(path)
    temp = _temporary(path)
    try:
        ok = image.save(str(temp), "PNG")
        return _finish(temp, path, ok)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def check_png_target(path: Path) -> None:
    """Refuse a missing folder or a folder given as the file before any drawing is done."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    if path.is_dir():
        raise UserError(f"Cannot write {path}: it is a folder; give a file name ending in {path.suffix}.")


def save_png(scene, path: Path, title: str, subtitle: str) -> Path:
    check_png_target(path)
    return write_png(render_png(scene, title, subtitle), path)


def page_layout(page: str) -> QPageLayout:
    if page.upper() not in PAGE_SIZES:
        raise UserError(f"Unknown page size {page!r}; use A4 or A3.")
    return QPageLayout(QPageSize(PAGE_SIZES[page.upper()]), QPageLayout.Orientation.Landscape,
                       QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)


def paint_on_device(device, scene, title: str, subtitle: str) -> None:
    """One page on a PDF writer or printer, scaled to its printable area."""
    painter = QPainter()
    if not painter.begin(device):
        raise UserError("Could not start drawing on the page (is the printer available?).")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = device.pageLayout().paintRectPixels(device.resolution())
        paint_grid(painter, QRectF(0, 0, rect.width(), rect.height()), scene, title, subtitle)
    finally:
        painter.end()


def save_pdf(scene, path: Path, title: str, subtitle: str, page: str = "A4") -> Path:
    path = Path(path)
    layout = page_layout(page)
    temp = _temporary(path)
    try:
        writer = QPdfWriter(str(temp))
        writer.setResolution(300)
        writer.setPageLayout(layout)
        writer.setTitle(title)
        writer.setCreator("SDM Desktop")
        paint_on_device(writer, scene, title, subtitle)
        del writer
        return _finish(temp, path, True)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def save_grid(scene, path: Path, title: str, subtitle: str, page: str = "A4") -> Path:
    suffix = Path(path).suffix.lower()
    if suffix == ".png":
        return save_png(scene, path, title, subtitle)
    if suffix == ".pdf":
        return save_pdf(scene, path, title, subtitle, page)
    raise UserError(f"Cannot save the grid as {Path(path).name}: the file name must end in .png or .pdf.")

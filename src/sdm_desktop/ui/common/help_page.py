"""A help page from resources/help, shown in a plain, readable window."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from sdm_desktop.paths import resources_dir
from sdm_desktop.services.core.vocab import GLOSSARY


class HelpPage(QDialog):
    def __init__(self, html: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("SDM Desktop help")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Help text")
        self.browser.setHtml(html)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)

    @classmethod
    def show_page(cls, parent: QWidget | None, name: str) -> None:
        cls(help_html(name), parent).exec()


def help_html(name: str) -> str:
    """A page of resources/help, with the words SDM Desktop uses explained at its end."""
    path = resources_dir() / "help" / name
    try:
        html = path.read_text(encoding="utf-8")
    except OSError:
        html = f"<p>The help page {name} is missing from {path.parent}.</p>"
    words = "".join(f"<dt><b>{escape(term, quote=False)}</b></dt><dd>{escape(text, quote=False)}</dd>"
                    for term, text in GLOSSARY.items())
    glossary = f"<h2>Words used in SDM Desktop</h2><dl>{words}</dl>"
    return html.replace("</body>", glossary + "</body>") if "</body>" in html else html + glossary

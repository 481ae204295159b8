"""A bar chart as plain data, drawn by ``ui/common/charts`` on screen or as a PNG (services never import Qt:
a report is handed a function that turns a ``BarChart`` into PNG bytes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None                 # None: not shown (e.g. suppressed); the bar's note says why
    marker: float | None = None         # a reference value drawn across the bar (e.g. the population's share)
    note: str = ""                      # shown after the value, e.g. "<5" or "‡"
    flagged: bool = False               # drawn with a pattern as well as colour (e.g. under-represented)
    parts: tuple[float, ...] = ()       # a stacked bar: one value per chart.series, summing to ``value``


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    unit: str = "%"
    maximum: float | None = None        # the scale's end; None: from the values
    horizontal: bool = True
    value_name: str = "Engaged"
    marker_name: str = "Population"
    flag_name: str = "Under-represented"
    series: tuple[str, ...] = ()        # a stacked chart's parts, in order (legend and table columns)

    def number(self, value: float) -> str:
        """A value as the chart shows it: whole counts without decimals, anything else to one place."""
        if self.unit == "" and float(value).is_integer():
            return f"{value:,.0f}"
        return f"{value:.1f}{self.unit}"

    def description(self) -> str:
        """The chart as text (its accessible description and alt text in documents)."""
        parts = []
        for bar in self.bars:
            value = "not shown" if bar.value is None else self.number(bar.value)
            text = f"{bar.label}: {self.value_name.lower()} {value}{(' ' + bar.note) if bar.note else ''}"
            shares = [f"{name.lower()} {self.number(part)}" for name, part in zip(self.series, bar.parts, strict=False)
                      if part]
            if shares:
                text += " (" + ", ".join(shares) + ")"
            if bar.marker is not None:
                text += f", {self.marker_name.lower()} {self.number(bar.marker)}"
            if bar.flagged:
                text += f" ({self.flag_name.lower()})"
            parts.append(text)
        return f"{self.title}. " + "; ".join(parts) + "." if parts else f"{self.title}: no figures."


ChartPng = Callable[[BarChart], bytes]


def put_charts_in_docx(path, marks: dict[str, BarChart], chart_png: ChartPng, width_cm: float = 16) -> None:
    """Each paragraph of the Word document at ``path`` that holds only one of ``marks`` becomes that chart, drawn
    by ``chart_png``, its text the picture's alt text."""
    import io

    from docx import Document
    from docx.shared import Cm

    document = Document(str(path))
    for paragraph in document.paragraphs:
        chart = marks.get(paragraph.text.strip())
        if chart is None:
            continue
        for run in paragraph.runs:
            run.text = ""
        picture = paragraph.runs[0] if paragraph.runs else paragraph.add_run()
        shape = picture.add_picture(io.BytesIO(chart_png(chart)), width=Cm(width_cm))
        shape._inline.docPr.set("descr", chart.description())
        shape._inline.docPr.set("title", chart.title)
    document.save(str(path))

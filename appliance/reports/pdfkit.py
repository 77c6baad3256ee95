"""Shared reportlab building blocks: styles, value formatting, readable tables, page footer."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from appliance.reports.fonts import PdfFonts
from appliance.reports.i18n import column

PAGE = A4
MARGIN = 16 * mm
WIDTH = PAGE[0] - 2 * MARGIN
HEADER_BG = colors.HexColor("#E8EEF5")
GRID = colors.HexColor("#B8C4D0")


@dataclass
class Styles:
    """Paragraph styles for one document, in its fonts."""

    fonts: PdfFonts

    def __post_init__(self) -> None:
        r, b = self.fonts.regular, self.fonts.bold
        self.title = ParagraphStyle("t", fontName=b, fontSize=18, leading=23, spaceAfter=4)
        self.h1 = ParagraphStyle(
            "h1",
            fontName=b,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=colors.HexColor("#1F3B57"),
        )
        self.h2 = ParagraphStyle("h2", fontName=b, fontSize=10, leading=13, spaceBefore=6, spaceAfter=3)
        self.body = ParagraphStyle("b", fontName=r, fontSize=9, leading=12.5, alignment=TA_LEFT)
        self.small = ParagraphStyle(
            "s", fontName=r, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")
        )
        self.cell = ParagraphStyle("c", fontName=r, fontSize=7, leading=8.6, wordWrap="CJK")
        self.head = ParagraphStyle("h", fontName=b, fontSize=7, leading=8.6, wordWrap="CJK")
        self.good = ParagraphStyle("g", parent=self.body, fontName=b, textColor=colors.HexColor("#1B7F3B"))
        self.bad = ParagraphStyle("x", parent=self.body, fontName=b, textColor=colors.HexColor("#B3261E"))


def fmt_value(value: Any, lang: str) -> str:
    """A value as short, readable text (full values stay in the CSV and JSON files)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt_value(v, lang) for v in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{k}={fmt_value(v, lang)}" for k, v in value.items()) or "–"
    text = str(value)
    if len(text) >= 19 and text[4:5] == "-" and text[10:11] == "T":
        return text[:19].replace("T", " ")
    if len(text) == 64 and all(c in "0123456789abcdef" for c in text):
        return text[:16] + "…"
    return text


def p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def display_len(text: str) -> int:
    """Width in Latin characters: CJK characters count double."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _widths(columns: Sequence[str], cells: list[list[str]]) -> list[float]:
    weights = []
    for i, col in enumerate(columns):
        longest = max([display_len(col)] + [display_len(row[i]) for row in cells[:80]])
        weights.append(min(max(longest, 4), 34))
    total = sum(weights)
    return [WIDTH * w / total for w in weights]


def data_table(columns: Sequence[str], rows: Sequence[dict[str, Any]], st: Styles, lang: str) -> Table:
    """A table with a repeated header row, zebra rows and wrapped cells."""
    cells = [[fmt_value(row.get(c), lang) for c in columns] for row in rows]
    body = [[p(column(c, lang), st.head) for c in columns]]
    body += [[p(v, st.cell) for v in row] for row in cells]
    table = Table(body, colWidths=_widths([column(c, lang) for c in columns], cells), repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F7F9FB")) for i in range(2, len(body), 2)]
    table.setStyle(TableStyle(style))
    return table


def key_value_table(pairs: Sequence[tuple[str, str]], st: Styles) -> Table:
    """Two columns, label and value, for summaries."""
    body = [[p(k, st.head), p(v, st.cell)] for k, v in pairs]
    table = Table(body, colWidths=[WIDTH * 0.3, WIDTH * 0.7])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_BG),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def footer(text: str, fonts: PdfFonts, page_label: Callable[[int], str]) -> Callable[[Any, Any], None]:
    """A page callback drawing a rule, `text` and the page number at the bottom."""

    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(GRID)
        canvas.line(MARGIN, 12 * mm, PAGE[0] - MARGIN, 12 * mm)
        canvas.setFont(fonts.regular, 7)
        canvas.drawString(MARGIN, 8 * mm, text)
        canvas.drawRightString(PAGE[0] - MARGIN, 8 * mm, page_label(doc.page))
        canvas.restoreState()

    return draw

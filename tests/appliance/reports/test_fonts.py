"""CJK fonts for PDFs: subsets of Noto Sans CJK converted to TrueType, each under its own name."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from appliance.reports.fonts import find_cjk_font, latin_only, pdf_fonts

pytestmark = pytest.mark.skipif(
    find_cjk_font() is None, reason="no CJK font installed (Debian: fonts-noto-cjk)"
)


def _pdf(text: str, path: Path) -> Path:
    from reportlab.pdfgen import canvas

    fonts = pdf_fonts(text)
    c = canvas.Canvas(str(path))
    c.setFont(fonts.regular, 14)
    c.drawString(40, 760, text)
    c.save()
    return path


def test_when_text_is_latin_then_standard_fonts_and_nothing_embedded() -> None:
    assert latin_only("Compliance report – 2025") and pdf_fonts("Compliance report").regular == "Helvetica"
    assert not latin_only("合规")


def test_when_two_documents_use_different_characters_then_each_subset_has_its_own_glyphs(
    tmp_path: Path,
) -> None:
    from fontTools.ttLib import TTFont
    from reportlab.pdfbase import pdfmetrics

    first, second = pdf_fonts("合规审计报告"), pdf_fonts("患者主诉院不可能")
    assert first.regular != second.regular and first.embedded
    for fonts, text in ((first, "合规审计报告"), (second, "患者主诉院不可能")):
        face = pdfmetrics.getFont(fonts.regular).face
        assert all(ord(ch) in face.charToGlyph for ch in text)
    from appliance.reports.fonts import truetype_subset

    font = TTFont(io.BytesIO(truetype_subset(str(find_cjk_font()), frozenset("患者"), "X-test")))
    assert font["name"].getDebugName(6) == "X-test" and "glyf" in font
    if shutil.which("pdftotext"):  # the PDF text layer shows the glyphs really map back to the characters
        for text in ("合规审计报告", "患者主诉院不可能"):
            pdf = _pdf(text, tmp_path / f"{len(text)}.pdf")
            assert (
                subprocess.run(
                    ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
                ).stdout.strip()
                == text
            )

"""Fonts for PDFs and charts: Latin text in Helvetica, anything else in Noto Sans CJK SC.

reportlab embeds only TrueType outlines, and Debian's `fonts-noto-cjk` ships CFF (PostScript)
outlines, so per document we subset the CJK font to the characters used and convert the
subset's outlines to TrueType with fontTools (about a second; nothing is written to disk).
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CJK_ENV = "CORPUSBOX_CJK_FONT"
FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/opentype/noto-cjk",
    "/usr/share/fonts/noto-cjk",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
REGULAR = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf")
BOLD = ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "NotoSansSC-Bold.otf")
# Always in the subset, so headers, numbers and punctuation render even when the data has none.
BASE_CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "…–—‘’“”·•×→≥≤εδ，。：；（）、《》％是否"


@dataclass(frozen=True)
class PdfFonts:
    """The reportlab font names to use, and why (for the report's footer and logs)."""

    regular: str
    bold: str
    embedded: bool
    note: str = ""


def find_cjk_font(bold: bool = False) -> Path | None:
    """The Noto Sans CJK file on this machine (or the one named by CORPUSBOX_CJK_FONT)."""
    if not bold and os.environ.get(CJK_ENV):
        path = Path(os.environ[CJK_ENV])
        return path if path.is_file() else None
    for folder in FONT_DIRS:
        for name in BOLD if bold else REGULAR:
            path = Path(folder) / name
            if path.is_file():
                return path
    return None


def _sc_index(path: Path) -> int:
    """The Simplified-Chinese face of a collection (glyph shapes differ between SC, TC, JP, KR)."""
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection

    coll = TTCollection(str(path), lazy=True)
    for i, font in enumerate(coll.fonts):
        if " SC" in (font["name"].getDebugName(1) or ""):
            return i
    return 0


@lru_cache(maxsize=16)
def truetype_subset(path: str, chars: frozenset[str], ps_name: str) -> bytes:
    """A TrueType-outline subset of the font at `path` covering `chars`, renamed `ps_name`.

    The rename matters: reportlab keys embedded faces by their PostScript name, so a second subset
    of the same font under its original name would be drawn with the first subset's glyphs.
    """
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(path, fontNumber=_sc_index(Path(path)), lazy=True)
    opts = subset.Options()
    opts.name_IDs, opts.layout_features, opts.hinting, opts.desubroutinize = ["*"], [], False, True
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(sorted(chars)))
    sub.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font, TTGlyphPen, Cu2QuPen, newTable)
    names = font["name"]
    names.removeNames(nameID=6)
    for name_id in (1, 4, 6):
        names.setName(ps_name, name_id, 3, 1, 0x409)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font, pen_cls, cu2qu_cls, new_table) -> None:  # type: ignore[no-untyped-def]
    """Replace CFF outlines by quadratic TrueType ones (what reportlab can embed)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = new_table("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = pen_cls(glyph_set)
        glyph_set[name].draw(cu2qu_cls(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, new_table("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat, font["head"].glyphDataFormat = 0, 0
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion = "\000\001\000\000"


def latin_only(text: str) -> bool:
    """Whether the standard PDF fonts (WinAnsi) can show all of `text`."""
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def pdf_fonts(text: str) -> PdfFonts:
    """Fonts covering every character of `text`, registered with reportlab."""
    if latin_only(text):
        return PdfFonts("Helvetica", "Helvetica-Bold", embedded=False, note="standard PDF fonts")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = find_cjk_font()
    if regular is None:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return PdfFonts(
            "STSong-Light",
            "STSong-Light",
            embedded=False,
            note="no CJK font installed (Debian: fonts-noto-cjk); viewer's font used",
        )
    bold = find_cjk_font(bold=True) or regular
    chars = frozenset(text) | frozenset(BASE_CHARS)
    tag = hashlib.sha256("".join(sorted(chars)).encode()).hexdigest()[:10]
    names = []
    for label, path in (("R", regular), ("B", bold)):
        name = f"CbxCJK{label}-{tag}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(truetype_subset(str(path), chars, name))))
        names.append(name)
    return PdfFonts(names[0], names[1], embedded=True, note=f"{regular.name} (subset)")


def configure_matplotlib() -> None:
    """Let charts fall back to Noto Sans CJK SC for characters DejaVu Sans lacks."""
    import matplotlib
    from matplotlib import font_manager

    families = ["DejaVu Sans"]
    path = find_cjk_font()
    if path is not None:
        try:
            font_manager.fontManager.addfont(str(path))
            families.append("Noto Sans CJK SC")
        except (OSError, RuntimeError, ValueError):
            pass
    matplotlib.rcParams["font.family"] = families
    matplotlib.rcParams["axes.unicode_minus"] = False

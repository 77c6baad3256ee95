"""Quality filters: length, language, boilerplate. Each returns the reason a document is dropped, or None."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

BOILERPLATE_LINES = (
    "this document is confidential", "page", "printed on", "electronically signed", "end of report",
    "do not distribute", "本文件保密", "打印时间", "第", "页",
)
_WORDISH = re.compile(r"[A-Za-z\u4e00-\u9fff]")


class QualityConfig(BaseModel):
    """Thresholds of the quality filters (recorded in the snapshot manifest)."""

    min_chars: int = Field(20, ge=0, description="Shorter documents are dropped")
    max_chars: int = Field(200_000, ge=1, description="Longer documents are dropped")
    languages: list[str] = Field(default_factory=lambda: ["en", "zh"], description="Languages kept")
    max_boilerplate_share: float = Field(0.6, ge=0, le=1, description="Drop when this share of lines is boilerplate")
    min_letter_share: float = Field(0.25, ge=0, le=1, description="Drop when fewer characters than this are letters")


def verdict(text: str, language: str, cfg: QualityConfig) -> str | None:
    """Why a document fails the filters (too_short, too_long, language, boilerplate, not_text) or None."""
    n = len(text.strip())
    if n < cfg.min_chars:
        return "too_short"
    if n > cfg.max_chars:
        return "too_long"
    if language not in cfg.languages:
        return "language"
    if len(_WORDISH.findall(text)) < cfg.min_letter_share * n:
        return "not_text"
    lines = [ln.strip().lower() for ln in text.splitlines() if ln.strip()]
    if lines:
        boiler = sum(1 for ln in lines if len(ln) < 80 and ln.startswith(BOILERPLATE_LINES))
        if boiler / len(lines) > cfg.max_boilerplate_share:
            return "boilerplate"
    return None

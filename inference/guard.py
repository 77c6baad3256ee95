"""The optional output guard: the de-identification engine runs on completions before they leave."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any


class OutputGuard:
    """Replaces detected PHI spans in a completion with `[ENTITY_TYPE]`."""

    def __init__(self, languages: list[str] | tuple[str, ...] = ("en", "zh"), engine: Any = None,
                 site_model: Path | None = None) -> None:
        self.languages = tuple(languages)
        self._engine = engine
        self.site_model = site_model  # the box's site-trained tagger, when it has one (as the pipeline uses)
        self._lock = threading.Lock()

    @property
    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                from corpus.deid.engine import DeidEngine

                self._engine = DeidEngine.from_registry(self.languages, site_model=self.site_model)
            return self._engine

    def warm(self) -> None:
        """Load the recognizers now (startup) rather than on the first request."""
        self.redact("warm up")

    def redact(self, text: str) -> tuple[str, int]:
        """The text with PHI spans replaced, and how many were replaced."""
        if not text.strip():
            return text, 0
        findings = sorted(self.engine.analyze(text, language="auto"), key=lambda f: f.start)
        out, last, count = [], 0, 0
        for f in findings:
            if f.start < last:
                continue  # overlapping spans: the earlier one already covers it
            out.append(text[last:f.start])
            out.append(f"[{f.entity_type}]")
            last, count = f.end, count + 1
        out.append(text[last:])
        return "".join(out), count

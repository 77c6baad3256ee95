"""Assemble a document piece by piece, recording exact PHI offsets in the final script."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class DocBuilder:
    """Appends literal text and PHI values; each piece is converted to the document's script first."""

    convert: Callable[[str], str] = lambda s: s
    parts: list[str] = field(default_factory=list)
    spans: list[dict] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> None:
        """Append literal (non-PHI) text."""
        text = self.convert(text)
        self.parts.append(text)
        self.length += len(text)

    def phi(self, entity_type: str, value: str) -> None:
        """Append a PHI value and record its span (end exclusive)."""
        value = self.convert(value)
        if not value:
            return
        self.spans.append(
            {
                "entity_type": entity_type,
                "entity_value": value,
                "start_position": self.length,
                "end_position": self.length + len(value),
            }
        )
        self.parts.append(value)
        self.length += len(value)

    def text(self) -> str:
        """The document so far."""
        return "".join(self.parts)

    def record(self, template_id: str, metadata: dict) -> dict:
        """The presidio-research record for this document."""
        return {"full_text": self.text(), "spans": list(self.spans), "template_id": template_id, "metadata": metadata}

"""A block of 'label  value' lines, for status facts that are not a table."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class Facts(Static):
    """Aligned label/value lines; values are plain text (no markup from data)."""

    DEFAULT_CSS = """
    Facts { height: auto; }
    """

    def show(self, rows: list[tuple[str, str]]) -> None:
        """Replace the lines shown."""
        width = max((len(label) for label, _ in rows), default=0)
        text = Text(no_wrap=False)
        for i, (label, value) in enumerate(rows):
            text.append(label.ljust(width + 2), style="bold")
            text.append(value)
            if i < len(rows) - 1:
                text.append("\n")
        self.update(text)

"""The console's data table: a DataTable whose header follows the column widths new rows bring."""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable


class Table(DataTable):  # type: ignore[type-arg]
    """Textual sizes columns on idle, after rows arrive, but may keep the header line it drew before.

    Re-rendering once the widths settle keeps the header aligned with the rows (seen at 160 columns).
    """

    async def _on_idle(self, event: events.Idle) -> None:
        resized = self._require_update_dimensions
        await super()._on_idle(event)
        if resized:
            self.notify_style_update()  # public path that drops the render caches
            self.refresh()

"""Dialogs of the Corpus screen: cut a snapshot, and one review item (original beside replacement)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from admin_tui.screens.user_dialogs import FormDialog


class SnapshotDialog(FormDialog):
    """Returns {'name', 'sources', 'parent'}; the snapshots service validates them."""

    TITLE_TEXT = "Cut a snapshot (curate the de-identified documents of sources)"

    def __init__(self, name: str, sources: list[str], parent: str | None) -> None:
        super().__init__()
        self.default_name, self.source_names, self.parent_name = name, sources, parent

    def fields(self) -> ComposeResult:
        yield Label("Name (immutable once cut)")
        yield Input(self.default_name, id="name", compact=True)
        yield Label("Sources (comma-separated)")
        yield Input(", ".join(self.source_names), id="sources", compact=True)
        yield Label("Parent snapshot (optional)")
        yield Input(self.parent_name or "", id="parent", compact=True)

    def values(self) -> dict[str, Any] | str:
        name = self.text("name")
        sources = [s.strip() for s in self.text("sources").split(",") if s.strip()]
        if not name:
            return "give the snapshot a name"
        if not sources:
            return "name at least one source"
        return {"name": name, "sources": sources, "parent": self.text("parent") or None}


class ReviewItemDialog(ModalScreen[str | None]):
    """A queue item: the de-identified note, and the original beside it when revealed (data officers).

    Returns the verdict the operator picked ('ok' or 'false_positive'), or None; the screen confirms it.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "close", "Close"), Binding("a", "verdict('ok')", "Approve"),
                Binding("x", "verdict('false_positive')", "False positive")]

    def __init__(self, item: dict[str, Any], may_decide: bool) -> None:
        super().__init__()
        self.item, self.may_decide = item, may_decide

    def compose(self) -> ComposeResult:
        item, f = self.item, self.item.get("finding") or {}
        head = f"Review item {item['id']} ({item['reason']}, {item['status']}), document {item['doc_id'][:12]}"
        if f:
            head += f"\n{f['entity_type']} at [{f['start']}:{f['end']}], score {f['score']:.2f} ({f['recognizer']})"
        with Vertical(classes="dialog review-item"):
            yield Static(head, markup=False, classes="title")
            with Horizontal(classes="side-by-side"):
                if "original_span" in item or "original_text" in item:
                    with VerticalScroll(classes="pane"):
                        yield Label("Original (audited view)")
                        yield Static(item.get("original_span") or item.get("original_text") or "", markup=False)
                with VerticalScroll(classes="pane"):
                    yield Label("De-identified")
                    yield Static(item.get("text") or "(not available)", markup=False)
            if not self.may_decide:
                yield Static("original hidden and decisions off: they need deid.review (data officers)",
                             markup=False, classes="note")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close")
                if self.may_decide:
                    if f:
                        yield Button("False positive (x)", id="false_positive", variant="warning")
                    yield Button("Approve (a)", id="ok", variant="primary")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "verdict":
            return self.may_decide and (parameters[0] == "ok" or bool(self.item.get("finding")))
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "close" else event.button.id)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_verdict(self, verdict: str) -> None:
        self.dismiss(verdict)

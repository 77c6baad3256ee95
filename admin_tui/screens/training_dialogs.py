"""Submit a training job from a template: pick an example, edit the YAML, the service validates it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, Select, TextArea

from admin_tui.screens.user_dialogs import FormDialog


def templates() -> dict[str, str]:
    """The example job files shipped with the product (name -> YAML text)."""
    import training

    folder = Path(training.__file__).parent / "examples"
    return {p.stem: p.read_text() for p in sorted(folder.glob("*.yaml"))}


class SubmitDialog(FormDialog):
    """Returns {'text': yaml}; a validation error from the service reopens it with the message."""

    TITLE_TEXT = "Submit a training job"

    def __init__(self, text: str = "", error: str = "") -> None:
        super().__init__()
        self.templates = templates()
        self.initial, self.error = text, error

    def fields(self) -> ComposeResult:
        names = list(self.templates)
        yield Label("Template (training/examples)")
        options = [(n, n) for n in names]
        if names and not self.initial:
            yield Select(options, value=names[0], id="template", compact=True, prompt="pick a template")
        else:
            yield Select(options, id="template", compact=True, prompt="pick a template")
        yield Label("Job file (YAML)")
        first = self.templates.get(names[0], "") if names else ""
        yield TextArea(self.initial or first, id="yaml", language=None, soft_wrap=False)

    def on_mount(self) -> None:
        if self.error:
            self.query_one("#form-error").update(self.error)  # type: ignore[attr-defined]

    @on(Select.Changed, "#template")
    def _pick(self, event: Select.Changed) -> None:
        if event.value in self.templates:
            self.query_one("#yaml", TextArea).text = self.templates[str(event.value)]

    def values(self) -> dict[str, Any] | str:
        text = self.query_one("#yaml", TextArea).text
        return {"text": text} if text.strip() else "the job file is empty"

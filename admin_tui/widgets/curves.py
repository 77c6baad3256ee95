"""Loss and evaluation curves of a training job: one sparkline per metric, with first/last values."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Sparkline, Static

CURVES = ("loss", "eval_loss", "epsilon")


def series(metrics: list[dict[str, Any]], name: str) -> list[float]:
    """Values of one metric in step order (steps without it skipped)."""
    return [float(m[name]) for m in metrics if name in m]


def summary(metrics: list[dict[str, Any]], name: str) -> str:
    values = series(metrics, name)
    steps = [m["step"] for m in metrics if name in m]
    return f"{name:<9} {values[0]:.4g} -> {values[-1]:.4g} (step {steps[-1]})" if values else f"{name:<9} -"


class Curves(Vertical):
    """Sparklines for the job's loss, eval loss and DP epsilon (whichever it reports)."""

    DEFAULT_CSS = """
    Curves { height: auto; }
    Curves Horizontal { height: 1; }
    Curves .reading { width: 44; }
    Curves Sparkline { width: 1fr; height: 1; }
    """

    metrics: reactive[list[dict[str, Any]]] = reactive(list, recompose=True)
    job: reactive[str] = reactive("", recompose=True)

    def compose(self) -> ComposeResult:
        if not self.job:
            yield Static("select a job to see its curves", classes="note", markup=False)
            return
        if not self.metrics:
            yield Static(f"{self.job}: no metrics yet", classes="note", markup=False)
            return
        for name in CURVES:
            values = series(self.metrics, name)
            if values:
                with Horizontal():
                    yield Static(summary(self.metrics, name), classes="reading", markup=False)
                    yield Sparkline(values, summary_function=min)

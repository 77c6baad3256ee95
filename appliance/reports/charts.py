"""Charts for the PDFs (matplotlib, Agg backend, PNG bytes): activity per day, findings, attribution."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from appliance.reports.i18n import column

COLOURS = {"ok": "#4C78A8", "refused": "#F58518", "failed": "#E45756"}


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from appliance.reports.fonts import configure_matplotlib

    configure_matplotlib()
    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    fig.clf()
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def activity_chart(rows: Sequence[dict[str, Any]], title: str, lang: str) -> bytes:
    """Stacked bars of events per day by outcome."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 2.3))
    days = [r["day"][5:] for r in rows]
    bottom = [0] * len(rows)
    for outcome in ("ok", "refused", "failed"):
        values = [r[outcome] for r in rows]
        ax.bar(
            range(len(rows)),
            values,
            bottom=bottom,
            color=COLOURS[outcome],
            label=column(outcome, lang),
            width=0.8,
        )
        bottom = [b + v for b, v in zip(bottom, values)]
    step = max(1, len(days) // 15)
    ax.set_xticks(range(0, len(days), step), days[::step], rotation=45, ha="right", fontsize=7)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, frameon=False, ncols=3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=7)
    return _png(fig)


def findings_chart(rows: Sequence[dict[str, Any]], title: str, limit: int = 15) -> bytes:
    """Horizontal bars of finding counts per entity type (largest first)."""
    plt = _pyplot()
    top = list(rows)[:limit]
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * max(len(top), 3) + 0.8))
    names = [str(r["entity_type"]) for r in reversed(top)]
    counts = [r["count"] for r in reversed(top)]
    ax.barh(names, counts, color="#54A24B")
    for y, value in enumerate(counts):
        ax.text(value, y, f" {value}", va="center", fontsize=7)
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=7)
    return _png(fig)


def attribution_heatmap(
    inputs: Sequence[str], outputs: Sequence[str], scores: Sequence[Sequence[float]], title: str = ""
) -> bytes:
    """A heat map: rows are output tokens, columns input tokens, colour the signed attribution."""
    import numpy as np

    plt = _pyplot()
    data = np.asarray(scores, dtype=float)
    bound = float(np.abs(data).max()) or 1.0
    fig, ax = plt.subplots(figsize=(min(0.42 * len(inputs) + 1.8, 7.5), 0.32 * len(outputs) + 1.3))
    image = ax.imshow(data, cmap="RdBu_r", vmin=-bound, vmax=bound, aspect="auto")
    ax.set_xticks(range(len(inputs)), [_label(t) for t in inputs], rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(outputs)), [_label(t) for t in outputs], fontsize=7)
    if title:
        ax.set_title(title, fontsize=9)
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02).ax.tick_params(labelsize=6)
    return _png(fig)


def _label(token: str) -> str:
    shown = token.replace("Ġ", " ").replace("▁", " ").replace("\n", "\\n").strip() or "·"
    return shown if len(shown) <= 14 else shown[:13] + "…"

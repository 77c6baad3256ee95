"""Corpus: sources, ingestion and de-identification runs, findings, review queue, snapshots."""

from __future__ import annotations

from admin_tui.screens.pending import PendingScreen


class CorpusScreen(PendingScreen):
    """The corpus pipeline (panels appear as the corpus services land)."""

    MODE = "corpus"
    CAPABILITIES = ("sources", "runs", "findings", "review", "snapshots")
    SUMMARY = "Sources, runs with live progress, findings by entity type, review queue, snapshots and diffs."

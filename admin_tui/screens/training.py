"""Training: jobs with loss and eval curves, submit, cancel and resume, gate, promote and roll back."""

from __future__ import annotations

from admin_tui.screens.pending import PendingScreen


class TrainingScreen(PendingScreen):
    """Training jobs and the model registry (panels appear as the training services land)."""

    MODE = "training"
    CAPABILITIES = ("jobs", "registry")
    SUMMARY = "Jobs with live loss and eval curves, submit from a template, A/B gate, promote and roll back."

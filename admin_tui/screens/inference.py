"""Inference: deployments, loaded models and adapters, A/B weights, latency and token rates."""

from __future__ import annotations

from admin_tui.screens.pending import PendingScreen


class InferenceScreen(PendingScreen):
    """Serving (panels appear as the inference services land)."""

    MODE = "inference"
    CAPABILITIES = ("serving",)
    SUMMARY = "Deployments, loaded models and adapters, A/B weights, latency percentiles and token rates."

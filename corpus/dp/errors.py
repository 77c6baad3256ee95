"""Named errors of the DP package."""

from __future__ import annotations

from appliance.errors import Conflict, CorpusBoxError, NotFound


class DPError(CorpusBoxError):
    """A differential-privacy request is invalid (bounds, epsilon, kind)."""


class BudgetExceededError(Conflict):
    """A release would take a dataset past its total epsilon; nothing was released or charged."""


class UnknownDatasetError(NotFound):
    """No privacy budget is set for the dataset."""

"""Named errors of the training package."""

from __future__ import annotations

from appliance.errors import Conflict, CorpusBoxError, IntegrityError, NotFound


class JobSpecError(CorpusBoxError):
    """A job file is invalid; the message names the key and the allowed values."""


class JobNotFound(NotFound):
    """No job with that id."""


class ModelNotFound(NotFound):
    """No model with that name/version in the registry."""


class JobStateError(Conflict):
    """The job is not in a state that allows the request (e.g. resuming a finished job)."""


class ArtifactIntegrityError(IntegrityError):
    """A model file downloaded from the bucket does not match its recorded SHA-256."""


class PrecisionError(CorpusBoxError):
    """The requested precision cannot run here, or FP8 layers were not really active."""

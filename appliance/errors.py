"""Error types shared by every CorpusBox service; the CLI, console and API render them."""

from __future__ import annotations


class CorpusBoxError(Exception):
    """A failure the user can act on: a message naming the input, and a hint saying what to do."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class ConfigError(CorpusBoxError):
    """The configuration file or an environment override is invalid."""


class NotInitialisedError(CorpusBoxError):
    """The data root has not been initialised yet."""


class ServiceUnavailable(CorpusBoxError):
    """A dependency (object store, database, server) cannot be reached."""

    exit_code = 3


class AuthenticationError(CorpusBoxError):
    """The operator could not be identified (no session, bad password, bad or expired token)."""

    exit_code = 4


class PermissionDenied(CorpusBoxError):
    """The operator's role does not allow the action."""

    exit_code = 5


class NotFound(CorpusBoxError):
    """A named thing (user, token, source, object...) does not exist."""


class Conflict(CorpusBoxError):
    """The request conflicts with what is stored (duplicate name, wrong state)."""


class IntegrityError(CorpusBoxError):
    """Stored data failed a check (hash mismatch, broken audit chain, bad signature)."""

    exit_code = 6

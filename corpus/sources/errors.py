"""Named ingestion errors: each has a stable `code` for run reports; messages never quote file content."""

from __future__ import annotations

from corpus.structured.errors import InputError


class FileTooLargeError(InputError):
    """A file is larger than the source's `max_file_bytes`."""

    code = "file_too_large"


class UnsupportedFileError(InputError):
    """A file's type is not one this source's connector reads."""

    code = "unsupported_file"


class InvalidJsonlError(InputError):
    """A JSONL file has no valid record (each line must be a JSON object with the text field)."""

    code = "invalid_jsonl"


class EmptyFileError(InputError):
    """A file holds no document."""

    code = "empty_file"


class UnreadableFileError(InputError):
    """A file vanished or could not be read while ingesting."""

    code = "unreadable"

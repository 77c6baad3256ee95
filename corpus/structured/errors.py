"""Named errors for structured de-identification; none of them carries a field value (PHI)."""

from __future__ import annotations

from appliance.errors import CorpusBoxError


class StructuredError(CorpusBoxError):
    """Base of every structured de-identification error."""


class PolicyError(StructuredError):
    """A policy file is missing, unreadable or invalid; the message names the key."""


class InputError(StructuredError):
    """One input file or record could not be processed; the rest of the batch goes on."""

    code = "input_error"


class TableSchemaError(InputError):
    """A table's columns do not match its policy (a listed column or the patient key is absent)."""

    code = "table_schema"


class TableFormatError(InputError):
    """A table cannot be parsed (ragged rows, broken quoting, corrupt Parquet)."""

    code = "table_format"


class InputEncodingError(InputError):
    """A file is not in the encoding its policy declares."""

    code = "bad_encoding"


class FhirValidationError(InputError):
    """A FHIR record is not valid R4 JSON of a supported resource type."""

    code = "invalid_fhir"


class ValueFormatError(InputError):
    """A value cannot be handled by its rule (a date that is not a date, a number that is not)."""

    code = "bad_value"

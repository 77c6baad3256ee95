"""Structured triage mode: answers that must match a JSON schema, validated and retried.

A request with `response_format` {"type": "json_schema"} (or "json_object") gets the schema as a
system instruction; each answer is parsed and validated, and a failing answer is retried with a
fresh sample. After `max_attempts` the request fails with `schema_validation_failed` rather than
return something a triage kiosk would misread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from inference.engines.base import SamplingParams

# The example schema shipped in docs/inference.md: a short triage answer for a kiosk.
TRIAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "acuity": {"type": "integer", "minimum": 1, "maximum": 5, "description": "ESI level, 1 most urgent"},
        "disposition": {"type": "string", "enum": ["resuscitation", "emergency", "urgent_care", "primary_care", "self_care"]},
        "red_flags": {"type": "array", "items": {"type": "string", "maxLength": 60}, "maxItems": 5},
    },
    "required": ["acuity", "disposition"],
    "additionalProperties": False,
}


@dataclass
class TriageResult:
    text: str  # canonical JSON of the validated answer
    attempts: int


class SchemaInvalid(ValueError):
    """The schema the client sent is not a valid JSON schema."""


def validator(schema: dict[str, Any] | None) -> Draft202012Validator:
    """A validator for the client's schema ('json_object' mode: any object)."""
    schema = schema or {"type": "object"}
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise SchemaInvalid(f"response_format.json_schema.schema is not a valid JSON schema: {exc.message}") from exc
    return Draft202012Validator(schema)


def instruct(messages: list[dict[str, str]], schema: dict[str, Any] | None) -> list[dict[str, str]]:
    """The conversation with a system instruction to answer only with schema-valid JSON."""
    rule = "Answer with one JSON object and nothing else."
    if schema:
        rule += " It must match this JSON schema: " + json.dumps(schema, separators=(",", ":"))
    if messages and messages[0]["role"] == "system":
        return [{"role": "system", "content": messages[0]["content"] + "\n\n" + rule}, *messages[1:]]
    return [{"role": "system", "content": rule}, *messages]


def extract(text: str, check: Draft202012Validator) -> tuple[str | None, str]:
    """The first JSON object in `text` that validates, canonicalised; else (None, why) — never quoting text."""
    decoder = json.JSONDecoder()
    why = "no JSON object in the answer"
    start = text.find("{")
    while start >= 0:
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        errors = sorted(check.iter_errors(value), key=lambda e: list(e.path))
        if not errors:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":")), ""
        first = errors[0]
        why = f"answer failed the schema at '{'/'.join(map(str, first.path)) or '/'}' ({first.validator})"
        start = text.find("{", start + 1)
    return None, why


def retry_params(params: SamplingParams, attempt: int) -> SamplingParams:
    """Sampling for attempt N: a fresh seed and enough temperature for a different answer."""
    if attempt == 0:
        return params
    seed = (params.seed or 0) + 7919 * attempt
    return SamplingParams(params.max_tokens, max(params.temperature, 0.7), params.top_p, params.stop, seed)

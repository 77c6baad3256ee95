"""Structural checks of FHIR R4 resources: enough to refuse what is not FHIR before touching it."""

from __future__ import annotations

import re
from typing import Any

from corpus.structured.errors import FhirValidationError

ID_RE = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
REF_RE = re.compile(r"^(?P<type>[A-Z][A-Za-z]+)/(?P<id>[A-Za-z0-9\-.]{1,64})(?P<hist>/_history/[A-Za-z0-9\-.]{1,64})?$")
URN_RE = re.compile(r"^urn:(uuid|oid):[A-Za-z0-9\-.:]+$")
# FHIR R4 date / dateTime / instant (http://hl7.org/fhir/R4/datatypes.html#primitive).
DATETIME_RE = re.compile(
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])"
    r"(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$"
)

# Elements with cardinality 1..1 or 1..* in R4 (the ones a producer most often forgets).
REQUIRED: dict[str, tuple[str, ...]] = {
    "Patient": (),
    "Encounter": ("status", "class"),
    "Condition": ("subject",),
    "Observation": ("status", "code"),
    "MedicationRequest": ("status", "intent", "subject"),
    "DiagnosticReport": ("status", "code"),
    "DocumentReference": ("status", "content"),
}
DATE_PATHS: dict[str, tuple[str, ...]] = {
    "Patient": ("birthDate", "deceasedDateTime"),
    "Encounter": ("period.start", "period.end"),
    "Condition": ("onsetDateTime", "abatementDateTime", "recordedDate"),
    "Observation": ("effectiveDateTime", "issued", "effectivePeriod.start", "effectivePeriod.end"),
    "MedicationRequest": ("authoredOn",),
    "DiagnosticReport": ("effectiveDateTime", "issued", "effectivePeriod.start", "effectivePeriod.end"),
    "DocumentReference": ("date",),
}
REFERENCE_FIELDS = ("subject", "patient", "encounter")


def validate_resource(res: Any, allowed: list[str]) -> str:
    """Return the resource type, or raise FhirValidationError saying what is wrong (no values)."""
    if not isinstance(res, dict):
        raise FhirValidationError("a FHIR resource must be a JSON object")
    rtype = res.get("resourceType")
    if not isinstance(rtype, str):
        raise FhirValidationError("missing resourceType")
    if rtype not in allowed:
        raise FhirValidationError(f"resourceType {rtype[:40]!r} is not accepted by this policy", hint=f"accepted: {', '.join(allowed)}")
    if "id" in res and not (isinstance(res["id"], str) and ID_RE.match(res["id"])):
        raise FhirValidationError(f"{rtype}.id is not a valid FHIR id")
    missing = [e for e in REQUIRED.get(rtype, ()) if e not in res]
    if missing:
        raise FhirValidationError(f"{rtype} lacks required element(s): {', '.join(missing)}")
    for name in REFERENCE_FIELDS:
        if name in res:
            _check_reference(rtype, name, res[name])
    for path in DATE_PATHS.get(rtype, ()):
        value = _get(res, path)
        if value is not None and not (isinstance(value, str) and DATETIME_RE.match(value)):
            raise FhirValidationError(f"{rtype}.{path} is not a FHIR date/dateTime")
    return rtype


def patient_of(res: dict[str, Any]) -> str:
    """The (original) id of the patient a resource is about, or '' when it names none."""
    if res.get("resourceType") == "Patient":
        return str(res.get("id", ""))
    for name in ("subject", "patient"):
        ref = res.get(name, {}).get("reference", "") if isinstance(res.get(name), dict) else ""
        match = REF_RE.match(ref) if isinstance(ref, str) else None
        if match and match["type"] == "Patient":
            return match["id"]
        if isinstance(ref, str) and URN_RE.match(ref):
            return ref
    return ""


def _check_reference(rtype: str, name: str, value: Any) -> None:
    if not isinstance(value, dict):
        raise FhirValidationError(f"{rtype}.{name} must be a Reference object")
    ref = value.get("reference")
    if ref is None:
        return
    if not isinstance(ref, str) or not (REF_RE.match(ref) or URN_RE.match(ref) or ref.startswith(("http://", "https://", "#"))):
        raise FhirValidationError(f"{rtype}.{name}.reference is not a valid reference")


def _get(res: dict[str, Any], path: str) -> Any:
    node: Any = res
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node

"""Source policies (YAML): what happens to every column of a table or every path of a FHIR resource."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from corpus.structured.errors import PolicyError

FHIR_RESOURCES = (
    "Patient", "Encounter", "Condition", "Observation", "MedicationRequest", "DiagnosticReport", "DocumentReference",
)
Action = Literal["keep", "pseudonymise", "generalise", "drop", "free_text", "noise"]
Method = Literal["age_band", "age_top_code", "zip3", "year", "date_shift"]
ACTIONS: tuple[str, ...] = Action.__args__  # type: ignore[attr-defined]


class FieldRule(BaseModel):
    """What to do with one column or FHIR path; a bare action string is shorthand for {action: X}."""

    model_config = ConfigDict(extra="forbid")
    action: Action = Field(description="keep | pseudonymise | generalise | drop | free_text | noise")
    namespace: str | None = Field(None, description="pseudonymise: token prefix; equal namespaces give equal tokens")
    length: int = Field(12, ge=8, le=64, description="pseudonymise: hex characters kept")
    method: Method | None = Field(None, description="generalise: age_band | age_top_code | zip3 | year | date_shift")
    band_width: int = Field(10, ge=1, le=50, description="age_band: width of a band in years")
    top_code: int = Field(90, ge=1, le=150, description="ages at or above this are reported as '<top_code>+'")
    reference_date: dt.date | None = Field(None, description="year: pool birth years implying age >= top_code")
    max_shift_days: int = Field(365, ge=1, le=3650, description="date_shift: largest per-patient shift")
    language: Literal["en", "zh", "auto"] = Field("auto", description="free_text: language of the text")
    text_policy: str = Field("tags", description="free_text: preset of the text engine (tags, surrogates, hmac, redact)")
    epsilon: float | None = Field(None, gt=0, description="noise: privacy loss of one value")
    lower: float | None = Field(None, description="noise: values are clamped to [lower, upper]")
    upper: float | None = Field(None, description="noise: values are clamped to [lower, upper]")
    decimals: int | None = Field(None, ge=0, le=12, description="noise: round released values (post-processing)")
    clamp_output: bool = Field(True, description="noise: clamp released values into [lower, upper] (post-processing)")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"action": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _complete(self) -> "FieldRule":
        if self.action == "generalise" and self.method is None:
            raise ValueError("generalise needs method: one of age_band, age_top_code, zip3, year, date_shift")
        if self.action == "noise":
            if self.epsilon is None or self.lower is None or self.upper is None:
                raise ValueError("noise needs epsilon, lower and upper (the bounds fix the sensitivity)")
            if not self.lower < self.upper:
                raise ValueError("noise needs lower < upper")
        return self

    @property
    def sensitivity(self) -> float:
        """Largest change of one clamped value: the width of [lower, upper]."""
        return float(self.upper - self.lower)  # type: ignore[operator]


class _PolicyBase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="Policy name, recorded with every output")
    description: str = Field("", description="What the source is")
    dataset: str | None = Field(None, description="DP ledger dataset charged by noise rules")
    unknown: Literal["drop", "error"] = Field("drop", description="Columns/paths missing from the policy: drop (and report) or fail")

    def noise_rules(self) -> dict[str, FieldRule]:
        """Rules with action noise, by column or path."""
        return {k: r for k, r in self._rules().items() if r.action == "noise"}

    def _rules(self) -> dict[str, FieldRule]:
        return {}

    @model_validator(mode="after")
    def _noise_needs_dataset(self) -> "_PolicyBase":
        if self.noise_rules() and not self.dataset:
            raise ValueError("noise rules need `dataset`: the privacy budget they are charged to")
        return self


class TablePolicy(_PolicyBase):
    """A CSV or Parquet table: one rule per column."""

    kind: Literal["table"]
    format: Literal["csv", "parquet", "jsonl", "auto"] = Field("auto", description="Input format; auto: by suffix")
    encoding: str = Field("utf-8", description="Text encoding of CSV/JSONL input (e.g. gb18030)")
    delimiter: str = Field(",", min_length=1, max_length=1, description="CSV field separator")
    patient_key: str = Field(description="Column identifying the patient (date shifts, consistency)")
    record_key: list[str] = Field(default_factory=list, description="Columns identifying a record (stored DP noise)")
    missing: Literal["error", "ignore"] = Field("error", description="A policy column absent from a file: fail the file or skip")
    batch_rows: int = Field(65536, ge=1, le=10_000_000, description="Rows per streamed batch")
    columns: dict[str, FieldRule] = Field(description="Column name -> rule")

    def _rules(self) -> dict[str, FieldRule]:
        return self.columns

    @model_validator(mode="after")
    def _keys_known(self) -> "TablePolicy":
        if self.patient_key not in self.columns:
            raise ValueError(f"patient_key '{self.patient_key}' must also have a rule in columns")
        if self.noise_rules() and not self.record_key:
            raise ValueError("noise rules need record_key: the columns under which noisy values are stored")
        for col in self.record_key:
            if col not in self.columns:
                raise ValueError(f"record_key column '{col}' must also have a rule in columns")
        return self


class FhirPolicy(_PolicyBase):
    """FHIR R4 resources, bundles or NDJSON: one rule per dotted path (a rule covers its subtree)."""

    kind: Literal["fhir"]
    resources: list[str] = Field(description="Resource types accepted; others are rejected as invalid")
    paths: dict[str, FieldRule] = Field(description="'Type.element.child' (or '*.element') -> rule")

    def _rules(self) -> dict[str, FieldRule]:
        return self.paths

    @model_validator(mode="after")
    def _supported(self) -> "FhirPolicy":
        bad = [r for r in self.resources if r not in FHIR_RESOURCES]
        if bad:
            raise ValueError(f"resources {bad} are not supported; allowed: {', '.join(FHIR_RESOURCES)}")
        for path in self.paths:
            head = path.split(".", 1)[0]
            if head != "*" and head != "Bundle" and head not in self.resources:
                raise ValueError(f"path '{path}' starts with '{head}', which is not in resources (or '*')")
        return self


class NotesPolicy(_PolicyBase):
    """Clinical notes (.txt or .jsonl): the text field through the text engine, metadata by rule."""

    kind: Literal["notes"]
    text_field: str = Field("text", description="JSONL field holding the note text")
    patient_key: str = Field("patient_id", description="JSONL field identifying the patient")
    fields: dict[str, FieldRule] = Field(description="JSONL field -> rule (the text field uses free_text)")

    def _rules(self) -> dict[str, FieldRule]:
        return self.fields

    @model_validator(mode="after")
    def _text_field_ruled(self) -> "NotesPolicy":
        for name in (self.text_field, self.patient_key):
            if name not in self.fields:
                raise ValueError(f"field '{name}' must have a rule in fields")
        return self

    def as_table(self) -> "TablePolicy":
        """The equivalent JSONL table policy (notes are records with one free-text field)."""
        return TablePolicy(
            kind="table", name=self.name, dataset=self.dataset, unknown=self.unknown, format="jsonl",
            patient_key=self.patient_key, missing="ignore", columns=self.fields,
        )


class DicomPolicy(BaseModel):
    """DICOM: PS3.15 Annex E options, private tags, and burned-in annotation handling."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["dicom"]
    name: str = Field(description="Policy name, recorded in DeidentificationMethod")
    description: str = Field("", description="What the source is")
    retain_modified_dates: bool = Field(True, description="Shift dates/times per patient instead of removing them")
    clean_descriptors: bool = Field(True, description="Pass descriptions through the text engine instead of removing them")
    safe_private: list[str] = Field(default_factory=list, description="Private tags kept: 'CREATOR:gggg,xxee' entries")
    burned_in: Literal["redact", "flag", "off"] = Field("redact", description="OCR-found text in pixels: black it out, flag for review, or skip OCR")
    ocr_scope: Literal["all", "declared"] = Field("all", description="OCR every image, or only BurnedInAnnotation=YES ones")
    ocr_min_confidence: float = Field(40.0, ge=0, le=100, description="Tesseract confidence of the best word in a line to act on it")
    ocr_max_frames: int = Field(64, ge=1, description="Frames OCR'd per instance; more frames flag the instance for review")
    patient_id_namespace: str | None = Field("PATIENT", description="PatientID becomes a keyed pseudonym in this namespace; null empties it")
    max_shift_days: int = Field(365, ge=1, le=3650, description="Largest per-patient date shift")


AnyPolicy = Annotated[Union[TablePolicy, FhirPolicy, NotesPolicy, DicomPolicy], Field(discriminator="kind")]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyPolicy)


def parse_policy(data: Any, where: str = "policy") -> TablePolicy | FhirPolicy | NotesPolicy | DicomPolicy:
    """Validate plain data into a policy; errors name each bad key and the values it allows."""
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise PolicyError(f"{where} is invalid:\n" + _describe(exc), hint="fix the keys named above") from None


def load_policy(path: str | Path) -> TablePolicy | FhirPolicy | NotesPolicy | DicomPolicy:
    """Read and validate a policy YAML file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyError(f"cannot read policy {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy {path} is not valid YAML: {exc}") from None
    return parse_policy(data, where=str(path))


def _describe(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"] if p not in ("table", "fhir", "notes", "dicom")
                       and not str(p).startswith("function-"))
        msg = err["msg"]
        if err["type"] == "union_tag_invalid" or err["type"] == "union_tag_not_found":
            msg = "key 'kind' must be one of: table, fhir, notes, dicom"
        elif err["type"] == "literal_error":
            msg = f"{msg} (got {err['input']!r})"
        elif err["type"] == "extra_forbidden":
            msg = "unknown key (not allowed here)"
        lines.append(f"  {loc or '<top>'}: {msg}")
    return "\n".join(lines)

"""Applies one field rule to a column of values (tables) or to a single value (FHIR, notes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from corpus.dp.noise_store import NoiseStore
from corpus.dp.per_record import NoiseSpec, PerRecordNoiser, finite_or_none
from corpus.structured import generalise as gen
from corpus.structured.errors import StructuredError, ValueFormatError
from corpus.structured.keyed import PseudonymCache, date_offset_days
from corpus.structured.policy import FieldRule
from corpus.structured.text import TextDeidentifier


_MISSING = object()
_INVALID = object()


@dataclass
class FieldStats:
    """What happened to one field in one file: counts only, never values."""

    action: str
    values: int = 0
    invalid: int = 0
    noise_sampled: int = 0
    noise_reused: int = 0
    epsilon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for reports."""
        return {k: v for k, v in self.__dict__.items() if v or k in ("action", "values")}


@dataclass
class RuleContext:
    """Everything rules need besides the values: the key, the text engine, the noise store."""

    key: bytes
    text: TextDeidentifier | None = None
    noise_store: NoiseStore | None = None
    dataset: str | None = None
    pseudonyms: PseudonymCache = field(init=False)
    _noisers: dict[str, PerRecordNoiser] = field(default_factory=dict, init=False)
    _shifts: dict[tuple[str, int], int] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.pseudonyms = PseudonymCache(self.key)

    def shift_days(self, patient: str, max_days: int) -> int:
        """The patient's date offset (memoised)."""
        k = (patient, max_days)
        if k not in self._shifts:
            self._shifts[k] = date_offset_days(self.key, patient, max_days)
        return self._shifts[k]

    def noiser(self, name: str, rule: FieldRule) -> PerRecordNoiser:
        """The noiser of a field (one per field, so its stats accumulate)."""
        if name not in self._noisers:
            if self.noise_store is None or not self.dataset:
                raise StructuredError(f"field {name!r} needs DP noise but no noise store/dataset was given")
            spec = NoiseSpec(rule.epsilon, rule.lower, rule.upper, rule.decimals, rule.clamp_output)  # type: ignore[arg-type]
            self._noisers[name] = PerRecordNoiser(self.noise_store, self.dataset, name, spec)
        return self._noisers[name]


def apply_column(
    ctx: RuleContext,
    name: str,
    rule: FieldRule,
    values: Sequence[Any],
    patients: Sequence[str],
    records: Sequence[str] | None = None,
    stats: FieldStats | None = None,
) -> list[Any]:
    """The rule applied to every value (None stays None; a bad value becomes None and is counted)."""
    stats = stats or FieldStats(rule.action)
    stats.values += sum(v is not None for v in values)
    if rule.action == "keep":
        return list(values)
    if rule.action == "drop":
        return [None] * len(values)
    if rule.action == "noise":
        return _noise(ctx, name, rule, values, records, stats)
    fn = _value_fn(ctx, name, rule)
    # Values repeat (ages, codes, a patient's ids): memoise per batch; patient-dependent rules by pair.
    per_patient = rule.action == "free_text" or rule.method == "date_shift"
    memo: dict[Any, Any] = {}
    out: list[Any] = []
    for value, patient in zip(values, patients):
        if value is None or value == "":
            out.append(value)
            continue
        key = (value, patient) if per_patient else value
        new = memo.get(key, _MISSING)
        if new is _MISSING:
            try:
                new = fn(value, patient)
            except ValueFormatError:
                new = _INVALID
            memo[key] = new
        if new is _INVALID:
            stats.invalid += 1
            new = None
        out.append(new)
    return out


def apply_value(ctx: RuleContext, name: str, rule: FieldRule, value: Any, patient: str, record: str = "") -> Any:
    """The rule applied to one value; raises ValueFormatError for a value the rule cannot take."""
    if rule.action == "keep" or value is None:
        return value
    if rule.action == "drop":
        return None
    if rule.action == "noise":
        number = finite_or_none(value)
        if number is None:
            raise ValueFormatError("value is not a number")
        return ctx.noiser(name, rule).apply([record], [number])[0]
    return _value_fn(ctx, name, rule)(value, patient)


def _value_fn(ctx: RuleContext, name: str, rule: FieldRule) -> Callable[[Any, str], Any]:
    if rule.action == "pseudonymise":
        namespace = rule.namespace or "ID"
        return lambda v, p: ctx.pseudonyms(namespace, str(v))
    if rule.action == "free_text":
        if ctx.text is None:
            raise StructuredError(f"field {name!r} is free text but no text de-identifier was given")
        text = ctx.text
        return lambda v, p: text.deidentify_text(str(v), rule.language, p, rule.text_policy)
    return _generaliser(ctx, rule)


def _generaliser(ctx: RuleContext, rule: FieldRule) -> Callable[[Any, str], Any]:
    if rule.method == "age_band":
        return lambda v, p: gen.age_band(v, rule.band_width, rule.top_code)
    if rule.method == "age_top_code":
        return lambda v, p: gen.top_code_age(v, rule.top_code)
    if rule.method == "zip3":
        return lambda v, p: gen.zip3(v)
    if rule.method == "year":
        return lambda v, p: gen.year_of(v, rule.reference_date, rule.top_code)
    return lambda v, p: gen.shift_date(v, ctx.shift_days(p, rule.max_shift_days))


def _noise(
    ctx: RuleContext, name: str, rule: FieldRule, values: Sequence[Any], records: Sequence[str] | None, stats: FieldStats
) -> list[Any]:
    if records is None:
        raise StructuredError(f"field {name!r} needs DP noise but records have no record key")
    noiser = ctx.noiser(name, rule)
    numbers = [finite_or_none(v) for v in values]
    stats.invalid += sum(1 for v, n in zip(values, numbers) if n is None and v not in (None, ""))
    before = (noiser.sampled, noiser.reused)
    out = noiser.apply(records, numbers)
    stats.noise_sampled += noiser.sampled - before[0]
    stats.noise_reused += noiser.reused - before[1]
    stats.epsilon = noiser.epsilon
    return out

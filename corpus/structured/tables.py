"""Streaming de-identification of CSV, Parquet and JSONL tables, one batch of rows at a time."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from corpus.structured.atomic import atomic_path
from corpus.structured.errors import InputEncodingError, InputError, TableFormatError, TableSchemaError
from corpus.structured.keyed import record_key
from corpus.structured.policy import FieldRule, TablePolicy
from corpus.structured.report import BatchReport, FileResult
from corpus.structured.rules import FieldStats, RuleContext, apply_column

CSV_BLOCK_BYTES = 1 << 22
MAX_REPORTED_SKIPS = 20


def transform_tables(paths: list[Path], out_dir: Path, policy: TablePolicy, ctx: RuleContext) -> BatchReport:
    """De-identify every table into ``out_dir``; a failing file is reported and the rest go on."""
    report = BatchReport()
    for path in paths:
        dst = Path(out_dir) / Path(path).name
        try:
            report.files.append(transform_table(Path(path), dst, policy, ctx))
        except InputError as exc:
            report.files.append(FileResult(str(path), ok=False, error_code=exc.code, error=exc.message))
    return report


def transform_table(src: Path, dst: Path, policy: TablePolicy, ctx: RuleContext) -> FileResult:
    """De-identify one table; the output appears at ``dst`` only when the whole file succeeded."""
    fmt = _format_of(src, policy)
    result = FileResult(str(src), output=str(dst))
    names, batches = _open(src, fmt, policy, result)
    plan = _plan(names, policy, result)
    with atomic_path(dst) as tmp:
        writer = None
        try:
            for batch in batches:
                out = _transform_batch(batch, plan, policy, ctx, result)
                if writer is None:
                    writer = _writer(tmp, fmt, out.schema)
                writer.write(out) if fmt != "jsonl" else writer.write_batch(out)
                result.records += batch.num_rows
            if writer is None:
                writer = _writer(tmp, fmt, _empty_schema(plan, fmt))
        except pa.ArrowInvalid as exc:
            raise _format_error(src, exc) from None
        finally:
            if writer is not None:
                writer.close()
    return result


def _format_of(src: Path, policy: TablePolicy) -> str:
    if policy.format != "auto":
        return policy.format
    suffix = src.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    return "csv"


def _plan(names: list[str], policy: TablePolicy, result: FileResult) -> list[tuple[str, FieldRule]]:
    """(column, rule) for each column of the file, in file order; unknown columns are reported."""
    missing = [c for c in policy.columns if c not in names]
    required = {policy.patient_key, *policy.record_key}
    hard = sorted(required.intersection(missing)) if policy.missing == "ignore" else missing
    if hard:
        raise TableSchemaError(
            f"{result.source}: column(s) named in policy '{policy.name}' are absent: {', '.join(hard)}",
            hint="check the file's header row against the policy, or set `missing: ignore`",
        )
    result.missing = missing
    unknown = [n for n in names if n not in policy.columns]
    if unknown and policy.unknown == "error":
        raise TableSchemaError(f"{result.source}: columns not in policy '{policy.name}': {', '.join(unknown)}")
    result.unknown_dropped = unknown
    for name in names:
        if name in policy.columns:
            result.fields[name] = FieldStats(policy.columns[name].action)
    return [(n, policy.columns[n]) for n in names if n in policy.columns]


def _transform_batch(
    batch: pa.RecordBatch, plan: list[tuple[str, FieldRule]], policy: TablePolicy, ctx: RuleContext, result: FileResult
) -> pa.RecordBatch:
    patients = [("" if p is None else str(p)) for p in batch.column(policy.patient_key).to_pylist()]
    records = _record_keys(batch, policy, ctx) if policy.noise_rules() else None
    arrays, fields = [], []
    for name, rule in plan:
        column = batch.column(name)
        stats = result.fields[name]
        if rule.action == "drop":
            stats.values += len(column) - column.null_count
            continue
        if rule.action == "keep":
            stats.values += len(column) - column.null_count
            arrays.append(column)
            fields.append(pa.field(name, column.type))
            continue
        values = apply_column(ctx, name, rule, column.to_pylist(), patients, records, stats)
        typ = _out_type(rule, column.type)
        arrays.append(pa.array(values, type=typ))
        fields.append(pa.field(name, typ))
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def _record_keys(batch: pa.RecordBatch, policy: TablePolicy, ctx: RuleContext) -> list[str]:
    cols = [batch.column(c).to_pylist() for c in policy.record_key]
    return [record_key(ctx.key, policy.dataset or "", *("" if v is None else str(v) for v in row)) for row in zip(*cols)]


def _out_type(rule: FieldRule, original: pa.DataType) -> pa.DataType:
    if rule.action == "noise":
        return pa.float64()
    if rule.method == "date_shift" and (pa.types.is_date(original) or pa.types.is_timestamp(original)):
        return original
    return pa.string()


def _empty_schema(plan: list[tuple[str, FieldRule]], fmt: str) -> pa.Schema:
    kept = [(n, r) for n, r in plan if r.action != "drop"]
    return pa.schema([pa.field(n, pa.float64() if r.action == "noise" else pa.string()) for n, r in kept])


# -- readers ---------------------------------------------------------------------------------------


def _open(src: Path, fmt: str, policy: TablePolicy, result: FileResult) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    if not src.is_file():
        raise InputError(f"{src}: no such file")
    if fmt == "parquet":
        try:
            pfile = pq.ParquetFile(src)
        except (pa.ArrowInvalid, OSError) as exc:
            raise TableFormatError(f"{src}: not a readable Parquet file ({type(exc).__name__})") from None
        return pfile.schema_arrow.names, pfile.iter_batches(batch_size=policy.batch_rows)
    if fmt == "jsonl":
        return _open_jsonl(src, policy, result)
    return _open_csv(src, policy, result)


def _open_csv(src: Path, policy: TablePolicy, result: FileResult) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    names = _csv_header(src, policy)
    if len(set(names)) != len(names):
        raise TableSchemaError(f"{src}: the header repeats a column name")

    def skip(row: Any) -> str:
        if len(result.skipped_records) < MAX_REPORTED_SKIPS:
            where = {"line": row.number} if row.number is not None and row.number >= 0 else {}
            reason = f"{row.actual_columns} fields, expected {row.expected_columns}"
            result.skipped_records.append({**where, "reason": reason})
        return "skip"

    try:
        reader = pacsv.open_csv(
            src,
            read_options=pacsv.ReadOptions(encoding=policy.encoding, block_size=CSV_BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=policy.delimiter, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=True),
        )
    except pa.ArrowInvalid as exc:
        raise _format_error(src, exc) from None
    return names, iter(reader)


def _csv_header(src: Path, policy: TablePolicy) -> list[str]:
    try:
        codecs.lookup(policy.encoding)
        with open(src, "rb") as fh:
            line = fh.readline().decode(policy.encoding)
    except UnicodeDecodeError:
        raise InputEncodingError(f"{src}: header is not valid {policy.encoding}", hint="set `encoding:` in the policy") from None
    except LookupError:
        raise InputEncodingError(f"unknown encoding {policy.encoding!r} in policy '{policy.name}'") from None
    rows = list(csv.reader(io.StringIO(line.lstrip("\ufeff")), delimiter=policy.delimiter))
    if not rows or not any(rows[0]):
        raise TableSchemaError(f"{src}: empty file or missing header row")
    return [n.strip() for n in rows[0]]


def _open_jsonl(src: Path, policy: TablePolicy, result: FileResult) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    names = list(policy.columns)

    def batches() -> Iterator[pa.RecordBatch]:
        rows: list[dict[str, Any]] = []
        seen: set[str] = set()
        with open(src, encoding=policy.encoding) as fh:
            try:
                for number, line in enumerate(fh, 1):
                    row = _json_row(line, number, result)
                    if row is None:
                        continue
                    seen.update(row)
                    rows.append(row)
                    if len(rows) >= policy.batch_rows:
                        yield _rows_to_batch(rows, names)
                        rows = []
            except UnicodeDecodeError:
                raise InputEncodingError(f"{src}: not valid {policy.encoding}", hint="set `encoding:` in the policy") from None
        result.unknown_dropped = sorted(seen.difference(names))
        yield _rows_to_batch(rows, names)

    return names, batches()


def _json_row(line: str, number: int, result: FileResult) -> dict[str, Any] | None:
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        row = None
    if not isinstance(row, dict):
        if len(result.skipped_records) < MAX_REPORTED_SKIPS:
            result.skipped_records.append({"line": number, "reason": "not a JSON object"})
        return None
    return row


def _rows_to_batch(rows: list[dict[str, Any]], names: list[str]) -> pa.RecordBatch:
    cols = [pa.array([_scalar(r.get(n)) for r in rows], type=pa.string()) for n in names]
    return pa.RecordBatch.from_arrays(cols, names=names)


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)


# -- writers ---------------------------------------------------------------------------------------


class _JsonlWriter:
    def __init__(self, path: Path) -> None:
        self._fh = open(path, "w", encoding="utf-8")

    def write_batch(self, batch: pa.RecordBatch) -> None:
        for row in batch.to_pylist():
            self._fh.write(json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False, default=str) + "\n")

    def close(self) -> None:
        self._fh.close()


def _writer(path: Path, fmt: str, schema: pa.Schema) -> Any:
    if fmt == "parquet":
        return pq.ParquetWriter(path, schema)
    if fmt == "jsonl":
        return _JsonlWriter(path)
    return pacsv.CSVWriter(path, schema)


def _format_error(src: Path, exc: pa.ArrowInvalid) -> InputError:
    text = str(exc)
    if "UTF8" in text or "utf-8" in text.lower() or "decode" in text.lower():
        return InputEncodingError(f"{src}: not valid text in the declared encoding", hint="set `encoding:` in the policy")
    # Arrow's message may quote row content (PHI): keep only its first clause.
    return TableFormatError(f"{src}: cannot parse table ({text.split(':')[0][:80]})")

"""EMR tables (.csv, .parquet): one document per row, columns by the source's table policy."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from appliance.errors import CorpusBoxError
from corpus.sources.base import Document, FileCheck, SourceSettings, Tools
from corpus.sources.common import check_encoding, document_id, render_fields
from corpus.sources.errors import EmptyFileError, UnsupportedFileError
from corpus.structured.errors import TableFormatError, TableSchemaError
from corpus.structured.policy import TablePolicy
from corpus.structured.tables import transform_table

CSV_SUFFIXES = (".csv", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")


class TableConnector:
    """Tables de-identified by `corpus.structured` (every column named in the policy); rows become documents."""

    kind = "table"
    splittable = False  # a table is transformed in one streaming pass

    def check(self, path: Path, settings: SourceSettings, policy: Any) -> FileCheck:
        policy = _require(policy)
        suffix = path.suffix.lower()
        if suffix in PARQUET_SUFFIXES:
            try:
                meta = pq.ParquetFile(path)
            except (pa.ArrowInvalid, OSError) as exc:
                raise TableFormatError(f"{path.name}: not a readable Parquet file ({type(exc).__name__})") from None
            _check_columns(path, meta.schema_arrow.names, policy)
            rows = meta.metadata.num_rows
        elif suffix in CSV_SUFFIXES:
            check_encoding(path, policy.encoding)
            rows, header = _count_csv(path, policy)
            _check_columns(path, header, policy)
        else:
            raise UnsupportedFileError(f"{path.name}: table sources read .csv and .parquet files")
        if rows == 0:
            raise EmptyFileError(f"{path.name}: table has no rows")
        return FileCheck(rows)

    def deidentify(self, path: Path, settings: SourceSettings, tools: Tools, doc_prefix: str,
                   start: int, stop: int) -> Iterator[Document]:
        policy = _require(tools.policy)
        rule = policy.columns[policy.patient_key]
        linked = rule.action == "pseudonymise" and (rule.namespace or "ID") == settings.patient_namespace
        with tempfile.TemporaryDirectory(prefix="table-") as tmp:
            out = Path(tmp) / f"out{path.suffix.lower()}"
            transform_table(path, out, policy, tools.ctx)
            findings = tools.take_findings()
            for index, row in enumerate(_rows(out)):
                if index >= stop:
                    break
                if index < start:
                    continue
                patient = row.get(policy.patient_key) if linked else None
                doc = Document(document_id(doc_prefix, index), patient or None, "table", "auto",
                               render_fields(row), {k: v for k, v in row.items() if v not in (None, "")})
                doc.language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in doc.text) else "en"
                if index == start:
                    doc.findings, findings = findings, []
                yield doc


def _require(policy: Any) -> TablePolicy:
    if not isinstance(policy, TablePolicy):
        raise CorpusBoxError("table sources need a table policy naming every column",
                             hint="`corpusbox source add NAME PATH --kind table --policy FILE.yaml`")
    return policy


def _count_csv(path: Path, policy: TablePolicy) -> tuple[int, list[str]]:
    with open(path, encoding=policy.encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=policy.delimiter)
        try:
            header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        except StopIteration:
            raise EmptyFileError(f"{path.name}: empty file") from None
        except csv.Error:
            raise TableFormatError(f"{path.name}: header row cannot be parsed") from None
        try:
            rows = sum(1 for row in reader if row)
        except csv.Error as exc:
            raise TableFormatError(f"{path.name}: cannot parse table (line {reader.line_num}: {type(exc).__name__})") from None
    return rows, header


def _check_columns(path: Path, names: list[str], policy: TablePolicy) -> None:
    missing = [c for c in policy.columns if c not in names]
    required = {policy.patient_key, *policy.record_key}
    hard = sorted(required.intersection(missing)) if policy.missing == "ignore" else missing
    if hard:
        raise TableSchemaError(f"{path.name}: columns named in policy '{policy.name}' are absent: {', '.join(hard)}",
                               hint="check the file's header row against the policy")
    unknown = [n for n in names if n not in policy.columns]
    if unknown and policy.unknown == "error":
        raise TableSchemaError(f"{path.name}: columns not in policy '{policy.name}': {', '.join(unknown)}")


def _rows(out: Path) -> Iterator[dict[str, Any]]:
    if out.suffix in PARQUET_SUFFIXES:
        for batch in pq.ParquetFile(out).iter_batches(batch_size=4096):
            yield from batch.to_pylist()
        return
    with open(out, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)

"""Reading one column of a cohort (a CSV or Parquet table, optionally filtered) for an aggregate release."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads

from corpus.dp.errors import DPError


def cohort_values(path: Path, column: str | None, where: dict[str, str]) -> list[Any]:
    """Values of ``column`` (or one marker per row when None) for rows matching every ``where`` equality."""
    if not path.is_file():
        raise DPError(f"input table {path} does not exist")
    fmt = "parquet" if path.suffix.lower() in (".parquet", ".pq") else "csv"
    try:
        data = pads.dataset(path, format=fmt)
        names = data.schema.names
        for name in [*(c for c in [column] if c), *where]:
            if name not in names:
                raise DPError(f"column {name!r} is not in {path.name}", hint=f"columns: {', '.join(names)}")
        expr = None
        for key, value in where.items():
            term = pc.field(key).cast(pa.string()) == value
            expr = term if expr is None else expr & term
        table = data.to_table(columns=[column] if column else [names[0]], filter=expr)
    except pa.ArrowInvalid as exc:
        raise DPError(f"cannot read {path.name} as {fmt} ({str(exc).split(':')[0][:80]})") from None
    if column is None:
        return [1] * table.num_rows
    return [v for v in table.column(column).to_pylist() if v is not None]


def release_key(query: dict[str, Any], path: Path) -> str:
    """Stable key of a query over a file's exact content: the same question is answered once."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    text = json.dumps(query, sort_keys=True) + digest.hexdigest()
    return f"{query['kind']}:{hashlib.sha256(text.encode()).hexdigest()[:24]}"

"""An S3 prefix (`s3://bucket/prefix`) on the box's object store endpoint: listed, fetched to a temp file."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from appliance.errors import CorpusBoxError
from corpus.sources.base import SourceFile


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """(bucket, prefix) of an s3:// URI."""
    if not uri.startswith("s3://") or len(uri) <= 5:
        raise CorpusBoxError(f"not an S3 URI: {uri!r}", hint="use s3://BUCKET/PREFIX")
    bucket, _, prefix = uri[5:].partition("/")
    return bucket, prefix


class S3PrefixLocation:
    """Objects under a prefix of a bucket reachable with the box's S3 client."""

    def __init__(self, client: Any, uri: str, workdir: Path | None = None) -> None:
        self.client = client
        self.bucket, self.prefix = parse_s3_uri(uri)
        self.workdir = workdir

    def list(self) -> Iterator[SourceFile]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for obj in page.get("Contents", []):
                rel = obj["Key"][len(self.prefix):].lstrip("/")
                if rel and not rel.endswith("/") and not rel.rsplit("/", 1)[-1].startswith("."):
                    mtime = int(obj["LastModified"].timestamp() * 1e9)
                    yield SourceFile(rel, int(obj["Size"]), mtime)

    @contextlib.contextmanager
    def fetch(self, f: SourceFile) -> Iterator[Path]:
        key = f"{self.prefix.rstrip('/')}/{f.path}" if self.prefix else f.path
        with tempfile.TemporaryDirectory(prefix="s3src-", dir=self.workdir) as tmp:
            local = Path(tmp) / Path(f.path).name
            self.client.download_file(self.bucket, key, str(local))
            yield local

"""A folder on the box (an NFS mount, a USB disk): files listed recursively in sorted order."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from appliance.errors import NotFound
from corpus.sources.base import SourceFile


class FolderLocation:
    """Files under a directory; hidden files and directories are ignored."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def list(self) -> Iterator[SourceFile]:
        if not self.root.is_dir():
            raise NotFound(f"source folder {self.root} does not exist", hint="check the path given to `source add`")
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                full = Path(dirpath) / name
                try:
                    st = full.stat()
                except OSError:
                    continue
                yield SourceFile(full.relative_to(self.root).as_posix(), st.st_size, st.st_mtime_ns)

    @contextlib.contextmanager
    def fetch(self, f: SourceFile) -> Iterator[Path]:
        yield self.root / f.path

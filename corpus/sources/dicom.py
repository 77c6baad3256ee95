"""DICOM studies: one document per instance; the de-identified instance goes to the curated bucket."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corpus.dicom.deidentify import DicomDeidentifier, save_dicom, read_dicom
from corpus.sources.base import Document, FileCheck, SourceSettings, Tools
from corpus.sources.common import document_id
from corpus.structured.policy import DicomPolicy

HEADER_FIELDS = ("Modality", "StudyDescription", "SeriesDescription", "BodyPartExamined", "StudyInstanceUID",
                 "SeriesInstanceUID", "SOPInstanceUID", "InstanceNumber", "Rows", "Columns", "StudyDate")


class DicomConnector:
    """DICOM instances (any file name) de-identified by `corpus.dicom` (Annex E header, burned-in text)."""

    kind = "dicom"
    splittable = False

    def check(self, path: Path, settings: SourceSettings, policy: Any) -> FileCheck:
        read_dicom(path)  # DicomReadError (dicom_corrupt) for non-DICOM, truncated or corrupt files
        return FileCheck(1)

    def deidentify(self, path: Path, settings: SourceSettings, tools: Tools, doc_prefix: str,
                   start: int, stop: int) -> Iterator[Document]:
        policy: DicomPolicy = tools.policy
        ds = read_dicom(path)
        raw_patient = str(ds.get("PatientID", "") or "") or None
        details = DicomDeidentifier(policy, tools.key, text=tools.ctx.text).dataset(ds)
        with tempfile.TemporaryDirectory(prefix="dicom-") as tmp:
            out = Path(tmp) / "instance.dcm"
            save_dicom(ds, out)
            key, sha = tools.put_curated(f"{doc_prefix}.dcm", out)
            size = out.stat().st_size
        fields: dict[str, Any] = {name: _plain(ds.get(name)) for name in HEADER_FIELDS if ds.get(name) not in (None, "")}
        fields.update({"image_key": key, "image_sha256": sha, "image_bytes": size,
                       "pixels": details["pixels"], "header_actions": details["header"].get("actions", {})})
        text = " ".join(str(fields[k]) for k in ("Modality", "BodyPartExamined", "StudyDescription", "SeriesDescription")
                        if k in fields)
        yield Document(document_id(doc_prefix, 0), tools.patient(raw_patient), "dicom", "en",
                       f"DICOM {text}".strip(), fields, tools.take_findings())


def _plain(value: Any) -> Any:
    if isinstance(value, (int, float, str)):
        return value
    return str(value)

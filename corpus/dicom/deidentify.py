"""De-identify DICOM files: read safely, apply the Annex E header profile, handle burned-in text."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pydicom
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from corpus.dicom import pixels
from corpus.dicom.annex_e import CODE_CLEAN_PIXELS
from corpus.dicom.errors import DicomPixelError, DicomReadError
from corpus.dicom.header import HeaderDeidentifier, HeaderOptions, write_method
from corpus.structured.atomic import atomic_path
from corpus.structured.errors import InputError
from corpus.structured.policy import DicomPolicy
from corpus.structured.report import BatchReport, FileResult
from corpus.structured.text import TextDeidentifier


class DicomDeidentifier:
    """One policy, one key, one optional text engine; many files."""

    def __init__(self, policy: DicomPolicy, key: bytes, text: TextDeidentifier | None = None) -> None:
        self.policy = policy
        self.header = HeaderDeidentifier(HeaderOptions(
            key=key, retain_modified_dates=policy.retain_modified_dates, clean_descriptors=policy.clean_descriptors,
            safe_private=tuple(policy.safe_private), patient_id_namespace=policy.patient_id_namespace,
            max_shift_days=policy.max_shift_days, text=text,
        ))

    def dataset(self, ds: Dataset) -> dict[str, Any]:
        """De-identify a dataset in place; returns the header and pixel reports as plain data."""
        declared = str(ds.get("BurnedInAnnotation", "")).upper() == "YES"
        header = self.header.apply(ds)
        pix = self._pixels(ds, declared)
        if pix.ocr_ran and pix.frames_scanned and not pix.review and self.policy.burned_in == "redact":
            write_method(ds, [*header.codes, CODE_CLEAN_PIXELS])
            if pix.redacted or declared:
                ds.BurnedInAnnotation = "NO"
        return {"header": header.__dict__, "pixels": pix.to_dict()}

    def _pixels(self, ds: Dataset, declared: bool) -> pixels.PixelReport:
        report = pixels.PixelReport()
        if "PixelData" not in ds or self.policy.burned_in == "off":
            report.review = declared
            report.reason = "declared burned-in annotation, OCR off" if declared else ""
            return report
        if self.policy.ocr_scope == "declared" and not declared:
            return report
        try:
            frames = pixels.frames_of(ds)
        except DicomPixelError as exc:
            report.review, report.reason = True, exc.message
            return report
        mono1 = str(ds.get("PhotometricInterpretation", "")) == "MONOCHROME1"
        regions, scanned = pixels.find_text(frames, mono1, self.policy.ocr_min_confidence, self.policy.ocr_max_frames)
        report.ocr_ran, report.frames_scanned, report.regions = True, scanned, regions
        if scanned < len(frames):
            report.review, report.reason = True, f"only {scanned} of {len(frames)} frames scanned"
        if regions and self.policy.burned_in == "redact":
            pixels.redact(ds, frames, regions)
            report.redacted = True
        elif regions or declared:
            report.review = True
            report.reason = report.reason or ("text found in pixels" if regions else "declared burned-in annotation")
        return report


def read_dicom(src: Path) -> Dataset:
    """Read a whole DICOM file, raising DicomReadError for non-DICOM, truncated or corrupt input."""
    try:
        try:
            ds = pydicom.dcmread(src)
        except InvalidDicomError:
            # Raw datasets without the Part 10 preamble are common; accept one only if it parses
            # to something that identifies itself as a SOP instance.
            ds = pydicom.dcmread(src, force=True)
            if "SOPClassUID" not in ds and "SOPInstanceUID" not in ds:
                raise DicomReadError("not a DICOM file (no DICM preamble and no SOP identity)") from None
        for elem in ds.iterall():  # force every deferred/raw element to parse now
            _ = elem.value
        if "SOPClassUID" not in ds and "SOPInstanceUID" not in ds:
            raise DicomReadError("no SOP Class/Instance UID: empty, truncated or not an instance")
    except (EOFError, struct.error, ValueError, OSError, KeyError, TypeError, NotImplementedError, AttributeError) as exc:
        raise DicomReadError(f"truncated or corrupt DICOM ({type(exc).__name__})") from None
    _check_pixel_length(ds)
    return ds


def _check_pixel_length(ds: Dataset) -> None:
    if "PixelData" not in ds or getattr(ds, "file_meta", None) is None:
        return
    if ds.file_meta.get("TransferSyntaxUID") is not None and ds.file_meta.TransferSyntaxUID.is_compressed:
        return
    try:
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        samples = 2 if str(ds.PhotometricInterpretation) == "YBR_FULL_422" else int(ds.SamplesPerPixel)
        expected = int(ds.Rows) * int(ds.Columns) * samples * frames * int(ds.BitsAllocated) // 8
    except (AttributeError, TypeError, ValueError):
        return  # not interpretable as an image: the pixel step flags it for review
    if len(ds.PixelData) < expected:
        raise DicomReadError(f"pixel data truncated ({len(ds.PixelData)} of {expected} bytes)")


def deidentify_dicom_file(src: Path, dst: Path, deid: DicomDeidentifier) -> FileResult:
    """One file: the output appears only when everything succeeded."""
    result = FileResult(str(src), output=str(dst))
    ds = read_dicom(src)
    details = deid.dataset(ds)
    result.records = 1
    result.details = details
    with atomic_path(dst) as tmp:
        save_dicom(ds, tmp)
    return result


def save_dicom(ds: Dataset, path: Path) -> None:
    try:
        ds.save_as(path)
    except ValueError:
        # Redacting a big-endian instance re-encodes it little endian; pydicom needs that said explicitly.
        ts = ds.file_meta.TransferSyntaxUID
        try:
            pydicom.dcmwrite(path, ds, implicit_vr=ts.is_implicit_VR, little_endian=ts.is_little_endian, force_encoding=True)
        except Exception as exc:
            raise DicomPixelError(f"de-identified instance cannot be written ({type(exc).__name__})") from None


def deidentify_dicom_files(paths: list[Path], out_dir: Path, deid: DicomDeidentifier) -> BatchReport:
    """Every file into ``out_dir``; failures are reported per file and the batch goes on."""
    report = BatchReport()
    for path in paths:
        try:
            report.files.append(deidentify_dicom_file(Path(path), Path(out_dir) / Path(path).name, deid))
        except InputError as exc:
            report.files.append(FileResult(str(path), ok=False, error_code=exc.code, error=f"{path}: {exc.message}"))
    return report

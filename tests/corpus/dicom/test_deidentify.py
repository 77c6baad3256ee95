"""Bad DICOM input: named errors per file, the batch goes on, nothing half-written."""

from __future__ import annotations

import pytest

from corpus.dicom.deidentify import DicomDeidentifier, deidentify_dicom_files, read_dicom
from corpus.dicom.errors import DicomReadError
from corpus.structured.policy import DicomPolicy
from tests.corpus.dicom.conftest import KEY, make_instance

POLICY = DicomPolicy(kind="dicom", name="t", burned_in="off")


def test_when_a_file_is_truncated_then_it_gets_a_named_error_and_the_rest_complete(tmp_path, write):
    good = write(make_instance(), "good.dcm")
    whole = write(make_instance(), "cut.dcm").read_bytes()
    cut = tmp_path / "in" / "cut.dcm"
    cut.write_bytes(whole[: len(whole) - 3000])
    header_only = tmp_path / "in" / "header.dcm"
    header_only.write_bytes(whole[:200])
    junk = tmp_path / "in" / "junk.dcm"
    junk.write_bytes(b"\x00" * 50 + b"not dicom at all")
    report = deidentify_dicom_files([cut, header_only, junk, good], tmp_path / "out", DicomDeidentifier(POLICY, KEY))
    codes = [f.error_code for f in report.files]
    assert codes == ["dicom_corrupt", "dicom_corrupt", "dicom_corrupt", None]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.dcm"]
    assert all("DOE" not in (f.error or "") for f in report.files)


def test_when_pixel_data_is_shorter_than_declared_then_read_fails():
    ds = make_instance()
    ds.PixelData = ds.PixelData[:-100]
    import io

    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    path_bytes = buf.getvalue()
    with pytest.raises(DicomReadError, match="pixel data truncated"):
        import tempfile, pathlib

        with tempfile.TemporaryDirectory() as d:
            p = pathlib.Path(d) / "x.dcm"
            p.write_bytes(path_bytes)
            read_dicom(p)

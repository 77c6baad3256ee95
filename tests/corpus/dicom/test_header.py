"""Annex E header de-identification on generated instances and on every file pydicom ships."""

from __future__ import annotations

import warnings
from pathlib import Path

import pydicom
import pytest
from pydicom.dataset import Dataset

from corpus.dicom.annex_e import REMOVING, load_table
from corpus.dicom.deidentify import DicomDeidentifier, deidentify_dicom_files, read_dicom
from corpus.dicom.header import HeaderDeidentifier, HeaderOptions
from corpus.structured.policy import DicomPolicy
from tests.corpus.dicom.conftest import KEY, make_instance

POLICY = DicomPolicy(kind="dicom", name="test", burned_in="off")


def identifying_values(ds: Dataset) -> list[tuple[int, object]]:
    """(tag, value) of every non-empty attribute whose Basic Profile action is D, Z, X or U (any nesting)."""
    table = load_table()
    out = []
    for elem in ds.iterall():
        rule = None if elem.tag.is_private else table.get(int(elem.tag))
        if rule is not None and rule.basic in REMOVING and elem.VR != "SQ" and elem.value not in (None, "", b""):
            out.append((int(elem.tag), elem.value))
    return out


def still_present(original: list[tuple[int, object]], after: Dataset, exempt: set[int]) -> list[str]:
    values: dict[int, set[str]] = {}
    for elem in after.iterall():
        values.setdefault(int(elem.tag), set()).add(str(elem.value))
    return [f"{tag:08X}" for tag, value in original if tag not in exempt and str(value) in values.get(tag, set())]


def test_when_generated_instance_is_deidentified_then_no_annex_e_attribute_keeps_its_value(tmp_path, write):
    src = write(make_instance())
    original = read_dicom(src)
    before = identifying_values(original)
    report = deidentify_dicom_files([src], tmp_path / "out", DicomDeidentifier(POLICY, KEY))
    after = pydicom.dcmread(tmp_path / "out" / "in.dcm")
    assert report.files[0].ok and len(before) > 25
    assert still_present(before, after, exempt=set()) == []
    assert after.PatientIdentityRemoved == "YES"
    assert [i.CodeValue for i in after.DeidentificationMethodCodeSequence] == ["113100", "113107"]
    assert all(i.CodingSchemeDesignator == "DCM" for i in after.DeidentificationMethodCodeSequence)
    assert "CorpusBox PS3.15 Annex E" in list(after.DeidentificationMethod)
    assert not any(e.tag.is_private for e in after) and "PatientAddress" not in after
    assert after.PatientID.startswith("PATIENT_") and after.PatientName == ""
    assert after.file_meta.MediaStorageSOPInstanceUID == after.SOPInstanceUID
    assert after.ReferencedImageSequence[0].ReferencedSOPInstanceUID != original.ReferencedImageSequence[0].ReferencedSOPInstanceUID


def test_when_dates_are_modified_then_intervals_survive_and_midnight_carries(write, tmp_path):
    ds = make_instance()
    HeaderDeidentifier(HeaderOptions(key=KEY)).apply(ds)
    assert ds.StudyDate != "20240305" and ds.StudyTime != "233000"
    import datetime as dt

    study = dt.datetime.strptime(ds.StudyDate + ds.StudyTime, "%Y%m%d%H%M%S")
    series = dt.datetime.strptime(ds.SeriesDate + ds.SeriesTime, "%Y%m%d%H%M%S")
    assert (series - study).total_seconds() == 300  # 23:30:00 -> 23:35:00 stays 5 minutes apart
    assert ds.AcquisitionDateTime.startswith(ds.ContentDate)


def test_when_two_instances_share_a_study_then_uids_and_shifts_stay_consistent():
    a, b = make_instance(study_uid="1.2.3.4"), make_instance(study_uid="1.2.3.4")
    b.FrameOfReferenceUID = a.FrameOfReferenceUID
    deid = HeaderDeidentifier(HeaderOptions(key=KEY))
    deid.apply(a), deid.apply(b)
    assert a.StudyInstanceUID == b.StudyInstanceUID != "1.2.3.4"
    assert a.FrameOfReferenceUID == b.FrameOfReferenceUID and a.SOPInstanceUID != b.SOPInstanceUID
    assert a.StudyDate == b.StudyDate and a.PatientID == b.PatientID
    assert a.StudyInstanceUID.startswith("2.25.") and len(a.StudyInstanceUID) <= 64


def test_when_clean_descriptors_has_a_text_engine_then_descriptions_are_cleaned_not_dropped(text_engine_or_skip):
    ds = make_instance()
    report = HeaderDeidentifier(HeaderOptions(key=KEY, text=text_engine_or_skip)).apply(ds)
    assert ("113105", "Clean Descriptors Option") in report.codes
    assert "ImageComments" in ds and "617-555-0101" not in ds.ImageComments
    assert ds.SeriesDescription == "AXIAL"


def test_when_no_text_engine_is_given_then_descriptors_are_removed_and_option_not_claimed():
    ds = make_instance()
    report = HeaderDeidentifier(HeaderOptions(key=KEY, text=None)).apply(ds)
    assert "StudyDescription" not in ds and "ImageComments" not in ds
    assert "113105" not in [c for c, _ in report.codes]


def test_when_a_private_tag_is_on_the_safe_list_then_it_alone_survives():
    ds = make_instance()
    ds.add_new(0x00091002, "DS", "1.5")
    HeaderDeidentifier(HeaderOptions(key=KEY, safe_private=("ACME PRIVATE:0009,xx02",))).apply(ds)
    private = {int(e.tag): e.value for e in ds if e.tag.is_private}
    assert private == {0x00090010: "ACME PRIVATE", 0x00091002: "1.5"}
    assert "113111" in [i.CodeValue for i in ds.DeidentificationMethodCodeSequence]


def _pydicom_files() -> list[Path]:
    from pydicom.data import get_testdata_files

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [Path(p) for p in get_testdata_files("*.dcm")]


@pytest.mark.filterwarnings("ignore")
def test_when_pydicom_test_files_are_deidentified_then_none_keeps_an_annex_e_value(tmp_path):
    files = _pydicom_files()
    assert len(files) > 40
    report = deidentify_dicom_files(files, tmp_path / "out", DicomDeidentifier(POLICY, KEY))
    checked = 0
    for result in report.files:
        if not result.ok:
            assert result.error_code == "dicom_corrupt", result.error
            continue
        before = identifying_values(read_dicom(Path(result.source)))
        after = pydicom.dcmread(result.output, force=True)
        assert still_present(before, after, exempt=set()) == [], result.source
        assert after.PatientIdentityRemoved == "YES"
        checked += 1
    assert checked > 40
    failed = {Path(f.source).name for f in report.failed}
    assert "MR_truncated.dcm" in failed and "no_meta.dcm" in failed

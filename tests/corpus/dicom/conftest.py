"""Synthetic DICOM instances built with pydicom (no real patient data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

KEY = b"dicom-test-key-0123456789abcdef!"


def make_instance(patient_id: str = "PID-0042", study_uid: str | None = None, pixels: np.ndarray | None = None) -> Dataset:
    """A secondary-capture instance full of identifying attributes, a private block and a nested sequence."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID = study_uid or generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.FrameOfReferenceUID = generate_uid()
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "DOE^JOHN", patient_id, "19700101", "M"
    ds.PatientAddress, ds.PatientTelephoneNumbers, ds.OtherPatientIDs = "1 Elm St, Springfield", "617-555-0101", "ALT-9"
    ds.PatientAge, ds.PatientWeight = "054Y", "81"
    ds.StudyDate, ds.StudyTime, ds.SeriesDate, ds.SeriesTime = "20240305", "233000", "20240305", "233500"
    ds.ContentDate, ds.ContentTime, ds.AcquisitionDateTime = "20240305", "233510", "20240305233510.000000"
    ds.AccessionNumber, ds.StudyID = "ACC123456", "STUDY77"
    ds.ReferringPhysicianName, ds.OperatorsName, ds.PerformingPhysicianName = "WHO^HOUSE", "TECH^TOM", "DR^JONES"
    ds.InstitutionName, ds.InstitutionAddress, ds.StationName = "Springfield General", "2 Main St", "CT-STATION-3"
    ds.DeviceSerialNumber, ds.StudyDescription, ds.SeriesDescription = "SN-777", "CT HEAD for John Doe", "AXIAL"
    ds.ImageComments, ds.ProtocolName = "call 617-555-0101", "HEAD ROUTINE"
    ds.Modality, ds.Manufacturer, ds.BodyPartExamined = "OT", "ACME", "HEAD"
    ref = Dataset()
    ref.ReferencedSOPClassUID, ref.ReferencedSOPInstanceUID = SecondaryCaptureImageStorage, generate_uid()
    ds.ReferencedImageSequence = Sequence([ref])
    ds.add_new(0x00090010, "LO", "ACME PRIVATE")
    ds.add_new(0x00091001, "LO", "PID-0042 hidden in private")
    pixels = pixels if pixels is not None else np.zeros((64, 64), dtype=np.uint16)
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = pixels.astype(np.uint16).tobytes()
    return ds


def burned_in_pixels(text: str = "DOE^JOHN 1970") -> np.ndarray:
    """A 512x256 image with anatomy-like blobs and a name rendered into the top rows."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (512, 256), 0)
    ImageDraw.Draw(img).text((16, 14), text, fill=255, font=ImageFont.load_default(size=28))
    arr = np.asarray(img).astype(np.uint16) * 16
    yy, xx = np.mgrid[0:256, 0:512]
    arr[(yy - 170) ** 2 / 50**2 + (xx - 256) ** 2 / 140**2 < 1] += 900
    return arr


@pytest.fixture
def write(tmp_path: Path):
    def _write(ds: Dataset, name: str = "in.dcm") -> Path:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        ds.save_as(path, enforce_file_format=True)
        return path

    return _write


@pytest.fixture(scope="session")
def text_engine_or_skip():
    """The real free-text engine, when the deid package is present."""
    pytest.importorskip("corpus.deid.engine")
    from corpus.structured.text import EngineTextDeidentifier

    return EngineTextDeidentifier.default(KEY)

"""Burned-in annotations: a name rendered into pixels is found by OCR and redacted, or flagged."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest

from corpus.dicom import pixels
from corpus.dicom.deidentify import DicomDeidentifier, deidentify_dicom_files
from corpus.structured.policy import DicomPolicy
from tests.corpus.dicom.conftest import KEY, burned_in_pixels, make_instance

pytestmark = pytest.mark.skipif(not pixels.ocr_available(), reason="tesseract-ocr is not installed")


def ocr_words(arr: np.ndarray) -> list[str]:
    import pytesseract
    from PIL import Image

    img, _ = pixels._ocr_image(arr, False)
    return [w for w in pytesseract.image_to_string(Image.fromarray(img), config="--psm 11").split() if w.strip()]


def test_when_a_name_is_burned_in_then_it_is_found_and_redacted(tmp_path, write):
    src = write(make_instance(pixels=burned_in_pixels("DOE JOHN 1970")))
    assert "JOHN" in ocr_words(pydicom.dcmread(src).pixel_array)  # the fixture really carries readable text
    report = deidentify_dicom_files([src], tmp_path / "out", DicomDeidentifier(DicomPolicy(kind="dicom", name="t"), KEY))
    result = report.files[0]
    after = pydicom.dcmread(tmp_path / "out" / "in.dcm")
    arr = after.pixel_array
    regions = result.details["pixels"]["regions"]
    assert result.details["pixels"]["redacted"] and regions
    assert all(r["top"] < 60 for r in regions)  # only the text line, not the anatomy
    assert not any(w in ocr_words(arr) for w in ("DOE", "JOHN", "1970"))
    assert arr[14:40, 16:200].max() == 0 and arr[170, 256] > 800  # text blacked out, anatomy kept
    assert after.BurnedInAnnotation == "NO"
    assert "113101" in [i.CodeValue for i in after.DeidentificationMethodCodeSequence]


def test_when_policy_flags_then_pixels_are_untouched_and_review_is_requested(tmp_path, write):
    original = burned_in_pixels("DOE JOHN 1970")
    src = write(make_instance(pixels=original))
    policy = DicomPolicy(kind="dicom", name="t", burned_in="flag")
    result = deidentify_dicom_files([src], tmp_path / "out", DicomDeidentifier(policy, KEY)).files[0]
    assert result.details["pixels"]["review"] and not result.details["pixels"]["redacted"]
    assert np.array_equal(pydicom.dcmread(tmp_path / "out" / "in.dcm").pixel_array, original)
    assert "113101" not in [i.CodeValue for i in pydicom.dcmread(tmp_path / "out" / "in.dcm").DeidentificationMethodCodeSequence]


def test_when_image_has_no_text_then_nothing_is_redacted(tmp_path, write):
    clean = burned_in_pixels("")
    src = write(make_instance(pixels=clean))
    result = deidentify_dicom_files([src], tmp_path / "out", DicomDeidentifier(DicomPolicy(kind="dicom", name="t"), KEY)).files[0]
    assert result.details["pixels"]["regions"] == [] and not result.details["pixels"]["review"]
    assert np.array_equal(pydicom.dcmread(tmp_path / "out" / "in.dcm").pixel_array, clean)

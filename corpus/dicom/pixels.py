"""Burned-in annotations: find text in pixel data with Tesseract OCR, then redact or flag it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian

from corpus.dicom.errors import DicomPixelError, OcrUnavailableError

UPSCALE_BELOW = 1024  # small images are upscaled 2x: Tesseract wants text ~20-40 px tall
PAD = 3


@dataclass
class TextRegion:
    """One OCR word box (frame, left, top, width, height, confidence); the text itself is not kept."""

    frame: int
    left: int
    top: int
    width: int
    height: int
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class PixelReport:
    """What OCR saw and did in one instance."""

    ocr_ran: bool = False
    frames_scanned: int = 0
    regions: list[TextRegion] = field(default_factory=list)
    redacted: bool = False
    review: bool = False
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "regions"}
        data["regions"] = [r.to_dict() for r in self.regions]
        return data


def ocr_available() -> bool:
    """True when the tesseract binary is on PATH."""
    return shutil.which("tesseract") is not None


def frames_of(ds: Dataset) -> np.ndarray:
    """Pixel data as (frames, rows, cols[, samples]); raises DicomPixelError when undecodable."""
    try:
        arr = ds.pixel_array
    except Exception as exc:  # pydicom raises many types for missing/unsupported decoders
        raise DicomPixelError(f"pixel data cannot be decoded ({type(exc).__name__})") from None
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    return arr if frames > 1 else arr[np.newaxis, ...]


def find_text(frames: np.ndarray, monochrome1: bool, min_confidence: float, max_frames: int) -> tuple[list[TextRegion], int]:
    """Word boxes with confidence >= min_confidence in up to ``max_frames`` frames."""
    if not ocr_available():
        raise OcrUnavailableError("burned-in text handling needs tesseract", hint="apt-get install tesseract-ocr")
    import pytesseract
    from PIL import Image

    regions: list[TextRegion] = []
    count = min(len(frames), max_frames)
    for index in range(count):
        image, scale = _ocr_image(frames[index], monochrome1)
        data = pytesseract.image_to_data(Image.fromarray(image), config="--psm 11", output_type=pytesseract.Output.DICT)
        regions.extend(_line_regions(data, index, scale, min_confidence))
    return regions, count


def _line_regions(data: dict[str, list[Any]], frame: int, scale: int, min_confidence: float) -> list[TextRegion]:
    """One box per OCR line holding at least one confident word; the box spans every word in it."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip():
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    out = []
    for words in lines.values():
        best = max(float(data["conf"][i]) for i in words)
        if best < min_confidence or not any(ch.isalnum() for i in words for ch in data["text"][i]):
            continue
        left = min(data["left"][i] for i in words)
        top = min(data["top"][i] for i in words)
        right = max(data["left"][i] + data["width"][i] for i in words)
        bottom = max(data["top"][i] + data["height"][i] for i in words)
        out.append(TextRegion(frame, left // scale, top // scale, -(-(right - left) // scale), -(-(bottom - top) // scale), best))
    return out


def redact(ds: Dataset, frames: np.ndarray, regions: list[TextRegion]) -> None:
    """Black out every region (padded) and write the pixels back uncompressed."""
    out = frames.copy()
    black = out.min() if out.size else 0
    for r in regions:
        top, left = max(r.top - PAD, 0), max(r.left - PAD, 0)
        out[r.frame, top : r.top + r.height + PAD, left : r.left + r.width + PAD, ...] = black
    photometric = str(ds.get("PhotometricInterpretation", "MONOCHROME2"))
    if out.ndim == 4 and photometric.startswith("YBR"):
        photometric = "RGB"  # pydicom decodes YBR to RGB by default
    data = out if int(ds.get("NumberOfFrames", 1) or 1) > 1 else out[0]
    meta = getattr(ds, "file_meta", None)
    if meta is not None and meta.get("TransferSyntaxUID") == ExplicitVRBigEndian:
        meta.TransferSyntaxUID = ExplicitVRLittleEndian  # pydicom writes new pixel data little endian only
    try:
        ds.set_pixel_data(data, photometric_interpretation=photometric, bits_stored=int(ds.get("BitsStored", data.itemsize * 8)))
    except Exception as exc:
        raise DicomPixelError(f"redacted pixels cannot be written back ({type(exc).__name__})") from None


def _ocr_image(frame: np.ndarray, monochrome1: bool) -> tuple[np.ndarray, int]:
    img = frame.astype(np.float32)
    if img.ndim == 3:
        img = img[..., :3].mean(axis=2)
    low, high = float(img.min()), float(img.max())
    img = (img - low) * (255.0 / (high - low)) if high > low else np.zeros_like(img)
    if monochrome1:
        img = 255.0 - img
    img8 = img.astype(np.uint8)
    scale = 2 if max(img8.shape) < UPSCALE_BELOW else 1
    if scale > 1:
        img8 = np.kron(img8, np.ones((scale, scale), dtype=np.uint8))
    return img8, scale

"""Named DICOM errors; messages name the file, never a header value."""

from __future__ import annotations

from corpus.structured.errors import InputError


class DicomReadError(InputError):
    """The file is not DICOM, or is truncated or corrupt."""

    code = "dicom_corrupt"


class DicomPixelError(InputError):
    """The pixel data cannot be decoded or written back."""

    code = "dicom_pixels"


class OcrUnavailableError(InputError):
    """Burned-in text handling was asked for but tesseract is not installed."""

    code = "ocr_unavailable"

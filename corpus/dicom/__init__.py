"""DICOM de-identification: PS3.15 Annex E header profile and OCR-based burned-in text handling."""

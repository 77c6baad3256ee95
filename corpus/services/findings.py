"""Findings by entity type (the console's findings panel); see corpus.services.deid."""

from corpus.services.deid import findings_summary

__all__ = ["findings_summary"]

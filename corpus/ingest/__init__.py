"""Ingestion of source files into the quarantine bucket (see runner.py; the service is corpus.services.ingest)."""

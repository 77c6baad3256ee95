"""Sources of clinical data: connectors per kind (notes, tables, FHIR, DICOM), locations (folder, S3 prefix)."""

from corpus.sources.base import Connector, Document, FileCheck, Location, SourceFile, SourceSettings
from corpus.sources.registry import CONNECTORS, connector, location

__all__ = [
           "CONNECTORS",
           "Connector",
           "Document",
           "FileCheck",
           "Location",
           "SourceFile",
           "SourceSettings",
           "connector",
           "location",
]

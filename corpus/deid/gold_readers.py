"""Readers for gold-standard PHI annotations: PhysioNet deid, presidio-research JSON, i2b2 XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from corpus.deid.entities import is_known

FORMATS = ("physionet", "presidio", "i2b2")

PHYSIONET_MAP = {
    "HCPName": "CLINICIAN_NAME", "PTName": "PATIENT_NAME", "PTNameInitial": "PATIENT_NAME",
    "RelativeProxyName": "RELATIVE_NAME", "Date": "DATE", "DateYear": "DATE", "Location": "LOCATION",
    "Phone": "PHONE", "Age": "AGE", "Other": "ID_NUMBER",
}
PRESIDIO_MAP = {
    "PERSON": "PERSON", "STREET_ADDRESS": "LOCATION", "GPE": "LOCATION", "ZIP": "LOCATION",
    "LOCATION": "LOCATION", "ZIP_CODE": "LOCATION", "ORGANIZATION": "ORGANIZATION", "CREDIT_CARD": "ACCOUNT_NUMBER",
    "DATE_TIME": "DATE", "PHONE_NUMBER": "PHONE", "AGE": "AGE", "EMAIL": "EMAIL", "EMAIL_ADDRESS": "EMAIL",
    "DOMAIN": "URL", "DOMAIN_NAME": "URL", "URL": "URL", "IBAN": "ACCOUNT_NUMBER", "IBAN_CODE": "ACCOUNT_NUMBER",
    "US_SSN": "ID_NUMBER", "IP": "IP_ADDRESS", "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "LICENSE_NUMBER", "TITLE": None, "NRP": None,
}
I2B2_MAP = {
    "PATIENT": "PATIENT_NAME", "DOCTOR": "CLINICIAN_NAME", "USERNAME": "PERSON", "PROFESSION": None,
    "HOSPITAL": "HOSPITAL", "ORGANIZATION": "ORGANIZATION", "STREET": "LOCATION", "CITY": "LOCATION",
    "STATE": "LOCATION", "COUNTRY": "LOCATION", "ZIP": "LOCATION", "LOCATION": "LOCATION",
    "LOCATION-OTHER": "LOCATION", "AGE": "AGE", "DATE": "DATE", "PHONE": "PHONE", "FAX": "PHONE",
    "EMAIL": "EMAIL", "URL": "URL", "IPADDR": "IP_ADDRESS", "SSN": "ID_NUMBER",
    "MEDICALRECORD": "MEDICAL_RECORD_NUMBER", "HEALTHPLAN": "INSURANCE_NUMBER", "ACCOUNT": "ACCOUNT_NUMBER",
    "LICENSE": "LICENSE_NUMBER", "VEHICLE": "ID_NUMBER", "DEVICE": "DEVICE_ID", "BIOID": "ID_NUMBER",
    "IDNUM": "ID_NUMBER", "ID": "ID_NUMBER",
}


@dataclass
class GoldSpan:
    """One labelled PHI span; ``end`` exclusive; ``category`` is the source label."""

    start: int
    end: int
    category: str
    entity_type: str | None


@dataclass
class GoldDoc:
    """A document with its gold spans; ``group`` is the patient (for patient-level splits)."""

    doc_id: str
    text: str
    spans: list[GoldSpan] = field(default_factory=list)
    group: str = ""
    language: str = "en"


def _map(label: str, table: dict[str, str | None]) -> str | None:
    if label in table:
        return table[label]
    return label if is_known(label) else "OTHER"


def read_physionet(text_path: Path, phrase_path: Path | None = None) -> list[GoldDoc]:
    """PhysioNet deid ``id.text`` + ``id-phi.phrase`` (offsets into the body, ``end`` inclusive)."""
    text_path = Path(text_path)
    phrase_path = Path(phrase_path or text_path.with_name(text_path.stem + "-phi.phrase"))
    raw = text_path.read_text(encoding="utf-8", errors="replace")
    docs: dict[tuple[str, str], GoldDoc] = {}
    for m in re.finditer(r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|(.*?)\|\|\|\|END_OF_RECORD", raw, re.S):
        docs[(m[1], m[2])] = GoldDoc(doc_id=f"{m[1]}-{m[2]}", text=m[3], group=m[1])
    for line in phrase_path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) < 5 or (parts[0], parts[1]) not in docs:
            continue
        doc = docs[(parts[0], parts[1])]
        start, end = int(parts[2]), min(int(parts[3]) + 1, len(doc.text))
        doc.spans.append(GoldSpan(start, end, parts[4], _map(parts[4], PHYSIONET_MAP)))
    return list(docs.values())


def read_presidio_json(path: Path) -> list[GoldDoc]:
    """presidio-research JSON: a list of ``{full_text, spans:[{entity_type, start_position, end_position}]}``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    docs = []
    for i, rec in enumerate(data):
        spans = [
            GoldSpan(s["start_position"], s["end_position"], s["entity_type"], _map(s["entity_type"], PRESIDIO_MAP))
            for s in rec.get("spans", [])
        ]
        meta = rec.get("metadata") or {}
        docs.append(GoldDoc(
            doc_id=str(rec.get("id", i)), text=rec["full_text"], spans=spans,
            group=str(meta.get("patient", rec.get("template_id", i))),
            language=str(meta.get("language", rec.get("language", "en"))),
        ))
    return docs


def read_i2b2_xml(path: Path) -> list[GoldDoc]:
    """i2b2 XML: 2014 style (TEXT + TAGS with offsets) or 2006 style (inline PHI tags), file or folder."""
    path = Path(path)
    files = sorted(path.glob("*.xml")) if path.is_dir() else [path]
    docs: list[GoldDoc] = []
    for f in files:
        root = ET.parse(f).getroot()
        if root.find("TAGS") is not None or root.tag == "deIdi2b2":
            docs.append(_i2b2_2014(root, f.stem))
        else:
            docs.extend(_i2b2_2006(root))
    return docs


def _i2b2_2014(root: ET.Element, doc_id: str) -> GoldDoc:
    text = root.findtext("TEXT") or ""
    doc = GoldDoc(doc_id=doc_id, text=text, group=doc_id)
    for tag in (root.find("TAGS") or []):
        label = tag.get("TYPE") or tag.tag
        doc.spans.append(GoldSpan(int(tag.get("start")), int(tag.get("end")), label, _map(label.upper(), I2B2_MAP)))
    return doc


def _i2b2_2006(root: ET.Element) -> list[GoldDoc]:
    docs = []
    for rec in root.iter("RECORD"):
        text_el = rec.find("TEXT")
        if text_el is None:
            continue
        pieces, spans, pos = [text_el.text or ""], [], len(text_el.text or "")
        for child in text_el:
            value = "".join(child.itertext())
            if child.tag == "PHI":
                label = child.get("TYPE", "OTHER")
                spans.append(GoldSpan(pos, pos + len(value), label, _map(label.upper(), I2B2_MAP)))
            pieces.append(value)
            pos += len(value)
            pieces.append(child.tail or "")
            pos += len(child.tail or "")
        rid = rec.get("ID", str(len(docs)))
        docs.append(GoldDoc(doc_id=rid, text="".join(pieces), spans=spans, group=rid))
    return docs


def read_gold(path: Path, fmt: str) -> list[GoldDoc]:
    """Read a gold file in one of FORMATS."""
    if fmt == "physionet":
        return read_physionet(path)
    if fmt == "presidio":
        return read_presidio_json(path)
    if fmt == "i2b2":
        return read_i2b2_xml(path)
    raise ValueError(f"unknown gold format {fmt!r}; use one of {', '.join(FORMATS)}")

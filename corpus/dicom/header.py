"""PS3.15 Annex E header de-identification of one pydicom Dataset, in place."""

from __future__ import annotations

from dataclasses import dataclass, field
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from corpus.dicom.annex_e import (
    CODE_BASIC, CODE_CLEAN_DESCRIPTORS, CODE_MODIFIED_DATES, CODE_SAFE_PRIVATE, ActionTable, load_table,
)
from corpus.dicom.dates import Shift
from corpus.structured.keyed import date_offset_days, digest, pseudonym, time_offset_seconds
from corpus.structured.text import TextDeidentifier

DUMMY = {
    "AE": "ANONYMOUS", "AS": "000Y", "CS": "ANONYMIZED", "DA": "19000101", "DS": "0", "DT": "19000101000000",
    "IS": "0", "LO": "ANONYMIZED", "LT": "ANONYMIZED", "PN": "ANONYMIZED", "SH": "ANONYMIZED", "ST": "ANONYMIZED",
    "TM": "000000", "UC": "ANONYMIZED", "UR": "", "UT": "ANONYMIZED", "FL": 0.0, "FD": 0.0, "SL": 0, "SS": 0,
    "UL": 0, "US": 0, "SV": 0, "UV": 0, "OB": b"\x00\x00", "OW": b"\x00\x00", "UN": b"\x00\x00",
}

MAX_LENGTH = {"SH": 16, "LO": 64, "ST": 1024, "LT": 10240}


@dataclass
class HeaderOptions:
    """Which Annex E options apply, and the keyed material they need."""

    key: bytes
    retain_modified_dates: bool = True
    clean_descriptors: bool = True
    safe_private: tuple[str, ...] = ()
    patient_id_namespace: str | None = "PATIENT"
    max_shift_days: int = 365
    text: TextDeidentifier | None = None


@dataclass
class HeaderReport:
    """Counts per action (no values) and the options actually applied."""

    actions: dict[str, int] = field(default_factory=dict)
    private_removed: int = 0
    private_kept: int = 0
    codes: list[tuple[str, str]] = field(default_factory=list)

    def count(self, action: str) -> None:
        self.actions[action] = self.actions.get(action, 0) + 1


class HeaderDeidentifier:
    """Walks a dataset (sequences included) and applies the Annex E action of each attribute."""

    def __init__(self, options: HeaderOptions, table: ActionTable | None = None) -> None:
        self.opt = options
        self.table = table or load_table()
        self._safe = [_parse_safe(s) for s in options.safe_private]

    def apply(self, ds: Dataset) -> HeaderReport:
        """De-identify ``ds`` in place and write PatientIdentityRemoved and the method codes."""
        report = HeaderReport()
        patient = str(ds.get("PatientID", "") or ds.get("StudyInstanceUID", "") or "")
        shift = Shift(
            date_offset_days(self.opt.key, patient, self.opt.max_shift_days), time_offset_seconds(self.opt.key, patient)
        )
        self._dataset(ds, shift, patient, report)
        if getattr(ds, "file_meta", None) is not None and "SOPInstanceUID" in ds:
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        if self.opt.patient_id_namespace and patient:
            ds.PatientID = pseudonym(self.opt.key, self.opt.patient_id_namespace, patient)
        self._mark(ds, report)
        return report

    def new_uid(self, uid: str) -> str:
        """Keyed replacement UID under the 2.25 (UUID-derived) root: same input, same output."""
        return "2.25." + str(int.from_bytes(digest(self.opt.key, "dicom-uid", uid.strip())[:16], "big"))

    def _dataset(self, ds: Dataset, shift: Shift, patient: str, report: HeaderReport) -> None:
        self._dates(ds, shift, report)
        for elem in list(ds):
            if elem.tag.is_private:
                self._private(ds, elem, report)
                continue
            rule = self.table.get(int(elem.tag))
            if rule is None:
                if elem.VR == "SQ":
                    for item in elem.value:
                        self._dataset(item, shift, patient, report)
                continue
            action = rule.action(self.opt.retain_modified_dates, self.opt.clean_descriptors and self.opt.text is not None)
            if action == "C-date":
                continue  # handled by _dates (pairs first)
            self._act(ds, elem, action, shift, patient, report)

    def _act(self, ds: Dataset, elem: DataElement, action: str, shift: Shift, patient: str, report: HeaderReport) -> None:
        report.count(action)
        if action == "X":
            del ds[elem.tag]
        elif action == "Z":
            elem.value = Sequence() if elem.VR == "SQ" else ("" if isinstance(DUMMY.get(elem.VR), str) else None)
        elif action == "D":
            elem.value = Sequence([Dataset()]) if elem.VR == "SQ" else DUMMY.get(elem.VR, "ANONYMIZED")
        elif action == "U":
            self._uid(elem)
        elif action == "U*":
            for item in elem.value if elem.VR == "SQ" else ():
                self._dataset(item, shift, patient, report)
        elif action == "C-text":
            text = self.opt.text.deidentify_text(str(elem.value), "auto", patient, "tags")  # type: ignore[union-attr]
            elem.value = text[: MAX_LENGTH.get(elem.VR, len(text))]
        else:
            report.count("K")

    def _uid(self, elem: DataElement) -> None:
        if elem.VR != "UI" or elem.value in (None, ""):
            elem.value = DUMMY.get(elem.VR, "") if elem.VR != "UI" else elem.value
            return
        values = elem.value if isinstance(elem.value, (list, tuple)) or elem.VM > 1 else [elem.value]
        new = [self.new_uid(str(v)) for v in values]
        elem.value = new if len(new) > 1 else new[0]

    def _dates(self, ds: Dataset, shift: Shift, report: HeaderReport) -> None:
        if not self.opt.retain_modified_dates:
            return
        todo = {}
        for elem in ds:
            rule = None if elem.tag.is_private else self.table.get(int(elem.tag))
            if rule is not None and rule.modified_dates == "C":
                todo[elem.keyword or f"{int(elem.tag):08x}"] = elem
        done: set[str] = set()
        for name, elem in todo.items():
            partner = todo.get(name.replace("Date", "Time")) if elem.VR == "DA" else None
            if partner is not None and partner.VR == "TM" and elem.value and partner.value:
                pair = shift.date_time(str(elem.value), str(partner.value))
                elem.value, partner.value = pair if pair else ("", "")
                done.update((name, partner.keyword))
                report.actions["C-date"] = report.actions.get("C-date", 0) + 2
        for name, elem in todo.items():
            if name not in done:
                self._shift_one(elem, shift)
                report.count("C-date")

    def _shift_one(self, elem: DataElement, shift: Shift) -> None:
        if elem.value in (None, ""):
            return
        if elem.keyword == "TimezoneOffsetFromUTC":
            elem.value = "+0000"
            return
        fn = {"DA": shift.date, "TM": shift.time, "DT": shift.datetime}.get(elem.VR)
        new = fn(str(elem.value)) if fn else None
        elem.value = new if new is not None else ("" if elem.VR in ("DA", "TM", "DT") else DUMMY.get(elem.VR, ""))

    def _private(self, ds: Dataset, elem: DataElement, report: HeaderReport) -> None:
        if elem.tag.is_private_creator:
            return  # decided after the walk: kept only while a safe attribute needs it
        if self._is_safe(ds, elem):
            report.private_kept += 1
            return
        del ds[elem.tag]
        report.private_removed += 1

    def _is_safe(self, ds: Dataset, elem: DataElement) -> bool:
        if not self._safe:
            return False
        creator = ds.get((elem.tag.group << 16) | (elem.tag.element >> 8))
        name = str(creator.value).strip() if creator is not None else ""
        return any(c == name and g == elem.tag.group and e == (elem.tag.element & 0xFF) for c, g, e in self._safe)

    def _mark(self, ds: Dataset, report: HeaderReport) -> None:
        _drop_orphan_creators(ds)
        codes = [CODE_BASIC]
        if self.opt.retain_modified_dates:
            codes.append(CODE_MODIFIED_DATES)
        if self.opt.clean_descriptors and self.opt.text is not None:
            codes.append(CODE_CLEAN_DESCRIPTORS)
        if report.private_kept:
            codes.append(CODE_SAFE_PRIVATE)
        report.codes = codes
        write_method(ds, codes)


def write_method(ds: Dataset, codes: list[tuple[str, str]]) -> None:
    """PatientIdentityRemoved, DeidentificationMethod and its Code Sequence (CID 7050)."""
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = ["CorpusBox PS3.15 Annex E"] + [meaning[:64] for _, meaning in codes]
    items = []
    for value, meaning in codes:
        item = Dataset()
        item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, "DCM", meaning
        items.append(item)
    ds.DeidentificationMethodCodeSequence = Sequence(items)


def _drop_orphan_creators(ds: Dataset) -> None:
    for elem in list(ds):
        if elem.VR == "SQ":
            for item in elem.value:
                _drop_orphan_creators(item)
        elif elem.tag.is_private_creator:
            block = elem.tag.element
            used = any(e.tag.group == elem.tag.group and (e.tag.element >> 8) == block for e in ds if e.tag.is_private and not e.tag.is_private_creator)
            if not used:
                del ds[elem.tag]


def _parse_safe(entry: str) -> tuple[str, int, int]:
    creator, _, tag = entry.rpartition(":")
    group, _, element = tag.strip("() ").partition(",")
    return creator.strip(), int(group, 16), int(element[-2:], 16)

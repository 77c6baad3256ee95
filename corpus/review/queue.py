"""The review queue: a sample of documents and the low-confidence findings, decided by a data officer.

Decisions feed the allow list (false positives), the deny list (missed PHI) and the residual-risk
estimate: misses found in reviewed sample documents per 1,000 documents.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from appliance.storage.layout import QUARANTINE
from corpus.curate.build import PartRef, read_part
from corpus.keys import quarantine_key
from corpus.models import DeidOutput, FindingRow
from corpus.pipeline.run import current_inputs
from corpus.sources.common import document_id

if TYPE_CHECKING:
    from appliance.box import Box
    from appliance.db.models import Source


def sampled(doc_id: str, rate: float) -> bool:
    """Deterministic sample: the same documents are picked on every queue build."""
    return int(hashlib.sha256(f"review:{doc_id}".encode()).hexdigest()[:8], 16) / 2**32 < rate


def candidates(box: Box, source: Source, version: str, rate: float, threshold: float,
               max_items: int) -> list[dict[str, Any]]:
    """Review items to create: sampled documents, then findings scored below `threshold`.

    Both are ordered by content (input hash, part, document, offsets, type), never by row id, so a run that
    was interrupted and resumed queues the same items as one that was not.
    """
    out: list[dict[str, Any]] = []
    current = DeidOutput.input_sha256.in_(current_inputs(source.id))
    with box.sessions() as s:
        outputs = s.scalars(select(DeidOutput).where(DeidOutput.source_id == source.id,
                                                     DeidOutput.policy_version == version, current)
                            .order_by(DeidOutput.input_sha256, DeidOutput.part)).all()
        low = s.execute(select(FindingRow.id, FindingRow.output_id, FindingRow.doc_id).join(
            DeidOutput, DeidOutput.id == FindingRow.output_id).where(
            DeidOutput.source_id == source.id, DeidOutput.policy_version == version, current,
            FindingRow.score < threshold)
            .order_by(FindingRow.score, DeidOutput.input_sha256, DeidOutput.part, FindingRow.doc_id,
                      FindingRow.start_char, FindingRow.end_char, FindingRow.entity_type,
                      FindingRow.recognizer)
            .limit(max_items)).all()
    for row in outputs:
        if len(out) >= max_items:
            break
        for doc in read_part(box, PartRef(source.name, row.curated_key, row.sha256, row.documents)):
            if sampled(doc["id"], rate):
                out.append({"item_key": f"sample:{version}:{doc['id']}", "output_id": row.id, "doc_id": doc["id"],
                            "finding_id": None, "reason": "sample"})
    out += [{"item_key": f"finding:{fid}", "output_id": oid, "doc_id": did, "finding_id": fid,
             "reason": "low_confidence"} for fid, oid, did in low]
    return out[:max_items * 2]


def curated_text(box: Box, source: Source, output: DeidOutput, doc_id: str) -> str | None:
    """The de-identified text of one document."""
    for doc in read_part(box, PartRef(source.name, output.curated_key, output.sha256, output.documents)):
        if doc["id"] == doc_id:
            return doc["text"]
    return None


def original_text(box: Box, source: Source, output: DeidOutput, doc_id: str) -> str | None:
    """The raw text of a note from quarantine (PHI: only for `deid.review`); None for other kinds."""
    import json

    from corpus.sources.base import SourceSettings

    if source.kind != "notes":
        return None
    settings = SourceSettings.model_validate(source.settings)
    with tempfile.TemporaryDirectory(prefix="review-") as tmp:
        local = Path(tmp) / "input"
        box.store.get_file(QUARANTINE, quarantine_key(output.input_sha256), local)
        raw = local.read_bytes().decode(settings.encoding, errors="replace")
    if document_id(output.input_sha256, 0) == doc_id and not raw.lstrip().startswith("{"):
        return raw
    index = 0
    for line in raw.splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get(settings.text_field), str):
            if document_id(output.input_sha256, index) == doc_id:
                return rec[settings.text_field]
            index += 1
    return None

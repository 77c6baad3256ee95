"""Corpus pipeline tables (migration branch `corpus`, revision c0601). No PHI text is ever stored here:
findings are offsets, types and scores; files are known by path and SHA-256.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from appliance.db.models import Base, Timestamped, utcnow

_BIGID = BigInteger().with_variant(Integer, "sqlite")
CURRENT = ("stored", "duplicate")  # IngestFile statuses of a file that is in its source now


class IngestFile(Timestamped, Base):
    """One file of a source and what ingestion did with it; committed only after its object is stored."""

    __tablename__ = "corpus_ingest_files"
    __table_args__ = (UniqueConstraint("source_id", "path", name="uq_corpus_ingest_files_source_path"),)
    id: Mapped[int] = mapped_column(_BIGID, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    mtime_ns: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # stored | duplicate | failed | removed
    error_code: Mapped[str | None] = mapped_column(String(48))
    error: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    quarantine_key: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class DeidOutput(Timestamped, Base):
    """De-identified documents of one part of one quarantined file, under one policy version."""

    __tablename__ = "corpus_deid_outputs"
    __table_args__ = (
        UniqueConstraint("source_id", "input_sha256", "part", "policy_version", name="uq_corpus_deid_outputs_input"),
    )
    id: Mapped[int] = mapped_column(_BIGID, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    input_sha256: Mapped[str] = mapped_column(String(64))
    part: Mapped[int] = mapped_column(Integer, default=0)
    policy_version: Mapped[str] = mapped_column(String(64), index=True)
    curated_key: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    documents: Mapped[int] = mapped_column(Integer, default=0)
    findings: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)


class FindingRow(Base):
    """One detected PHI span in a document: where, what type, how sure, which recognizer. Never the text."""

    __tablename__ = "corpus_findings"
    __table_args__ = (Index("ix_corpus_findings_output_doc", "output_id", "doc_id"),)
    id: Mapped[int] = mapped_column(_BIGID, primary_key=True)
    output_id: Mapped[int] = mapped_column(ForeignKey("corpus_deid_outputs.id", ondelete="CASCADE"))
    doc_id: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(48), index=True)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float, index=True)
    recognizer: Mapped[str] = mapped_column(String(96), default="")


class ReviewItem(Timestamped, Base):
    """A document (sampled) or a low-confidence finding waiting for a data officer's decision."""

    __tablename__ = "corpus_review_items"
    id: Mapped[int] = mapped_column(_BIGID, primary_key=True)
    item_key: Mapped[str] = mapped_column(String(160), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    output_id: Mapped[int] = mapped_column(ForeignKey("corpus_deid_outputs.id", ondelete="CASCADE"))
    doc_id: Mapped[str] = mapped_column(String(64))
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("corpus_findings.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(24))  # sample | low_confidence
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | confirmed | corrected
    decision: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reviewer: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeidListEntry(Timestamped, Base):
    """An allow-list term (never PHI: drop findings on it) or a deny-list term (always PHI: add a finding)."""

    __tablename__ = "corpus_deid_lists"
    __table_args__ = (UniqueConstraint("source_id", "list", "entity_type", "term_sha256", name="uq_corpus_deid_lists_term"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    list: Mapped[str] = mapped_column(String(8))  # allow | deny
    entity_type: Mapped[str] = mapped_column(String(48))
    term: Mapped[str] = mapped_column(Text)
    term_sha256: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str | None] = mapped_column(String(64))
    review_item_id: Mapped[int | None] = mapped_column(ForeignKey("corpus_review_items.id", ondelete="SET NULL"))

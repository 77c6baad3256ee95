"""Corpus pipeline: ingest file state, de-identification outputs and findings, review queue, allow/deny lists.

Revision ID: c0601
Revises: 0001
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "c0601"
down_revision = "0001"
branch_labels = ("corpus",)
depends_on = None

_BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "corpus_ingest_files",
        sa.Column("id", _BIGID, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error_code", sa.String(length=48), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("quarantine_key", sa.String(length=255), nullable=True),
        _ts("updated_at", False),
        _ts("created_at", False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_corpus_ingest_files_source_id_sources"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_corpus_ingest_files_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_ingest_files")),
        sa.UniqueConstraint("source_id", "path", name="uq_corpus_ingest_files_source_path"),
    )
    op.create_index(op.f("ix_corpus_ingest_files_source_id"), "corpus_ingest_files", ["source_id"])
    op.create_index(op.f("ix_corpus_ingest_files_sha256"), "corpus_ingest_files", ["sha256"])
    op.create_index(op.f("ix_corpus_ingest_files_status"), "corpus_ingest_files", ["status"])

    op.create_table(
        "corpus_deid_outputs",
        sa.Column("id", _BIGID, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("input_sha256", sa.String(length=64), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.Column("curated_key", sa.String(length=512), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        _ts("created_at", False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_corpus_deid_outputs_source_id_sources"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_corpus_deid_outputs_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_deid_outputs")),
        sa.UniqueConstraint("source_id", "input_sha256", "part", "policy_version", name="uq_corpus_deid_outputs_input"),
    )
    op.create_index(op.f("ix_corpus_deid_outputs_source_id"), "corpus_deid_outputs", ["source_id"])
    op.create_index(op.f("ix_corpus_deid_outputs_policy_version"), "corpus_deid_outputs", ["policy_version"])

    op.create_table(
        "corpus_findings",
        sa.Column("id", _BIGID, nullable=False),
        sa.Column("output_id", _BIGID, nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=48), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("recognizer", sa.String(length=96), nullable=False),
        sa.ForeignKeyConstraint(["output_id"], ["corpus_deid_outputs.id"],
                                name=op.f("fk_corpus_findings_output_id_corpus_deid_outputs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_findings")),
    )
    op.create_index("ix_corpus_findings_output_doc", "corpus_findings", ["output_id", "doc_id"])
    op.create_index(op.f("ix_corpus_findings_entity_type"), "corpus_findings", ["entity_type"])
    op.create_index(op.f("ix_corpus_findings_score"), "corpus_findings", ["score"])

    op.create_table(
        "corpus_review_items",
        sa.Column("id", _BIGID, nullable=False),
        sa.Column("item_key", sa.String(length=160), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("output_id", _BIGID, nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("finding_id", _BIGID, nullable=True),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=False),
        sa.Column("reviewer", sa.String(length=64), nullable=True),
        _ts("decided_at"),
        _ts("created_at", False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_corpus_review_items_source_id_sources"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["output_id"], ["corpus_deid_outputs.id"],
                                name=op.f("fk_corpus_review_items_output_id_corpus_deid_outputs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["finding_id"], ["corpus_findings.id"],
                                name=op.f("fk_corpus_review_items_finding_id_corpus_findings"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_review_items")),
        sa.UniqueConstraint("item_key", name=op.f("uq_corpus_review_items_item_key")),
    )
    op.create_index(op.f("ix_corpus_review_items_source_id"), "corpus_review_items", ["source_id"])
    op.create_index(op.f("ix_corpus_review_items_status"), "corpus_review_items", ["status"])

    op.create_table(
        "corpus_deid_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("list", sa.String(length=8), nullable=False),
        sa.Column("entity_type", sa.String(length=48), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("term_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("review_item_id", _BIGID, nullable=True),
        _ts("created_at", False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_corpus_deid_lists_source_id_sources"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["review_item_id"], ["corpus_review_items.id"],
                                name=op.f("fk_corpus_deid_lists_review_item_id_corpus_review_items"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_deid_lists")),
        sa.UniqueConstraint("source_id", "list", "entity_type", "term_sha256", name="uq_corpus_deid_lists_term"),
    )


def downgrade() -> None:
    op.drop_table("corpus_deid_lists")
    op.drop_table("corpus_review_items")
    op.drop_table("corpus_findings")
    op.drop_table("corpus_deid_outputs")
    op.drop_table("corpus_ingest_files")

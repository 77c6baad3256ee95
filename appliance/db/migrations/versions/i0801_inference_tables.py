"""Inference: time-limited debug switches that allow prompt logging; deployment promotion history.

Revision ID: i0801
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "i0801"
down_revision = "0001"
branch_labels = ("inference",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inference_debug_switches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deployment", sa.String(length=128), nullable=False),
        sa.Column("enabled_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inference_debug_switches")),
    )
    op.create_table(
        "inference_deployment_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deployment", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("previous_model_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inference_deployment_events")),
    )


def downgrade() -> None:
    op.drop_table("inference_deployment_events")
    op.drop_table("inference_debug_switches")

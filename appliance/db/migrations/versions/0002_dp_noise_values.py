"""Stored per-record DP noise values (reused on every re-export).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dp_noise_values",
        sa.Column("dataset", sa.String(length=128), nullable=False),
        sa.Column("field", sa.String(length=128), nullable=False),
        sa.Column("record", sa.String(length=128), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("dataset", "field", "record", name=op.f("pk_dp_noise_values")),
    )


def downgrade() -> None:
    op.drop_table("dp_noise_values")

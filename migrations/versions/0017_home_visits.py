"""home visits: when a member last opened their home, and the visit before, for "new since your last visit"

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("home_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("home_since", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("home_since")
        batch.drop_column("home_seen_at")

"""content version: the counter every cached page and summary is keyed by

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('content_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version'))
    )
    op.bulk_insert(table, [{'id': 1, 'value': 1, 'changed_at': datetime.now(timezone.utc)}])


def downgrade():
    op.drop_table('content_version')

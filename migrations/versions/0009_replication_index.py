"""a partial index for "I tried this too" chains, in place of the index on a mostly empty column

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

WHERE = sa.text("replication_of_id IS NOT NULL")


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_replication_of_id')
        batch_op.create_index('ix_posts_replications', ['replication_of_id', 'published_at', 'id'], unique=False,
                              sqlite_where=WHERE, postgresql_where=WHERE)


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_replications', sqlite_where=WHERE, postgresql_where=WHERE)
        batch_op.create_index('ix_posts_replication_of_id', ['replication_of_id'], unique=False)

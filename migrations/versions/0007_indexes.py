"""indexes for visibility counts, public listing and the directory

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index('ix_posts_public_newest', ['published_at', 'id'], unique=False, sqlite_where=sa.text("status = 'published' AND visibility = 'public'"), postgresql_where=sa.text("status = 'published' AND visibility = 'public'"))
        batch_op.create_index('ix_posts_published_visibility', ['visibility', 'trust_id'], unique=False, sqlite_where=sa.text("status = 'published'"), postgresql_where=sa.text("status = 'published'"))

    with op.batch_alter_table('user_phases', schema=None) as batch_op:
        batch_op.create_index('ix_user_phases_phase_id', ['phase_id', 'user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_region_name', ['region', 'name', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_region_name')

    with op.batch_alter_table('user_phases', schema=None) as batch_op:
        batch_op.drop_index('ix_user_phases_phase_id')

    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_published_visibility', sqlite_where=sa.text("status = 'published'"), postgresql_where=sa.text("status = 'published'"))
        batch_op.drop_index('ix_posts_public_newest', sqlite_where=sa.text("status = 'published' AND visibility = 'public'"), postgresql_where=sa.text("status = 'published' AND visibility = 'public'"))


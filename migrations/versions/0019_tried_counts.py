"""tried counts: each post's number of published "I tried this too" posts, stored for the lists' cards

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("tried_count", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE posts SET tried_count = (SELECT count(*) FROM posts AS tries "
               "WHERE tries.replication_of_id = posts.id AND tries.status = 'published')")


def downgrade():
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("tried_count")

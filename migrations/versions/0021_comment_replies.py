"""comment replies: a reply names the comment it answers and may quote a passage of it

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("quote", sa.Text(), nullable=False, server_default=""))
        batch.create_foreign_key(batch.f("fk_comments_parent_id_comments"), "comments", ["parent_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index("ix_comments_parent_id", ["parent_id"])


def downgrade():
    with op.batch_alter_table("comments") as batch:
        batch.drop_index("ix_comments_parent_id")
        batch.drop_constraint(batch.f("fk_comments_parent_id_comments"), type_="foreignkey")
        batch.drop_column("quote")
        batch.drop_column("parent_id")

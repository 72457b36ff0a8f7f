"""comment edits: when a comment was last edited, and its earlier texts for moderators

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "comment_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("comment_id", sa.Integer(), sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_comment_revisions_comment_id", "comment_revisions", ["comment_id"])


def downgrade():
    op.drop_table("comment_revisions")
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("edited_at")

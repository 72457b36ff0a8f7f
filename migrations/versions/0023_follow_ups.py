"""follow-ups: a trial's author adds "one term on" (did it last, what changed, minutes saved now), reminded once

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "post_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("lasted", sa.String(length=10), nullable=False),
        sa.Column("what_changed", sa.Text(), nullable=False),
        sa.Column("minutes_saved_per_week", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("lasted in ('yes', 'partly', 'no')", name=op.f("ck_post_follow_ups_lasted")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_post_follow_ups_post_id", "post_follow_ups", ["post_id"])
    op.create_index("ix_post_follow_ups_author_id", "post_follow_ups", ["author_id"])
    with op.batch_alter_table("posts") as batch_op:
        batch_op.add_column(sa.Column("follow_up_reminded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("posts") as batch_op:
        batch_op.drop_column("follow_up_reminded_at")
    op.drop_index("ix_post_follow_ups_author_id", table_name="post_follow_ups")
    op.drop_index("ix_post_follow_ups_post_id", table_name="post_follow_ups")
    op.drop_table("post_follow_ups")

"""prompt tasks: the staff task a prompt helps with, for the prompt bank

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02

Existing prompts have no task; the prompt bank lists them under "Task not given" until their authors
choose one (the prompt form asks for it on the next edit).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

PUBLISHED_PROMPTS = "kind = 'prompt' AND status = 'published'"


def upgrade():
    op.add_column("posts", sa.Column("task", sa.String(length=30), nullable=True))
    op.create_index("ix_posts_prompt_bank", "posts", ["task", "published_at", "id"],
                    sqlite_where=sa.text(PUBLISHED_PROMPTS), postgresql_where=sa.text(PUBLISHED_PROMPTS))


def downgrade():
    op.drop_index("ix_posts_prompt_bank", table_name="posts")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("task")

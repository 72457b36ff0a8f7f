"""cache scopes: a version for each part of the content a cached page shows, in place of one for all

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cache_scopes',
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_cache_scopes'))
    )
    op.drop_table('content_version')


def downgrade():
    op.create_table('content_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version'))
    )
    op.drop_table('cache_scopes')

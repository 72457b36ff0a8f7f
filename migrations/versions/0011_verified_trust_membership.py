"""verified trust membership: staff e-mail domains, requested trusts and each member's standing

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

Existing memberships start as "pending": until now a trust was a form choice, so nobody is trusted
to be a member until a domain or an approval says so.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('trust_domains',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trust_id', sa.Integer(), nullable=False),
        sa.Column('domain', sa.String(length=253), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['trust_id'], ['trusts.id'], name=op.f('fk_trust_domains_trust_id_trusts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_domains')),
        sa.UniqueConstraint('domain', name=op.f('uq_trust_domains_domain'))
    )
    with op.batch_alter_table('trust_domains', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_domains_trust_id'), ['trust_id'], unique=False)
    with op.batch_alter_table('trusts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='approved', nullable=False))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trust_status', sa.String(length=10), server_default='none', nullable=False))
        batch_op.add_column(sa.Column('trust_verified_via', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('trust_status_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('trust_decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('trust_role', sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_trust_decided_by_id_users'), 'users',
                                    ['trust_decided_by_id'], ['id'], ondelete='SET NULL')
        # The leads' queue: who names this trust and waits for confirmation.
        batch_op.create_index('ix_users_trust_id_status', ['trust_id', 'trust_status'], unique=False)
    op.execute("UPDATE users SET trust_status = 'pending' WHERE trust_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_trust_id_status')
        batch_op.drop_constraint(batch_op.f('fk_users_trust_decided_by_id_users'), type_='foreignkey')
        batch_op.drop_column('trust_role')
        batch_op.drop_column('trust_decided_by_id')
        batch_op.drop_column('trust_status_changed_at')
        batch_op.drop_column('trust_verified_via')
        batch_op.drop_column('trust_status')
    with op.batch_alter_table('trusts', schema=None) as batch_op:
        batch_op.drop_column('status')
    with op.batch_alter_table('trust_domains', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_domains_trust_id'))
    op.drop_table('trust_domains')

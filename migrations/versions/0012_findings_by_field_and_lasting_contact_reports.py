"""findings record their field; contact reports keep the message and sender, and an outcome

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('personal_data_findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('field', sa.String(length=40), nullable=False, server_default=''))

    with op.batch_alter_table('contact_request_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sender_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('message', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closing_note', sa.Text(), nullable=False, server_default=''))
        batch_op.alter_column('request_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint('fk_contact_request_reports_request_id_contact_requests', type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_contact_request_reports_request_id_contact_requests'),
                                    'contact_requests', ['request_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_contact_request_reports_sender_id_users'),
                                    'users', ['sender_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_contact_request_reports_sender_id'), ['sender_id'], unique=False)

    # Reports made before this revision: copy what the report needs from its request.
    op.execute("UPDATE contact_request_reports SET "
               "sender_id = (SELECT sender_id FROM contact_requests WHERE contact_requests.id = request_id), "
               "message = COALESCE((SELECT message FROM contact_requests WHERE contact_requests.id = request_id), '')")


def downgrade():
    op.execute("DELETE FROM contact_request_reports WHERE request_id IS NULL")
    with op.batch_alter_table('contact_request_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_request_reports_sender_id'))
        batch_op.drop_constraint('fk_contact_request_reports_sender_id_users', type_='foreignkey')
        batch_op.drop_constraint('fk_contact_request_reports_request_id_contact_requests', type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_contact_request_reports_request_id_contact_requests'),
                                    'contact_requests', ['request_id'], ['id'], ondelete='CASCADE')
        batch_op.alter_column('request_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('closing_note')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('message')
        batch_op.drop_column('sender_id')

    with op.batch_alter_table('personal_data_findings', schema=None) as batch_op:
        batch_op.drop_column('field')

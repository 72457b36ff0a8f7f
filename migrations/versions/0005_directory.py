"""directory profiles, contact requests and register fields

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 02:01:33.545734

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('contact_blocks',
    sa.Column('blocker_id', sa.Integer(), nullable=False),
    sa.Column('blocked_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['blocked_id'], ['users.id'], name=op.f('fk_contact_blocks_blocked_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['blocker_id'], ['users.id'], name=op.f('fk_contact_blocks_blocker_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('blocker_id', 'blocked_id', name=op.f('pk_contact_blocks'))
    )
    with op.batch_alter_table('contact_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_blocks_blocked_id'), ['blocked_id'], unique=False)

    op.create_table('contact_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('pair_key', sa.String(length=40), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status in ('pending', 'accepted', 'declined')", name=op.f('ck_contact_requests_status')),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_contact_requests_recipient_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['users.id'], name=op.f('fk_contact_requests_sender_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_requests'))
    )
    with op.batch_alter_table('contact_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_requests_recipient_id'), ['recipient_id'], unique=False)
        batch_op.create_index('ix_contact_requests_sender_created', ['sender_id', 'created_at'], unique=False)
        batch_op.create_index('uq_contact_requests_open_pair', ['pair_key'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))

    op.create_table('directory_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role_type', sa.String(length=20), nullable=True),
    sa.Column('setting', sa.String(length=30), nullable=True),
    sa.Column('locality', sa.String(length=10), nullable=True),
    sa.Column('disadvantage_band', sa.String(length=10), nullable=True),
    sa.Column('happy_to_talk_about', sa.String(length=500), nullable=False),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.Column('open_to_contact', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_directory_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_directory_profiles'))
    )
    with op.batch_alter_table('directory_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_profiles_listed'), ['listed'], unique=False)

    op.create_table('contact_request_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_contact_request_reports_reporter_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['contact_requests.id'], name=op.f('fk_contact_request_reports_request_id_contact_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_request_reports'))
    )
    with op.batch_alter_table('contact_request_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_request_reports_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_request_reports_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_request_reports_request_id'), ['request_id'], unique=False)

    op.create_table('directory_profile_question_sets',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_set_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['question_set_id'], ['question_sets.id'], name=op.f('fk_directory_profile_question_sets_question_set_id_question_sets')),
    sa.ForeignKeyConstraint(['user_id'], ['directory_profiles.user_id'], name=op.f('fk_directory_profile_question_sets_user_id_directory_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'question_set_id', name=op.f('pk_directory_profile_question_sets'))
    )
    with op.batch_alter_table('directory_profile_question_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_profile_question_sets_question_set_id'), ['question_set_id'], unique=False)

    op.create_table('directory_profile_recommendations',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_directory_profile_recommendations_recommendation_id_recommendations')),
    sa.ForeignKeyConstraint(['user_id'], ['directory_profiles.user_id'], name=op.f('fk_directory_profile_recommendations_user_id_directory_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'recommendation_id', name=op.f('pk_directory_profile_recommendations'))
    )
    with op.batch_alter_table('directory_profile_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_profile_recommendations_recommendation_id'), ['recommendation_id'], unique=False)

    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.add_column(sa.Column('town', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('la_name', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('establishment_type', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('number_of_pupils', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('percentage_fsm', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('urban_rural', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('postcode', sa.String(length=10), server_default='', nullable=False))
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('phases_corrected_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_column('phases_corrected_at')
        batch_op.drop_column('status')
        batch_op.drop_column('postcode')
        batch_op.drop_column('urban_rural')
        batch_op.drop_column('percentage_fsm')
        batch_op.drop_column('number_of_pupils')
        batch_op.drop_column('establishment_type')
        batch_op.drop_column('la_name')
        batch_op.drop_column('town')

    with op.batch_alter_table('directory_profile_recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_profile_recommendations_recommendation_id'))

    op.drop_table('directory_profile_recommendations')
    with op.batch_alter_table('directory_profile_question_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_profile_question_sets_question_set_id'))

    op.drop_table('directory_profile_question_sets')
    with op.batch_alter_table('contact_request_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_request_reports_request_id'))
        batch_op.drop_index(batch_op.f('ix_contact_request_reports_reporter_id'))
        batch_op.drop_index(batch_op.f('ix_contact_request_reports_created_at'))

    op.drop_table('contact_request_reports')
    with op.batch_alter_table('directory_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_profiles_listed'))

    op.drop_table('directory_profiles')
    with op.batch_alter_table('contact_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_contact_requests_open_pair', sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
        batch_op.drop_index('ix_contact_requests_sender_created')
        batch_op.drop_index(batch_op.f('ix_contact_requests_recipient_id'))

    op.drop_table('contact_requests')
    with op.batch_alter_table('contact_blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_blocks_blocked_id'))

    op.drop_table('contact_blocks')

"""moderation: audit log, flags, findings, endorsements, collections and notes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 01:58:46.353858

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('collections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collections')),
    sa.UniqueConstraint('name', name=op.f('uq_collections_name'))
    )
    op.create_table('personal_data_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('passage', sa.String(length=300), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_data_findings'))
    )
    with op.batch_alter_table('personal_data_findings', schema=None) as batch_op:
        batch_op.create_index('ix_personal_data_findings_target', ['target_type', 'target_id'], unique=False)

    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_flags_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags')),
    sa.UniqueConstraint('user_id', 'target_type', 'target_id', name='uq_flags_user_target')
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index('ix_flags_open_target', ['resolved_at', 'target_type', 'target_id'], unique=False)

    op.create_table('moderation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['moderator_id'], ['users.id'], name=op.f('fk_moderation_actions_moderator_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_actions'))
    )
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_actions_action_created', ['action', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_actions_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_actions_moderator_id'), ['moderator_id'], unique=False)
        batch_op.create_index('ix_moderation_actions_target', ['target_type', 'target_id'], unique=False)

    op.create_table('moderator_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_moderator_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_moderator_notes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderator_notes'))
    )
    with op.batch_alter_table('moderator_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderator_notes_user_id'), ['user_id'], unique=False)

    op.create_table('endorsement_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('risk_question_id', sa.Integer(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['moderator_id'], ['users.id'], name=op.f('fk_endorsement_answers_moderator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_endorsement_answers_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['risk_question_id'], ['risk_questions.id'], name=op.f('fk_endorsement_answers_risk_question_id_risk_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_endorsement_answers')),
    sa.UniqueConstraint('post_id', 'risk_question_id', name='uq_endorsement_answers_post_question')
    )
    with op.batch_alter_table('endorsement_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_endorsement_answers_moderator_id'), ['moderator_id'], unique=False)

    op.create_table('featured_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collection_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=280), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('featured_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['collection_id'], ['collections.id'], name=op.f('fk_featured_posts_collection_id_collections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['featured_by_id'], ['users.id'], name=op.f('fk_featured_posts_featured_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_featured_posts_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_featured_posts')),
    sa.UniqueConstraint('collection_id', 'post_id', name='uq_featured_posts_collection_post')
    )
    with op.batch_alter_table('featured_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_featured_posts_post_id'), ['post_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    with op.batch_alter_table('featured_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_featured_posts_post_id'))

    op.drop_table('featured_posts')
    with op.batch_alter_table('endorsement_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_endorsement_answers_moderator_id'))

    op.drop_table('endorsement_answers')
    with op.batch_alter_table('moderator_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderator_notes_user_id'))

    op.drop_table('moderator_notes')
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_actions_target')
        batch_op.drop_index(batch_op.f('ix_moderation_actions_moderator_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_actions_created_at'))
        batch_op.drop_index('ix_moderation_actions_action_created')

    op.drop_table('moderation_actions')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index('ix_flags_open_target')

    op.drop_table('flags')
    with op.batch_alter_table('personal_data_findings', schema=None) as batch_op:
        batch_op.drop_index('ix_personal_data_findings_target')

    op.drop_table('personal_data_findings')
    op.drop_table('collections')
    # ### end Alembic commands ###

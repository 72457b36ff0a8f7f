"""practice posts, tags, comments and helpful marks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tools')),
    sa.UniqueConstraint('key', name=op.f('uq_tools_key'))
    )
    op.create_table('posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('summary', sa.String(length=320), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('author_description', sa.String(length=160), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('trust_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('trial_question', sa.Text(), nullable=False),
    sa.Column('year_groups', sa.String(length=120), nullable=False),
    sa.Column('subjects', sa.String(length=200), nullable=False),
    sa.Column('class_size', sa.Integer(), nullable=True),
    sa.Column('what_was_done', sa.Text(), nullable=False),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('evidence_notes', sa.Text(), nullable=False),
    sa.Column('pupils_involved', sa.Integer(), nullable=True),
    sa.Column('minutes_saved_per_week', sa.Integer(), nullable=True),
    sa.Column('would_change', sa.Text(), nullable=False),
    sa.Column('prompt_text', sa.Text(), nullable=False),
    sa.Column('prompt_purpose', sa.Text(), nullable=False),
    sa.Column('prompt_tips', sa.Text(), nullable=False),
    sa.Column('prompt_checking', sa.Text(), nullable=False),
    sa.Column('replication_of_id', sa.Integer(), nullable=True),
    sa.Column('helpful_count', sa.Integer(), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind in ('case_study', 'failure', 'trial', 'prompt')", name=op.f('ck_posts_kind')),
    sa.CheckConstraint("status in ('draft', 'pending', 'published', 'rejected', 'hidden')", name=op.f('ck_posts_status')),
    sa.CheckConstraint("visibility in ('public', 'members', 'trust')", name=op.f('ck_posts_visibility')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_posts_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['replication_of_id'], ['posts.id'], name=op.f('fk_posts_replication_of_id_posts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trust_id'], ['trusts.id'], name=op.f('fk_posts_trust_id_trusts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posts'))
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posts_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_posts_helpful', ['status', 'helpful_count', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_posts_kind'), ['kind'], unique=False)
        batch_op.create_index('ix_posts_listing', ['status', 'published_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_posts_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_posts_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_posts_replication_of_id'), ['replication_of_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_posts_trust_id'), ['trust_id'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status in ('pending', 'published', 'rejected', 'hidden')", name=op.f('ck_comments_status')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_comments_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_comments_post_listing', ['post_id', 'status', 'created_at'], unique=False)

    op.create_table('helpful_marks',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_helpful_marks_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_helpful_marks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_helpful_marks'))
    )
    with op.batch_alter_table('helpful_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpful_marks_user_id'), ['user_id'], unique=False)

    op.create_table('post_phases',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_post_phases_phase_id_phases')),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_phases_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'phase_id', name=op.f('pk_post_phases'))
    )
    with op.batch_alter_table('post_phases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_phases_phase_id'), ['phase_id'], unique=False)

    op.create_table('post_question_sets',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('question_set_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_question_sets_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_set_id'], ['question_sets.id'], name=op.f('fk_post_question_sets_question_set_id_question_sets')),
    sa.PrimaryKeyConstraint('post_id', 'question_set_id', name=op.f('pk_post_question_sets'))
    )
    with op.batch_alter_table('post_question_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_question_sets_question_set_id'), ['question_set_id'], unique=False)

    op.create_table('post_recommendations',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_recommendations_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_post_recommendations_recommendation_id_recommendations')),
    sa.PrimaryKeyConstraint('post_id', 'recommendation_id', name=op.f('pk_post_recommendations'))
    )
    with op.batch_alter_table('post_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_recommendations_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('post_tools',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('tool_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_tools_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tool_id'], ['tools.id'], name=op.f('fk_post_tools_tool_id_tools')),
    sa.PrimaryKeyConstraint('post_id', 'tool_id', name=op.f('pk_post_tools'))
    )
    with op.batch_alter_table('post_tools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_tools_tool_id'), ['tool_id'], unique=False)



def downgrade():
    with op.batch_alter_table('post_tools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_tools_tool_id'))

    op.drop_table('post_tools')
    with op.batch_alter_table('post_recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_recommendations_recommendation_id'))

    op.drop_table('post_recommendations')
    with op.batch_alter_table('post_question_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_question_sets_question_set_id'))

    op.drop_table('post_question_sets')
    with op.batch_alter_table('post_phases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_phases_phase_id'))

    op.drop_table('post_phases')
    with op.batch_alter_table('helpful_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpful_marks_user_id'))

    op.drop_table('helpful_marks')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_post_listing')
        batch_op.drop_index(batch_op.f('ix_comments_author_id'))

    op.drop_table('comments')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posts_trust_id'))
        batch_op.drop_index(batch_op.f('ix_posts_replication_of_id'))
        batch_op.drop_index(batch_op.f('ix_posts_region'))
        batch_op.drop_index(batch_op.f('ix_posts_outcome'))
        batch_op.drop_index('ix_posts_listing')
        batch_op.drop_index(batch_op.f('ix_posts_kind'))
        batch_op.drop_index('ix_posts_helpful')
        batch_op.drop_index(batch_op.f('ix_posts_author_id'))

    op.drop_table('posts')
    op.drop_table('tools')

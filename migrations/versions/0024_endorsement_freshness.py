"""endorsement freshness: when and by whom each post was endorsed, the lapse notice, and moderators' naming choice

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('endorsed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('endorsed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('endorsement_lapse_notified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_posts_endorsed_by_id_users'), 'users',
                                    ['endorsed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_posts_endorsed_by_id'), ['endorsed_by_id'], unique=False)
        batch_op.create_index('ix_posts_endorsed_at', ['endorsed_at', 'id'], unique=False,
                              sqlite_where=sa.text("label = 'endorsed'"),
                              postgresql_where=sa.text("label = 'endorsed'"))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('named_on_endorsements', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    _backfill_endorsements()


def _backfill_endorsements():
    """Each endorsed post's latest answers say when and by whom it was endorsed (every endorsement has them)."""
    latest = ("(SELECT {column} FROM endorsement_answers AS answers WHERE answers.post_id = posts.id "
              "ORDER BY answers.created_at DESC, answers.id DESC LIMIT 1)")
    op.execute(f"UPDATE posts SET endorsed_at = {latest.format(column='created_at')}, "
               f"endorsed_by_id = {latest.format(column='moderator_id')} WHERE label = 'endorsed'")
    # An endorsement without answers (none are made so, but data can be older than the rule): its latest
    # "label" action in the audit log.
    action = ("(SELECT {column} FROM moderation_actions AS actions WHERE actions.target_type = 'post' "
              "AND actions.target_id = posts.id AND actions.action = 'label' "
              "ORDER BY actions.created_at DESC, actions.id DESC LIMIT 1)")
    op.execute(f"UPDATE posts SET endorsed_at = {action.format(column='created_at')}, "
               f"endorsed_by_id = {action.format(column='moderator_id')} "
               "WHERE label = 'endorsed' AND endorsed_at IS NULL")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('named_on_endorsements')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_endorsed_at')
        batch_op.drop_index(batch_op.f('ix_posts_endorsed_by_id'))
        batch_op.drop_constraint(batch_op.f('fk_posts_endorsed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('endorsement_lapse_notified_at')
        batch_op.drop_column('endorsed_by_id')
        batch_op.drop_column('endorsed_at')

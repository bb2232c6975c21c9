"""guided sessions and classes

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 19:42:27.549670
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('guided_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=True),
    sa.Column('chat_id', sa.BigInteger(), nullable=True),
    sa.Column('service_slug', sa.String(length=64), nullable=True),
    sa.Column('total_steps', sa.Integer(), nullable=True),
    sa.Column('step_reached', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['worker_id'], ['staff_members.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('guided_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guided_sessions_sender_id'), ['sender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guided_sessions_worker_id'), ['worker_id'], unique=False)

    op.create_table('teaching_classes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('service_slug', sa.String(length=64), nullable=False),
    sa.Column('total_steps', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('panel_message_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['worker_id'], ['staff_members.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('teaching_classes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teaching_classes_chat_id'), ['chat_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_teaching_classes_worker_id'), ['worker_id'], unique=False)

    op.create_table('class_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=True),
    sa.Column('display_name', sa.String(length=64), nullable=True),
    sa.Column('joined_step', sa.Integer(), nullable=False),
    sa.Column('done_step', sa.Integer(), nullable=False),
    sa.Column('stuck_step', sa.Integer(), nullable=True),
    sa.Column('times_stuck', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['teaching_classes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('class_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_members_class_id'), ['class_id'], unique=False)

    op.create_table('session_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=16), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['guided_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('session_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_events_session_id'), ['session_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('session_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_events_session_id'))

    op.drop_table('session_events')
    with op.batch_alter_table('class_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_members_class_id'))

    op.drop_table('class_members')
    with op.batch_alter_table('teaching_classes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teaching_classes_worker_id'))
        batch_op.drop_index(batch_op.f('ix_teaching_classes_chat_id'))

    op.drop_table('teaching_classes')
    with op.batch_alter_table('guided_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guided_sessions_worker_id'))
        batch_op.drop_index(batch_op.f('ix_guided_sessions_sender_id'))

    op.drop_table('guided_sessions')

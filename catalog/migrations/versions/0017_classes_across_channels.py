"""classes across channels: a class's join code, a member's channel and recipient, class letters;
letters a channel refused, held until the resident writes

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-09 02:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('teaching_classes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f('ix_teaching_classes_code'), ['code'], unique=True)

    with op.batch_alter_table('class_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('recipient', sa.String(length=64), nullable=True))

    with op.batch_alter_table('handoff_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('class_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('held_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_handoff_outbox_class_id'), ['class_id'], unique=False)
        batch_op.create_foreign_key(
            'fk_handoff_outbox_class_id',
            'teaching_classes', ['class_id'], ['id'], ondelete='CASCADE',
        )


def downgrade() -> None:
    op.execute("DELETE FROM handoff_outbox WHERE class_id IS NOT NULL")
    with op.batch_alter_table('handoff_outbox', schema=None) as batch_op:
        batch_op.drop_constraint('fk_handoff_outbox_class_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_handoff_outbox_class_id'))
        batch_op.drop_column('held_at')
        batch_op.drop_column('class_id')

    with op.batch_alter_table('class_members', schema=None) as batch_op:
        batch_op.drop_column('recipient')
        batch_op.drop_column('channel')

    with op.batch_alter_table('teaching_classes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teaching_classes_code'))
        batch_op.drop_column('code')

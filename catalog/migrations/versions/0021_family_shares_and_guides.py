"""family shares and guides: what helpers were shown, guides they started, helpers' reminders

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 20:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'family_shares',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('link_id', sa.Integer(), nullable=False),
        sa.Column('resident_sender_id', sa.String(length=128), nullable=False),
        sa.Column('what', sa.String(length=16), nullable=False),
        sa.Column('service_slug', sa.String(length=64), nullable=True),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('first_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['link_id'], ['family_links.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('family_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_shares_link_id'), ['link_id'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_family_shares_resident_sender_id'), ['resident_sender_id'], unique=False
        )
    op.create_table(
        'family_guides',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('link_id', sa.Integer(), nullable=False),
        sa.Column('resident_sender_id', sa.String(length=128), nullable=False),
        sa.Column('service_slug', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('step_reached', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['link_id'], ['family_links.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('family_guides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_guides_link_id'), ['link_id'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_family_guides_resident_sender_id'), ['resident_sender_id'], unique=False
        )
    with op.batch_alter_table('reminder_notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_link_id', sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_reminder_notices_family_link_id'), ['family_link_id'], unique=False
        )
        batch_op.create_foreign_key(
            'fk_reminder_notices_family_link_id', 'family_links', ['family_link_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('reminder_notices', schema=None) as batch_op:
        batch_op.drop_constraint('fk_reminder_notices_family_link_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_reminder_notices_family_link_id'))
        batch_op.drop_column('family_link_id')
    op.drop_table('family_guides')
    op.drop_table('family_shares')

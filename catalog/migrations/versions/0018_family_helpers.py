"""family helpers: a resident's helpers, linked by a code and confirmed by the resident; help
requests asked of them

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-10 02:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'family_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('resident_sender_id', sa.String(length=128), nullable=False),
        sa.Column('code', sa.String(length=16), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('relation', sa.String(length=16), nullable=True),
        sa.Column('resident_channel', sa.String(length=16), nullable=True),
        sa.Column('resident_chat_id', sa.BigInteger(), nullable=True),
        sa.Column('resident_recipient', sa.String(length=64), nullable=True),
        sa.Column('helper_sender_id', sa.String(length=128), nullable=True),
        sa.Column('helper_channel', sa.String(length=16), nullable=True),
        sa.Column('helper_chat_id', sa.BigInteger(), nullable=True),
        sa.Column('helper_recipient', sa.String(length=64), nullable=True),
        sa.Column('helper_told', sa.String(length=16), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('linked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('family_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_links_code'), ['code'], unique=True)
        batch_op.create_index(
            batch_op.f('ix_family_links_resident_sender_id'), ['resident_sender_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_family_links_helper_sender_id'), ['helper_sender_id'], unique=False
        )
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('for_family', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column('family_link_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            'fk_help_requests_family_link_id', 'family_links', ['family_link_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_constraint('fk_help_requests_family_link_id', type_='foreignkey')
        batch_op.drop_column('family_link_id')
        batch_op.drop_column('for_family')
    with op.batch_alter_table('family_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_links_helper_sender_id'))
        batch_op.drop_index(batch_op.f('ix_family_links_resident_sender_id'))
        batch_op.drop_index(batch_op.f('ix_family_links_code'))
    op.drop_table('family_links')

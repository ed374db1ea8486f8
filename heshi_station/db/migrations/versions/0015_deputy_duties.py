"""deputies' duties: activities, report-back evaluations, project votes, training

Revision ID: 0015
Revises: 0007
Create Date: 2026-12-03

Issue 14: the duties a station keeps beyond the reception desk — 履职活动 (with the deputies taking part),
述职测评 (a report-back with its ballot tally), 民生实事票决 (a year's candidate projects and their tallies)
and 培训台账 (trainings and who attended). A 联系选民 activity may point at the reception (way 走访) through
which what the constituents raised was registered as opinions like any other. New tables only; no existing row changes. Times are stored as the
ISO text of ``TZDateTime`` (String(40)), as in 0001.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duty_activity",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("contact_with", sa.String(length=200), nullable=False),
        sa.Column("contact_way", sa.String(length=16), nullable=False),
        sa.Column("raised", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("reception_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("voided_at", sa.String(length=40), nullable=True),
        sa.Column("void_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("corrected_at", sa.String(length=40), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="0", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["reception_id"], ["reception.id"], name=op.f("fk_duty_activity_reception_id_reception")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_activity")),
    )
    op.create_index(op.f("ix_duty_activity_day"), "duty_activity", ["day"], unique=False)
    op.create_index(op.f("ix_duty_activity_kind"), "duty_activity", ["kind"], unique=False)
    op.create_table(
        "project_vote",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("rule", sa.String(length=24), nullable=False),
        sa.Column("deputies_total", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("voided_at", sa.String(length=40), nullable=True),
        sa.Column("void_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("corrected_at", sa.String(length=40), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="0", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_vote")),
    )
    op.create_index(op.f("ix_project_vote_year"), "project_vote", ["year"], unique=False)
    op.create_table(
        "training",
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("voided_at", sa.String(length=40), nullable=True),
        sa.Column("void_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("corrected_at", sa.String(length=40), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="0", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training")),
    )
    op.create_index(op.f("ix_training_day"), "training", ["day"], unique=False)
    op.create_table(
        "duty_activity_deputy",
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("deputy_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["duty_activity.id"],
            name=op.f("fk_duty_activity_deputy_activity_id_duty_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["deputy_id"], ["deputy.id"], name=op.f("fk_duty_activity_deputy_deputy_id_deputy")),
        sa.PrimaryKeyConstraint("activity_id", "deputy_id", name=op.f("pk_duty_activity_deputy")),
    )
    op.create_index(op.f("ix_duty_activity_deputy_deputy_id"), "duty_activity_deputy", ["deputy_id"], unique=False)
    op.create_table(
        "project_vote_deputy",
        sa.Column("vote_id", sa.String(length=36), nullable=False),
        sa.Column("deputy_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["deputy_id"], ["deputy.id"], name=op.f("fk_project_vote_deputy_deputy_id_deputy")),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["project_vote.id"],
            name=op.f("fk_project_vote_deputy_vote_id_project_vote"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vote_id", "deputy_id", name=op.f("pk_project_vote_deputy")),
    )
    op.create_index(op.f("ix_project_vote_deputy_deputy_id"), "project_vote_deputy", ["deputy_id"], unique=False)
    op.create_table(
        "report_back",
        sa.Column("deputy_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("voters_present", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("basically", sa.Integer(), nullable=False),
        sa.Column("dissatisfied", sa.Integer(), nullable=False),
        sa.Column("invalid", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("voided_at", sa.String(length=40), nullable=True),
        sa.Column("void_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("corrected_at", sa.String(length=40), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="0", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["deputy_id"], ["deputy.id"], name=op.f("fk_report_back_deputy_id_deputy")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_back")),
    )
    op.create_index(op.f("ix_report_back_day"), "report_back", ["day"], unique=False)
    op.create_index(op.f("ix_report_back_deputy_id"), "report_back", ["deputy_id"], unique=False)
    op.create_table(
        "training_attendee",
        sa.Column("training_id", sa.String(length=36), nullable=False),
        sa.Column("deputy_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("leave_reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["deputy_id"], ["deputy.id"], name=op.f("fk_training_attendee_deputy_id_deputy")),
        sa.ForeignKeyConstraint(
            ["training_id"], ["training.id"], name=op.f("fk_training_attendee_training_id_training"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("training_id", "deputy_id", name=op.f("pk_training_attendee")),
    )
    op.create_index(op.f("ix_training_attendee_deputy_id"), "training_attendee", ["deputy_id"], unique=False)
    op.create_table(
        "vote_project",
        sa.Column("vote_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sponsor", sa.String(length=200), nullable=False),
        sa.Column("budget_yuan", sa.Integer(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("abstain", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["project_vote.id"], name=op.f("fk_vote_project_vote_id_project_vote"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_project")),
    )
    op.create_index(op.f("ix_vote_project_vote_id"), "vote_project", ["vote_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_vote_project_vote_id"), table_name="vote_project")
    op.drop_table("vote_project")
    op.drop_index(op.f("ix_training_attendee_deputy_id"), table_name="training_attendee")
    op.drop_table("training_attendee")
    op.drop_index(op.f("ix_report_back_deputy_id"), table_name="report_back")
    op.drop_index(op.f("ix_report_back_day"), table_name="report_back")
    op.drop_table("report_back")
    op.drop_index(op.f("ix_project_vote_deputy_deputy_id"), table_name="project_vote_deputy")
    op.drop_table("project_vote_deputy")
    op.drop_index(op.f("ix_duty_activity_deputy_deputy_id"), table_name="duty_activity_deputy")
    op.drop_table("duty_activity_deputy")
    op.drop_index(op.f("ix_training_day"), table_name="training")
    op.drop_table("training")
    op.drop_index(op.f("ix_project_vote_year"), table_name="project_vote")
    op.drop_table("project_vote")
    op.drop_index(op.f("ix_duty_activity_kind"), table_name="duty_activity")
    op.drop_index(op.f("ix_duty_activity_day"), table_name="duty_activity")
    op.drop_table("duty_activity")

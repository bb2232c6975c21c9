"""The needs-feedback report on seeded records with known answers: every figure, the clusters,
the chart (a PNG whose Chinese the font can draw) and the CSV."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.orm import Session, sessionmaker

from catalog import communities
from catalog.models import (
    FamilyLink,
    GuideOutcome,
    GuideStepReached,
    HelpRequest,
    Reminder,
    ReminderNotice,
    ServiceRequest,
    StuckEvent,
    UnansweredMessage,
)
from family import links
from family.links import Helper
from handoff.queue import Chat
from insights.chart import chinese_font, labels, missing_glyphs, render
from insights.chart import title as chart_title
from insights.clustering import cluster
from insights.figures import compute
from insights.table import COLUMNS, rows, to_csv
from tests.conftest import build_catalog

UNTIL = dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc)
SINCE = UNTIL - dt.timedelta(days=7)
T = SINCE + dt.timedelta(days=1)
CROWD = 200  # residents who each asked about gas once


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> sessionmaker[Session]:
    sessions = build_catalog(f"sqlite:///{tmp_path_factory.mktemp('report') / 'app.db'}")
    minutes = dt.timedelta(minutes=1)
    with sessions.begin() as session:
        add = session.add
        for n in range(CROWD):
            add(
                ServiceRequest(
                    sender_id=f"c{n}", service_slug="pay-gas", found_by="model", created_at=T
                )
            )
        for n, found_by in enumerate(["model", "model", "model", "catalog", "catalog"]):
            add(
                ServiceRequest(
                    sender_id=f"r{n}", service_slug="pay-water", found_by=found_by, created_at=T
                )
            )
        for n in range(3):
            add(
                ServiceRequest(
                    sender_id=f"r{n}",
                    service_slug="pension-certification",
                    found_by="choice",
                    created_at=T,
                )
            )
        add(
            ServiceRequest(
                sender_id="r5", service_slug="pay-water", found_by="faq", created_at=SINCE - minutes
            )
        )
        for step, residents in ((1, 6), (2, 4), (3, 2)):
            for n in range(residents):
                add(
                    GuideStepReached(
                        sender_id=f"r{n}", service_slug="pay-water", step=step, created_at=T
                    )
                )
        for text in ("找不到缴费按钮", "缴费按钮在哪里", "验证码收不到"):
            add(
                StuckEvent(
                    sender_id="r3",
                    service_slug="pay-water",
                    step=2,
                    trouble="plain",
                    text=text,
                    created_at=T,
                )
            )
        for n, outcome in ((0, "done"), (1, "done"), (2, "not_done")):
            add(
                GuideOutcome(
                    sender_id=f"r{n}",
                    service_slug="pay-water",
                    step_reached=3,
                    total_steps=3,
                    outcome=outcome,
                    created_at=T,
                )
            )
        for text in (
            "怎么交有线电视费",
            "有线电视费咋个交",
            "有线电视费在哪里交",
            "天然气报修电话多少",
        ):
            add(UnansweredMessage(sender_id="r4", text=text, created_at=T))
        add(
            UnansweredMessage(sender_id="r0", text="后来又问", created_at=T + dt.timedelta(hours=3))
        )
        add(
            HelpRequest(
                sender_id="r6",
                reason="asked",
                status="resolved",
                outcome="solved",
                created_at=T,
                claimed_at=T + 2 * minutes,
            )
        )
        add(
            HelpRequest(
                sender_id="r7",
                reason="stuck",
                status="resolved",
                outcome="referred",
                created_at=T,
                claimed_at=T + 10 * minutes,
            )
        )
        add(HelpRequest(sender_id="r8", reason="asked", status="expired", created_at=T))
        add(HelpRequest(sender_id="r9", reason="asked", status="pending", created_at=T))
    return sessions


def test_every_figure_matches_the_seed(seeded) -> None:
    report = compute(seeded, SINCE, UNTIL)
    assert report.residents == CROWD + 10
    assert [(a.slug, a.count) for a in report.asked] == [
        ("pay-gas", CROWD),
        ("pay-water", 5),
        ("pension-certification", 3),
    ]
    assert report.asked[1].found_by == {
        "model": 3,
        "catalog": 2,
    }  # the one before SINCE not counted
    [water] = report.completion
    assert (water.slug, water.started, water.done) == ("pay-water", 6, 2)
    steps = report.drop_off["pay-water"]
    assert [(s.step, s.reached, s.stuck) for s in steps] == [(1, 6, 0), (2, 4, 3), (3, 2, 0)]
    assert [c.count for c in steps[1].stuck_words] == [2, 1]  # the button twice, the code once
    assert [c.count for c in report.unanswered] == [3, 1, 1]
    assert report.unanswered[0].examples[0] == "怎么交有线电视费"
    assert (report.help.count, report.help.claimed) == (4, 2)
    assert report.help.wait_p50_minutes == pytest.approx(6.0)
    assert report.help.wait_p90_minutes == pytest.approx(9.2)
    assert report.help.outcomes == {"solved": 1, "referred": 1, "expired": 1, "open": 1}
    assert report.contained == CROWD + 10 - 4
    assert report.containment == pytest.approx((CROWD + 6) / (CROWD + 10))
    assert report.repeat_24h == 1  # r0 came back three hours later


def test_one_communitys_report_counts_only_its_residents(seeded) -> None:
    yulin = communities.create(seeded, "玉林社区")
    for sender in ("r0", "r1", "r6"):
        assert communities.join(seeded, sender, yulin.code).id == yulin.id
    assert communities.join(seeded, "r2", "nosuch") is None
    report = compute(seeded, SINCE, UNTIL, communities.find(seeded, "玉林社区"))
    assert (report.community, report.residents) == ("玉林社区", 3)
    assert [(a.slug, a.count) for a in report.asked] == [
        ("pay-water", 2),
        ("pension-certification", 2),
    ]
    [water] = report.completion
    assert (water.started, water.done) == (2, 2)
    assert (report.help.count, report.help.wait_p50_minutes) == (1, pytest.approx(2.0))
    assert (report.contained, report.repeat_24h) == (2, 1)
    assert "玉林社区" in chart_title(report)


def test_obvious_paraphrases_are_one_cluster() -> None:
    groups = cluster(
        ["医保卡丢了咋办", "医保卡掉了怎么办", "我的医保卡不见了", "今天天气怎么样", "医保卡丢了"]
    )
    assert [g.count for g in groups] == [4, 1]


def test_the_chart_is_a_png_whose_chinese_the_font_can_draw(seeded, tmp_path: Path) -> None:
    report = compute(seeded, SINCE, UNTIL)
    png = render(report)
    assert png.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(png)).size[0] > 1000
    text = "".join(labels(report))
    assert "缴纳燃气费" in text or "燃气" in text
    assert missing_glyphs(text, chinese_font()) == set()
    empty = compute(seeded, UNTIL, UNTIL + dt.timedelta(days=1))
    assert render(empty).startswith(b"\x89PNG")


def test_the_csv_has_the_documented_columns(seeded) -> None:
    report = compute(seeded, SINCE, UNTIL)
    lines = to_csv(report).splitlines()
    assert lines[0] == ",".join(COLUMNS)
    table = rows(report)
    assert all(len(row) == len(COLUMNS) for row in table)
    assert ("asked", "pay-gas", "", "count", CROWD, "") in table
    assert ("drop_off", "pay-water", 2, "reached", 4, "") in table
    assert ("help", "", "", "wait_p50_minutes", 6.0, "") in table


def test_family_helpers_linked_at_the_periods_end_are_counted(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'family.db'}")

    def link(helper: str, linked_at: dt.datetime) -> int:
        invited = links.invite(sessions, "tg-mother", T)
        links.open_code(sessions, invited.code, Helper(helper, Chat("telegram", 2)), T)
        links.name(sessions, invited.id, helper, "儿子")
        links.answer(sessions, "tg-mother", invited.id, True, linked_at)
        return invited.id

    son = link("tg-son", T)
    links.remove(sessions, "tg-mother", link("tg-daughter", T), UNTIL)  # removed after the end
    links.remove(sessions, "tg-mother", link("tg-nephew", T), T)  # removed within the period
    link("tg-grandson", UNTIL)  # linked after the end
    with sessions.begin() as session:  # one request a helper took, one a worker claimed
        for family_link_id in (son, None):
            session.add(
                HelpRequest(
                    sender_id="tg-mother",
                    reason="asked",
                    status="resolved",
                    created_at=T,
                    claimed_at=T + dt.timedelta(minutes=4),
                    for_family=family_link_id is not None,
                    family_link_id=family_link_id,
                )
            )
    report = compute(sessions, SINCE, UNTIL)
    assert report.helpers_linked == 2
    assert (report.help.count, report.help.claimed, report.help.by_family) == (2, 1, 1)
    assert ("family", "", "", "helpers_linked", 2, "") in rows(report)
    assert ("family", "", "", "requests_taken", 1, "") in rows(report)


def test_a_service_no_longer_in_the_catalog_is_named_in_chinese(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'removed.db'}")
    with sessions.begin() as session:
        session.add(
            ServiceRequest(sender_id="r1", service_slug="gone", found_by="model", created_at=T)
        )
    [asked] = compute(sessions, SINCE, UNTIL).asked
    assert (asked.slug, asked.name) == ("gone", "已下架的服务")


def test_reminders_sent_acted_on_and_failed_are_counted(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'reminders.db'}")
    with sessions.begin() as session:
        for n, (sent_at, failures, started_after) in enumerate(
            [
                (T, 0, dt.timedelta(days=2)),  # acted on
                (T, 1, dt.timedelta(days=8)),  # too late to count
                (None, 2, None),  # not sent yet: two failed tries
                (SINCE - dt.timedelta(days=1), 0, dt.timedelta(days=1)),  # before the period
            ]
        ):
            reminder = Reminder(
                sender_id=f"m{n}",
                service_slug="pension-certification",
                due_on=dt.date(2027, 1, 1),
            )
            session.add(reminder)
            session.flush()
            session.add(
                ReminderNotice(
                    reminder_id=reminder.id,
                    days_before=30,
                    send_after=T,
                    sent_at=sent_at,
                    failures=failures,
                )
            )
            if started_after is not None:
                session.add(
                    GuideStepReached(
                        sender_id=f"m{n}",
                        service_slug="pension-certification",
                        step=1,
                        created_at=(sent_at or T) + started_after,
                    )
                )
        helper = FamilyLink(resident_sender_id="m0", status="linked", expires_at=T)
        session.add(helper)
        session.flush()  # the first resident's daughter was reminded too: not the resident's
        session.add(
            ReminderNotice(
                reminder_id=1, days_before=30, send_after=T, sent_at=T, family_link_id=helper.id
            )
        )
    report = compute(sessions, SINCE, UNTIL)
    assert (report.reminders.sent, report.reminders.acted_on) == (2, 1)
    assert report.reminders.sent_to_family == 1
    assert report.reminders.failed_tries == 3
    assert ("reminders", "", "", "acted_on", 1, "") in rows(report)

"""The needs-feedback figures for a period, from the app database: one function, one dataclass."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from catalog import communities
from catalog.models import (
    Community,
    FamilyLink,
    GuideOutcome,
    GuideStepReached,
    HelpRequest,
    Service,
    ServiceRequest,
    StuckEvent,
    UnansweredMessage,
)
from handoff.clock import as_utc
from insights.clustering import Cluster, cluster
from insights.reminder_figures import ReminderFigures, reminder_figures

REPEAT_WITHIN = dt.timedelta(hours=24)
NEW_CONTACT_AFTER = dt.timedelta(hours=1)  # a message this long after the last starts a contact
REMOVED_SERVICE = "已下架的服务"  # what workers see for a service no longer in the catalog


@dataclass(frozen=True)
class Asked:
    slug: str
    name: str
    count: int
    found_by: dict[str, int]


@dataclass(frozen=True)
class Completion:
    slug: str
    name: str
    started: int  # residents who started the guide
    done: int  # residents who said it worked


@dataclass(frozen=True)
class StepFigure:
    step: int
    reached: int  # residents who reached it
    stuck: int  # times residents said they were stuck on it
    stuck_words: list[Cluster]


@dataclass(frozen=True)
class HelpFigures:
    count: int
    claimed: int  # by a worker
    wait_p50_minutes: float | None
    wait_p90_minutes: float | None
    outcomes: dict[str, int]  # solved, not_solved, referred, expired, open, no_outcome
    by_family: int = 0  # asked of the family (问家人) and taken by a family helper


@dataclass(frozen=True)
class Report:
    since: dt.datetime
    until: dt.datetime
    residents: int  # who used the assistant in the period
    asked: list[Asked]
    completion: list[Completion]
    drop_off: dict[str, list[StepFigure]]  # by service slug, for guides started in the period
    unanswered: list[Cluster]
    help: HelpFigures
    contained: int  # residents who needed no person
    repeat_24h: int  # residents who came back within a day
    helpers_linked: int = 0  # family helpers linked to the residents at the period's end
    reminders: ReminderFigures = field(default_factory=ReminderFigures)
    names: dict[str, str] = field(default_factory=dict)  # service slug → name
    community: str | None = None  # the community's name when the report is about one

    def name_of(self, slug: str) -> str:
        """The service's name, or a word for one no longer in the catalog."""
        return self.names.get(slug, REMOVED_SERVICE)

    @property
    def containment(self) -> float | None:
        return self.contained / self.residents if self.residents else None


def compute(
    sessions: sessionmaker[Session],
    since: dt.datetime,
    until: dt.datetime,
    community: Community | None = None,
) -> Report:
    """Every figure for [since, until), of every resident or of one community's."""
    with sessions() as session:
        names = dict(session.execute(select(Service.slug, Service.name)).all())

        def rows(model, *columns):
            query = select(*columns).where(model.created_at >= since, model.created_at < until)
            if community is not None:
                query = query.where(model.sender_id.in_(communities.members(community.id)))
            return session.execute(query).all()

        requests = rows(
            ServiceRequest,
            ServiceRequest.sender_id,
            ServiceRequest.service_slug,
            ServiceRequest.found_by,
            ServiceRequest.created_at,
        )
        reached = rows(
            GuideStepReached,
            GuideStepReached.sender_id,
            GuideStepReached.service_slug,
            GuideStepReached.step,
            GuideStepReached.created_at,
        )
        outcomes = rows(
            GuideOutcome,
            GuideOutcome.sender_id,
            GuideOutcome.service_slug,
            GuideOutcome.outcome,
            GuideOutcome.created_at,
        )
        stuck = rows(
            StuckEvent,
            StuckEvent.sender_id,
            StuckEvent.service_slug,
            StuckEvent.step,
            StuckEvent.text,
            StuckEvent.created_at,
        )
        unanswered = rows(
            UnansweredMessage,
            UnansweredMessage.sender_id,
            UnansweredMessage.text,
            UnansweredMessage.created_at,
        )
        helps = rows(
            HelpRequest,
            HelpRequest.sender_id,
            HelpRequest.status,
            HelpRequest.outcome,
            HelpRequest.created_at,
            HelpRequest.claimed_at,
            HelpRequest.family_link_id,
        )

        linked = select(FamilyLink.resident_sender_id).where(
            FamilyLink.linked_at < until,
            or_(FamilyLink.status == "linked", FamilyLink.ended_at >= until),
        )
        if community is not None:
            linked = linked.where(
                FamilyLink.resident_sender_id.in_(communities.members(community.id))
            )
        helpers_linked = len(session.execute(linked).all())
        members = communities.members(community.id) if community is not None else None
        reminders = reminder_figures(session, since, until, members)

    contacts: dict[str, list[dt.datetime]] = defaultdict(list)
    for record in (*requests, *reached, *outcomes, *stuck, *unanswered, *helps):
        contacts[record.sender_id].append(as_utc(record.created_at))
    needed_person = {h.sender_id for h in helps}
    return Report(
        since=since,
        until=until,
        residents=len(contacts),
        asked=_asked(requests, names),
        completion=_completion(reached, outcomes, names),
        drop_off=_drop_off(reached, stuck),
        unanswered=cluster(u.text for u in unanswered),
        help=_help(helps),
        contained=len(set(contacts) - needed_person),
        repeat_24h=sum(_came_back(times) for times in contacts.values()),
        helpers_linked=helpers_linked,
        reminders=reminders,
        names=names,
        community=community.name if community is not None else None,
    )


def _asked(requests, names: dict[str, str]) -> list[Asked]:
    by_service: dict[str, Counter[str]] = defaultdict(Counter)
    for request in requests:
        by_service[request.service_slug][request.found_by] += 1
    return sorted(
        (
            Asked(slug, names.get(slug, REMOVED_SERVICE), sum(ways.values()), dict(ways))
            for slug, ways in by_service.items()
        ),
        key=lambda asked: (-asked.count, asked.slug),
    )


def _completion(reached, outcomes, names: dict[str, str]) -> list[Completion]:
    started: dict[str, set[str]] = defaultdict(set)
    for row in reached:
        if row.step == 1:
            started[row.service_slug].add(row.sender_id)
    done: dict[str, set[str]] = defaultdict(set)
    for row in outcomes:
        if row.outcome == "done":
            done[row.service_slug].add(row.sender_id)
    return sorted(
        (
            Completion(slug, names.get(slug, REMOVED_SERVICE), len(started[slug]), len(done[slug]))
            for slug in set(started) | set(done)
        ),
        key=lambda c: (-c.started, c.slug),
    )


def _drop_off(reached, stuck) -> dict[str, list[StepFigure]]:
    residents: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in reached:
        residents[row.service_slug][row.step].add(row.sender_id)
    stuck_words: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in stuck:
        stuck_words[row.service_slug][row.step].append(row.text)
    figures = {}
    for slug in set(residents) | set(stuck_words):
        last = max([*residents[slug], *stuck_words[slug]])
        figures[slug] = [
            StepFigure(
                step=step,
                reached=len(residents[slug][step]),
                stuck=len(stuck_words[slug][step]),
                stuck_words=cluster(stuck_words[slug][step]),
            )
            for step in range(1, last + 1)
        ]
    return figures


def _help(helps) -> HelpFigures:
    waits = sorted(
        (as_utc(h.claimed_at) - as_utc(h.created_at)).total_seconds() / 60
        for h in helps
        if h.claimed_at is not None and h.family_link_id is None
    )
    outcomes: Counter[str] = Counter()
    for h in helps:
        if h.status == "resolved":
            outcomes[h.outcome or "no_outcome"] += 1
        else:
            outcomes["expired" if h.status == "expired" else "open"] += 1
    return HelpFigures(
        count=len(helps),
        claimed=len(waits),
        wait_p50_minutes=_percentile(waits, 50),
        wait_p90_minutes=_percentile(waits, 90),
        outcomes=dict(outcomes),
        by_family=sum(h.family_link_id is not None for h in helps),
    )


def _percentile(values: list[float], percent: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _came_back(times: list[dt.datetime]) -> bool:
    """Whether a resident's records show a new contact within a day of an earlier one."""
    times = sorted(times)
    starts = [times[0]] + [b for a, b in pairwise(times) if b - a >= NEW_CONTACT_AFTER]
    return any(b - a <= REPEAT_WITHIN for a, b in pairwise(starts))

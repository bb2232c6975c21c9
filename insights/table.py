"""The report as CSV, one figure per row, for spreadsheets.

Columns (documented in docs/reports.md):
    section   asked | completion | drop_off | unanswered | help | residents | family
    service   the service's slug, where the figure is about one service
    step      the guide's step, for drop_off
    measure   what the value counts (e.g. count, started, done, reached, stuck, wait_p50_minutes)
    value     the number
    examples  for unanswered and stuck: up to three of the residents' words, masked, " | "-joined
"""

from __future__ import annotations

import csv
import io

from insights.figures import Report

COLUMNS = ("section", "service", "step", "measure", "value", "examples")


def rows(report: Report) -> list[tuple]:
    """The report's figures as rows of `COLUMNS`."""
    table: list[tuple] = [
        ("residents", "", "", "residents", report.residents, ""),
        ("residents", "", "", "contained", report.contained, ""),
        ("residents", "", "", "repeat_24h", report.repeat_24h, ""),
        ("family", "", "", "helpers_linked", report.helpers_linked, ""),
        ("family", "", "", "requests_taken", report.help.by_family, ""),
        ("reminders", "", "", "sent", report.reminders.sent, ""),
        ("reminders", "", "", "acted_on", report.reminders.acted_on, ""),
        ("reminders", "", "", "failed_tries", report.reminders.failed_tries, ""),
        ("reminders", "", "", "sent_to_family", report.reminders.sent_to_family, ""),
    ]
    for asked in report.asked:
        table.append(("asked", asked.slug, "", "count", asked.count, ""))
        for way, count in sorted(asked.found_by.items()):
            table.append(("asked", asked.slug, "", f"found_by_{way}", count, ""))
    for completion in report.completion:
        table.append(("completion", completion.slug, "", "started", completion.started, ""))
        table.append(("completion", completion.slug, "", "done", completion.done, ""))
    for slug, steps in sorted(report.drop_off.items()):
        for step in steps:
            table.append(("drop_off", slug, step.step, "reached", step.reached, ""))
            words = " | ".join(w for c in step.stuck_words for w in c.examples[:1])
            table.append(("drop_off", slug, step.step, "stuck", step.stuck, words))
    for cluster in report.unanswered:
        table.append(("unanswered", "", "", "count", cluster.count, " | ".join(cluster.examples)))
    help_figures = report.help
    table.append(("help", "", "", "count", help_figures.count, ""))
    table.append(("help", "", "", "claimed", help_figures.claimed, ""))
    for name in ("wait_p50_minutes", "wait_p90_minutes"):
        value = getattr(help_figures, name)
        table.append(("help", "", "", name, "" if value is None else round(value, 1), ""))
    for outcome, count in sorted(help_figures.outcomes.items()):
        table.append(("help", "", "", f"outcome_{outcome}", count, ""))
    return table


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
    return buffer.getvalue()

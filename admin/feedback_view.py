"""反馈: what residents needed and where the service failed them, from `insights`, with a
link from each unanswered question or stuck step straight to the content that would fix it."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqladmin import BaseView, expose
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from catalog import communities
from insights import chart
from insights.figures import Report, compute

PERIODS = (7, 30, 90)  # days an editor can look back


class FeedbackView(BaseView):
    """The needs-feedback dashboard: figures, the chart, and what to fix."""

    name = "反馈"
    icon = "fa-solid fa-chart-column"

    @expose("/feedback", methods=["GET"])
    async def feedback(self, request: Request) -> Response:
        days, community = _days(request), request.query_params.get("community", "")
        report = await asyncio.to_thread(self._report, days, community)
        stuck = [
            (slug, figure)
            for slug, figures in report.drop_off.items()
            for figure in figures
            if figure.stuck
        ]
        stuck.sort(key=lambda item: -item[1].stuck)
        services = sorted(report.names.items(), key=lambda item: item[1])
        return await self.templates.TemplateResponse(
            request,
            "editor/feedback.html",
            {
                "title": "反馈：居民需要什么、卡在哪里",
                "report": report,
                "days": days,
                "periods": PERIODS,
                "stuck": stuck,
                "services": services,
                "communities": communities.listed(self._admin_ref.session_maker),
                "community": community,
            },
        )

    @expose("/feedback/chart.png", methods=["GET"])
    async def feedback_chart(self, request: Request) -> Response:
        community = request.query_params.get("community", "")
        report = await asyncio.to_thread(self._report, _days(request), community)
        png = await asyncio.to_thread(chart.render, report)
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})

    @expose("/feedback/alias", methods=["GET"])
    async def feedback_alias(self, request: Request) -> Response:
        """An unanswered question made a new alias of the service the editor picked."""
        query = request.query_params
        url = request.url_for("admin:view-service", slug=query.get("service", ""))
        return RedirectResponse(url.include_query_params(alias=query.get("alias", "")), 303)

    def _report(self, days: int, community: str) -> Report:
        """The figures of the last `days` days, of one community's residents if one is named."""
        sessions = self._admin_ref.session_maker
        chosen = communities.find(sessions, community) if community else None
        until = dt.datetime.now(dt.timezone.utc)
        return compute(sessions, until - dt.timedelta(days=days), until, chosen)


def _days(request: Request) -> int:
    try:
        days = int(request.query_params.get("days", PERIODS[0]))
    except ValueError:
        return PERIODS[0]
    return days if days in PERIODS else PERIODS[0]

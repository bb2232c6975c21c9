"""待发布: the drafts with what they change, 试一试 in the real assistant, publishing and
discarding; 历史: every published change, each one revertible."""

from __future__ import annotations

import httpx
from sqladmin import BaseView, expose
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from editing import drafts, preview, publishing


class DraftsView(BaseView):
    """待发布: what editors changed, tried and then published together."""

    name = "待发布"
    icon = "fa-solid fa-paper-plane"

    @expose("/drafts", methods=["GET"])
    async def drafts(self, request: Request) -> Response:
        return await self._page(request)

    @expose("/drafts/try", methods=["POST"])
    async def try_draft(self, request: Request) -> Response:
        """试一试: a message (typed, or a button's payload) answered with every draft applied."""
        form = await request.form()
        message = str(form.get("message", "")).strip()
        admin = self._admin_ref
        try:
            if form.get("restart") or "preview_sender" not in request.session:
                request.session["preview_sender"] = await preview.start(
                    admin.settings.rasa_url, admin.settings.rasa_token
                )
            if message:
                preview.refresh(admin.session_maker, admin.preview_sessions)
                await preview.say(
                    admin.settings.rasa_url, request.session["preview_sender"], message
                )
        except httpx.HTTPError:
            return await self._page(request, failure=ASSISTANT_DOWN)
        return RedirectResponse(f"{request.url_for('admin:view-drafts')}#try", status_code=303)

    @expose("/drafts/publish", methods=["POST"])
    async def publish(self, request: Request) -> Response:
        form = await request.form()
        chosen = [int(value) for value in form.getlist("draft")]
        if not chosen:
            return _back(request, "drafts", notice="none")
        try:
            publishing.publish(self.sessions, chosen, request.state.account.id)
        except publishing.PublishRefused as refused:
            return await self._page(request, refused=refused.problems)
        return _back(request, "drafts", notice="published")

    @expose("/drafts/{draft_id:int}/discard", methods=["POST"])
    async def discard(self, request: Request) -> Response:
        drafts.discard(self.sessions, request.path_params["draft_id"])
        return _back(request, "drafts", notice="discarded")

    async def _page(self, request: Request, **context: object) -> Response:
        with self.sessions() as session:
            pending = drafts.pending(session)
        talk: list[preview.Turn] = []
        if (sender := request.session.get("preview_sender")) and "failure" not in context:
            try:
                settings = self._admin_ref.settings
                talk = await preview.conversation(settings.rasa_url, settings.rasa_token, sender)
            except httpx.HTTPError:
                context["failure"] = ASSISTANT_DOWN
        return await self.templates.TemplateResponse(
            request,
            "editor/drafts.html",
            {
                "title": "待发布",
                "pending": pending,
                "talk": talk,
                "notice": _notice(request),
                **context,
            },
        )

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._admin_ref.session_maker


class HistoryView(BaseView):
    """历史: who changed what and when, with 撤回 for each change."""

    name = "历史"
    icon = "fa-solid fa-clock-rotate-left"

    @expose("/history", methods=["GET"])
    async def history(self, request: Request) -> Response:
        return await self._page(request)

    @expose("/history/{revision_id:int}/revert", methods=["POST"])
    async def revert(self, request: Request) -> Response:
        sessions = self._admin_ref.session_maker
        try:
            publishing.revert(
                sessions, request.path_params["revision_id"], request.state.account.id
            )
        except publishing.RevertRefused as refused:
            return await self._page(request, refused=refused.problems)
        return _back(request, "history", notice="reverted")

    async def _page(self, request: Request, **context: object) -> Response:
        with self._admin_ref.session_maker() as session:
            revisions = publishing.history(session)
        return await self.templates.TemplateResponse(
            request,
            "editor/history.html",
            {"title": "历史", "revisions": revisions, "notice": _notice(request), **context},
        )


ASSISTANT_DOWN = "助手现在没有开着，试不了。请先启动助手（make serve）。"
NOTICES = {
    "saved": "草稿存好了：{saved}。可以在下面试一试，没问题再发布。",
    "published": "发布好了，居民现在问就是新的内容，不用重新训练。",
    "discarded": "这份草稿丢掉了，居民看到的还是原来的内容。",
    "none": "请先勾选要发布的草稿。",
    "reverted": "撤回好了，已经换回改之前的内容。",
}


def _notice(request: Request) -> str:
    query = request.query_params
    if saved := query.get("saved"):
        return NOTICES["saved"].format(saved=saved)
    return NOTICES.get(query.get("notice", ""), "")


def _back(request: Request, page: str, *, notice: str) -> RedirectResponse:
    url = request.url_for(f"admin:view-{page}").include_query_params(notice=notice)
    return RedirectResponse(url, status_code=303)

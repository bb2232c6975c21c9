"""训练: whether the model needs to learn what editors published, and an admin starting a
training with its progress on screen; the trained model replaces the old one in Rasa."""

from __future__ import annotations

from sqladmin import BaseView, expose
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from editing.training import Trainer, learning_need


class TrainingView(BaseView):
    """训练模型: shown to editors, started by admins."""

    name = "训练模型"
    icon = "fa-solid fa-graduation-cap"

    @expose("/training", methods=["GET"])
    async def training(self, request: Request) -> Response:
        trainer: Trainer = self._admin_ref.trainer
        with self._admin_ref.session_maker() as session:
            need = learning_need(session, trainer.trained_at())
        status = trainer.status()
        return await self.templates.TemplateResponse(
            request,
            "editor/training.html",
            {
                "title": "训练模型",
                "need": need,
                "status": status,
                "log": trainer.log_tail() if status.state != "idle" else [],
                "may_start": request.state.account.is_admin,
                "busy": request.query_params.get("busy"),
            },
        )

    @expose("/training/start", methods=["POST"])
    async def training_start(self, request: Request) -> Response:
        if not request.state.account.is_admin:
            return Response("只有管理员可以开始训练。", status_code=403)
        started = self._admin_ref.trainer.start()
        url = request.url_for("admin:view-training")
        return RedirectResponse(url if started else url.include_query_params(busy=1), 303)

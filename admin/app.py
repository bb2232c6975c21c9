"""The admin application: sqladmin on Starlette with Chinese words, staff sign-in, the catalog's
lists and the editors' pages."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from sqladmin import Admin
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse

from admin.auth import StaffAuthentication
from admin.catalog_views import CATALOG_VIEWS
from admin.chinese import chinese_interface
from admin.csrf import csrf_token
from admin.display import change_label, document_title, intent_label, local_time, shown
from admin.draft_views import DraftsView, HistoryView
from admin.editor_views import ContentEditor
from admin.feedback_view import FeedbackView
from admin.settings import AdminSettings
from admin.training_view import TrainingView
from catalog.database import DATA_DIR, make_engine, make_session_factory, preview_database_url
from catalog.schema_migration import upgrade_to_head
from editing.training import Trainer

TITLE = "助老办事助手 · 内容管理"
TEMPLATES = str(Path(__file__).parent / "templates")


class EditorsAdmin(Admin):
    """sqladmin with what the editors' pages need: the settings and the preview database."""

    def __init__(
        self,
        app: Starlette,
        settings: AdminSettings,
        sessions: sessionmaker[Session],
        preview_sessions: sessionmaker[Session],
    ) -> None:
        super().__init__(
            app,
            session_maker=sessions,
            base_url="/",
            title=TITLE,
            templates_dir=TEMPLATES,
            authentication_backend=StaffAuthentication(settings, sessions),
            i18n_config=chinese_interface(),
        )
        self.settings, self.preview_sessions = settings, preview_sessions
        self.trainer = Trainer(
            sessions,
            settings.rasa_url,
            settings.rasa_token,
            settings.model_dir,
            DATA_DIR / "training",
        )
        self.templates.env.filters["local_time"] = local_time
        self.templates.env.globals.update(
            csrf_token=csrf_token,
            shown=shown,
            change_label=change_label,
            document_title=document_title,
            intent_label=intent_label,
        )

    async def index(self, request: Request) -> RedirectResponse:
        return RedirectResponse(request.url_for("admin:view-feedback"), status_code=302)


def create_app(
    settings: AdminSettings,
    sessions: sessionmaker[Session] | None = None,
    preview_sessions: sessionmaker[Session] | None = None,
) -> Starlette:
    """The admin, on the app database and the preview database (both migrated here)."""
    if sessions is None:
        engine = make_engine()
        upgrade_to_head(engine)
        sessions = make_session_factory(engine)
    if preview_sessions is None:
        preview_engine = make_engine(preview_database_url())
        upgrade_to_head(preview_engine)
        preview_sessions = make_session_factory(preview_engine)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await asyncio.to_thread(admin.trainer.stop)  # no training outlives the admin

    app = Starlette(lifespan=lifespan)
    admin = EditorsAdmin(app, settings, sessions, preview_sessions)
    views = (FeedbackView, ContentEditor, DraftsView, HistoryView, TrainingView, *CATALOG_VIEWS)
    for view in views:
        admin.add_view(view)
    return app

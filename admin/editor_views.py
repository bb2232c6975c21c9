"""Pages where editors change content: a service with its steps, step help, aliases and FAQs,
and the general FAQs. Saving keeps a draft, after the content loader's checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqladmin import BaseView, expose
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from admin.category_form import categories_document, category_values, row_count
from admin.problems import problems_by_field
from admin.service_form import (
    SPARE_FAQS,
    TROUBLE_LABELS,
    faq_documents,
    faq_slots,
    faq_values,
    form_values,
    service_document,
)
from catalog.content_checker import Problem
from catalog.content_schema import MAX_STEPS
from editing import drafts
from editing.drafts import GENERAL


@dataclass(frozen=True)
class WholeDocument:
    """A document edited on one page as a whole: the general FAQs, or the menu categories."""

    kind: str
    title: str
    template: str
    read_form: Callable[[dict[str, str]], list[dict[str, Any]]]
    fill_form: Callable[[list[dict[str, Any]]], dict[str, str]]
    rows: Callable[[dict[str, str]], int]  # how many rows the form shows


GENERAL_FAQS = WholeDocument(
    "general_faqs", "通用常见问题", "editor/faqs.html", faq_documents, faq_values, faq_slots
)
CATEGORIES = WholeDocument(
    "categories",
    "菜单分类",
    "editor/categories.html",
    categories_document,
    category_values,
    row_count,
)


class ContentEditor(BaseView):
    """改内容: the service editor and the general FAQs."""

    name = "改内容"
    icon = "fa-solid fa-pen"

    @expose("/edit", methods=["GET"])
    async def choose(self, request: Request) -> Response:
        with self.sessions() as session:
            catalog = drafts.working_catalog(session)
        services = sorted(catalog.services.values(), key=lambda doc: doc["name"])
        return await self.templates.TemplateResponse(
            request, "editor/choose.html", {"title": "改内容", "services": services}
        )

    @expose("/edit/service/{slug}", methods=["GET", "POST"])
    async def service(self, request: Request) -> Response:
        slug = request.path_params["slug"]
        is_new = slug == "+"
        if request.method == "POST":
            form = {key: str(value) for key, value in (await request.form()).items()}
            form["slug"] = form.get("slug", "") if is_new else slug
            key = form["slug"].strip()
            found = self._save(request, "service", key, service_document(form), is_new=is_new)
            if not found:
                return _to_drafts(request, saved=form.get("name") or key)
            return await self._service_page(request, form, found, is_new)
        with self.sessions() as session:
            document = None if is_new else drafts.editing_copy(session, "service", slug)
        if document is None and not is_new:
            return Response("没有这项服务。", status_code=404)
        values = _with_suggestion(form_values(document or {}), request.query_params)
        return await self._service_page(request, values, [], is_new)

    @expose("/edit/faqs", methods=["GET", "POST"])
    async def general_faqs(self, request: Request) -> Response:
        return await self._edit_whole(request, GENERAL_FAQS)

    @expose("/edit/categories", methods=["GET", "POST"])
    async def categories(self, request: Request) -> Response:
        return await self._edit_whole(request, CATEGORIES)

    async def _edit_whole(self, request: Request, edited: WholeDocument) -> Response:
        found: list[Problem] = []
        if request.method == "POST":
            values = {key: str(value) for key, value in (await request.form()).items()}
            found = self._save(request, edited.kind, GENERAL, edited.read_form(values))
            if not found:
                return _to_drafts(request, saved=edited.title)
        else:
            with self.sessions() as session:
                document = drafts.editing_copy(session, edited.kind, GENERAL) or []
            values = _with_suggestion(edited.fill_form(document), request.query_params)
        return await self.templates.TemplateResponse(
            request,
            edited.template,
            {
                "title": edited.title,
                "values": values,
                "rows": edited.rows(values),
                "problems": found,
                "errors": problems_by_field(found),
            },
        )

    def _save(
        self, request: Request, kind: str, key: str, document: Any, *, is_new: bool = False
    ) -> list[Problem]:
        if is_new:
            with self.sessions() as session:
                if drafts.editing_copy(session, kind, key) is not None:
                    return [
                        Problem(
                            Path(f"content/services/{key}.yml"),
                            1,
                            "slug",
                            "这个英文代号已经有服务在用了",
                        )
                    ]
        return drafts.save(self.sessions, kind, key, document, request.state.account.id)

    async def _service_page(
        self, request: Request, values: dict[str, str], found: list[Problem], is_new: bool
    ) -> Response:
        with self.sessions() as session:
            categories = drafts.working_catalog(session).categories
        return await self.templates.TemplateResponse(
            request,
            "editor/service.html",
            {
                "title": "新加一项服务" if is_new else f"改：{values.get('name', '')}",
                "values": values,
                "is_new": is_new,
                "categories": categories,
                "max_steps": MAX_STEPS,
                "troubles": TROUBLE_LABELS,
                "faq_slots": faq_slots(values),
                "problems": found,
                "errors": problems_by_field(found),
                "focus_step": _int(request.query_params.get("step")),
            },
        )

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._admin_ref.session_maker


def _with_suggestion(values: dict[str, str], query: Any) -> dict[str, str]:
    """Prefill from a link on the feedback page: a new alias, step help, or a new FAQ."""
    values = dict(values)
    if alias := query.get("alias"):
        values["aliases"] = "\n".join(filter(None, [values.get("aliases", ""), alias]))
    if (step := query.get("step")) and (kind := query.get("kind")) in TROUBLE_LABELS:
        values.setdefault(f"step{step}_{kind}", query.get("text", ""))
    if question := query.get("question"):
        values[f"faq{faq_slots(values) - SPARE_FAQS + 1}_question"] = question
    return values


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _to_drafts(request: Request, saved: str) -> RedirectResponse:
    url = request.url_for("admin:view-drafts").include_query_params(saved=saved)
    return RedirectResponse(url, status_code=303)

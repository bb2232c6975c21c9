"""The published catalog as sqladmin lists, with search and filters, in Chinese. Lists only:
changes go through the editor as drafts, so nothing here writes."""

from __future__ import annotations

from typing import Any, ClassVar

from markupsafe import Markup
from sqladmin import ModelView
from sqladmin.filters import ForeignKeyFilter
from starlette.requests import Request

from catalog.models import Category, Faq, GuideStep, Service, ServiceAlias


class ReadOnlyView(ModelView):
    """A searchable list; editing happens in 改内容."""

    can_create = False
    can_edit = False
    can_delete = False
    can_export = False
    category = "现在的内容"
    page_size = 50


def _edit_link(service: Service | None, request: Request) -> Markup:
    if service is None:
        return Markup("（通用）")
    url = request.url_for("admin:view-service", slug=service.slug)
    return Markup('<a href="{}">{}</a>').format(url, service.name)


def _service_link(row: Any, _attribute: str, request: Request) -> Markup:
    return _edit_link(row if isinstance(row, Service) else row.service, request)


class ServiceList(ReadOnlyView, model=Service):
    name, name_plural, icon = "服务", "服务", "fa-solid fa-list"
    column_list: ClassVar = [Service.name, Service.category, Service.hotline, Service.last_verified]
    column_searchable_list: ClassVar = [Service.name, Service.slug, Service.summary]
    column_sortable_list: ClassVar = [Service.name, Service.last_verified]
    column_filters: ClassVar = [ForeignKeyFilter(Service.category_id, Category.name, title="分类")]
    column_details_exclude_list: ClassVar = [Service.id, Service.category_id]
    column_formatters: ClassVar = {Service.name: _service_link}
    column_labels: ClassVar = {
        Service.name: "名称",
        Service.slug: "英文代号",
        Service.category: "分类",
        Service.summary: "介绍",
        Service.eligibility: "谁能办",
        Service.materials: "材料",
        Service.offline: "线下",
        Service.online: "手机上",
        Service.hotline: "热线",
        Service.hotline_name: "热线名称",
        Service.caution: "提醒",
        Service.recap: "小结",
        Service.recurs: "多久再办",
        Service.sources: "依据",
        Service.last_verified: "核实日期",
        Service.aliases: "别名",
        Service.steps: "步骤",
        Service.faqs: "常见问题",
    }


class StepList(ReadOnlyView, model=GuideStep):
    name, name_plural, icon = "步骤", "步骤", "fa-solid fa-shoe-prints"
    column_list: ClassVar = [GuideStep.service, GuideStep.position, GuideStep.text]
    column_searchable_list: ClassVar = [GuideStep.text]
    column_filters: ClassVar = [ForeignKeyFilter(GuideStep.service_id, Service.name, title="服务")]
    column_default_sort: ClassVar = [(GuideStep.service_id, False), (GuideStep.position, False)]
    column_formatters: ClassVar = {GuideStep.service: _service_link}
    column_labels: ClassVar = {
        GuideStep.service: "服务",
        GuideStep.position: "第几步",
        GuideStep.text: "怎么做",
        GuideStep.help: "卡住时的帮助",
    }


class AliasList(ReadOnlyView, model=ServiceAlias):
    name, name_plural, icon = "别名", "别名", "fa-solid fa-tags"
    column_list: ClassVar = [ServiceAlias.text, ServiceAlias.service]
    column_searchable_list: ClassVar = [ServiceAlias.text]
    column_filters: ClassVar = [
        ForeignKeyFilter(ServiceAlias.service_id, Service.name, title="服务")
    ]
    column_formatters: ClassVar = {ServiceAlias.service: _service_link}
    column_labels: ClassVar = {ServiceAlias.text: "别名", ServiceAlias.service: "服务"}


class FaqList(ReadOnlyView, model=Faq):
    name, name_plural, icon = "常见问题", "常见问题", "fa-solid fa-circle-question"
    column_list: ClassVar = [Faq.question, Faq.service]
    column_searchable_list: ClassVar = [Faq.question, Faq.answer]
    column_filters: ClassVar = [ForeignKeyFilter(Faq.service_id, Service.name, title="服务")]
    column_formatters: ClassVar = {Faq.service: _service_link}
    column_labels: ClassVar = {
        Faq.question: "问题",
        Faq.alternatives: "别的问法",
        Faq.answer: "回答",
        Faq.service: "服务",
    }


class CategoryList(ReadOnlyView, model=Category):
    name, name_plural, icon = "分类", "分类", "fa-solid fa-folder"
    column_list: ClassVar = [Category.position, Category.name, Category.words]
    column_default_sort: ClassVar = [(Category.position, False)]
    column_labels: ClassVar = {
        Category.position: "顺序",
        Category.name: "名称",
        Category.words: "说到这些词就列出这一类",
        Category.services: "服务",
    }


CATALOG_VIEWS = (ServiceList, StepList, AliasList, FaqList, CategoryList)

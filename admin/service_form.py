"""The service editor's form: a service document shown as fields, and the fields read back
into a document shaped like `catalog.documents` writes it (so unchanged means equal)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.content_checker import TROUBLE_LABELS
from catalog.content_schema import MAX_STEPS, TROUBLES

__all__ = [
    "SPARE_FAQS",
    "TROUBLE_LABELS",
    "faq_documents",
    "faq_values",
    "form_values",
    "service_document",
]

SPARE_FAQS = 2  # empty FAQ slots offered under the existing ones
TEXT_FIELDS = (
    "name",
    "summary",
    "eligibility",
    "caution",
    "offline",
    "online",
    "hotline",
    "hotline_name",
    "recap",
    "recurs",
)


def form_values(document: Mapping[str, Any]) -> dict[str, str]:
    """The form's fields filled from a service document."""
    values = {key: str(document.get(key) or "") for key in ("slug", "category", *TEXT_FIELDS)}
    values["aliases"] = "\n".join(document.get("aliases", []))
    values["materials"] = "\n".join(document.get("materials", []))
    values["last_verified"] = document.get("last_verified") or ""
    values["sources"] = "\n".join(
        f"{source['url']} {source['supports']}" for source in document.get("sources", [])
    )
    for index, step in enumerate(document.get("steps", []), start=1):
        step = step if isinstance(step, dict) else {"text": step}
        values[f"step{index}"] = step["text"]
        for kind, text in step.get("help", {}).items():
            values[f"step{index}_{kind}"] = text
    return values | faq_values(document.get("faqs", []))


def faq_values(faqs: list[dict[str, Any]]) -> dict[str, str]:
    """Form fields for a list of FAQs (a service's, or the general ones)."""
    values = {}
    for index, faq in enumerate(faqs, start=1):
        values[f"faq{index}_question"] = faq["question"]
        values[f"faq{index}_alternatives"] = "\n".join(faq.get("alternatives", []))
        values[f"faq{index}_answer"] = faq["answer"]
    return values


def faq_documents(form: Mapping[str, str]) -> list[dict[str, Any]]:
    """The FAQs the submitted form describes, in order, empty slots left out."""
    return [faq for index in range(1, 200) if (faq := _faq(form, index)) is not None]


def faq_slots(values: Mapping[str, str]) -> int:
    """How many FAQ slots the form shows: the filled ones and a few spare."""
    filled = [int(key[3:].split("_")[0]) for key in values if key.startswith("faq")]
    return max(filled, default=0) + SPARE_FAQS


def service_document(form: Mapping[str, str]) -> dict[str, Any]:
    """The document the submitted form describes; empty step and FAQ slots are left out."""
    text = {key: _clean(form.get(key)) for key in ("slug", "category", *TEXT_FIELDS)}
    document: dict[str, Any] = {
        "slug": text["slug"],
        "name": text["name"],
        "category": text["category"],
        "aliases": _lines(form.get("aliases")),
        "summary": text["summary"],
        "eligibility": text["eligibility"],
        "materials": _lines(form.get("materials")),
    }
    if text["caution"]:
        document["caution"] = text["caution"]
    document |= {key: text[key] for key in ("offline", "online", "hotline", "hotline_name")}
    document["recap"] = text["recap"]
    if text["recurs"]:
        document["recurs"] = text["recurs"]
    document["last_verified"] = _clean(form.get("last_verified")) or None
    sources = [_source(line) for line in _lines(form.get("sources"))]
    if sources:
        document["sources"] = sources
    document["steps"] = [
        step for index in range(1, MAX_STEPS + 3) if (step := _step(form, index)) is not None
    ]
    faqs = faq_documents(form)
    if faqs:
        document["faqs"] = faqs
    return document


def _step(form: Mapping[str, str], index: int) -> str | dict[str, Any] | None:
    text = _clean(form.get(f"step{index}"))
    helps = {
        kind: help_text
        for kind in TROUBLES
        if (help_text := _clean(form.get(f"step{index}_{kind}")))
    }
    if not text and not helps:
        return None
    return {"text": text, "help": helps} if helps else text


def _faq(form: Mapping[str, str], index: int) -> dict[str, Any] | None:
    question = _clean(form.get(f"faq{index}_question"))
    answer = _clean(form.get(f"faq{index}_answer"))
    alternatives = _lines(form.get(f"faq{index}_alternatives"))
    if not (question or answer or alternatives):
        return None
    faq: dict[str, Any] = {"question": question}
    if alternatives:
        faq["alternatives"] = alternatives
    faq["answer"] = answer
    return faq


def _source(line: str) -> dict[str, str]:
    url, _, supports = line.partition(" ")
    return {"url": url, "supports": supports.strip()}


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _clean(value: str | None) -> str:
    return (value or "").strip()

"""Facts in content/ that residents act on and that were once wrong: who can freeze a lost bank
card, whom to call about a gas leak, which app certifies a pension for a relative. And every
service says where its content was checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from catalog.content_loader import read_content
from catalog.content_schema import ServiceSource

CONTENT = read_content()
SERVICES = {service.slug: service for service in CONTENT.services}


def resident_texts(service: ServiceSource) -> Iterator[str]:
    """Everything of the service a resident may read or hear."""
    yield from (service.summary, service.eligibility, service.offline, service.online)
    yield from (service.recap, service.caution or "", *service.materials)
    for step in service.steps:
        yield step.text
        yield from step.help.values()
    for faq in service.faqs:
        yield faq.answer


@pytest.mark.parametrize("slug", sorted(SERVICES))
def test_every_service_says_where_it_was_checked(slug: str) -> None:
    sources = SERVICES[slug].sources
    assert sources, f"{slug} lists no sources"
    assert all(source["url"].startswith(("http://", "https://")) for source in sources)
    assert all(source["supports"] for source in sources)


def test_a_lost_bank_card_is_frozen_through_the_bank_not_12345() -> None:
    """12345 cannot freeze a card: only the card's bank can, by its own line or at a branch."""
    service = SERVICES["bank-card-loss"]
    assert "12345" not in service.hotline.split("/")
    assert not [text for text in resident_texts(service) if "12345" in text]
    first_step = service.steps[0].text
    assert "银行" in first_step and "客服电话" in first_step
    assert "95588" in first_step  # a bank's own number, as an example
    assert "网点" in service.offline


def test_a_gas_leak_is_reported_to_the_gas_company_and_a_fire_to_119() -> None:
    service = SERVICES["pay-gas"]
    caution = service.caution or ""
    assert "燃气公司" in caution and "抢修电话" in caution
    assert "屋外" in caution  # never call from inside the room
    assert "着火打119" in caution  # 119 is for a fire, not the leak itself
    leak = next(faq for faq in service.faqs if "燃气味" in faq.question)
    assert "燃气公司" in leak.answer and "抢修电话" in leak.answer


def test_a_relative_certifies_a_pension_in_sichuan_renshe() -> None:
    """天府市民云 needs the pensioner's own account; 四川人社 lets a relative's phone do it."""
    online = SERVICES["pension-certification"].online
    assert "四川人社" in online
    assert "天府市民云" not in online

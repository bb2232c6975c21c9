"""The held-out reports count hits per style and list every miss."""

from __future__ import annotations

from tools.evaluation import replies_in_context, service_requests


def test_service_requests_report_counts_per_style_and_lists_misses() -> None:
    Outcome = service_requests.Outcome
    outcomes = [
        Outcome("电费咋交", "sichuanese", "pay-electricity", None, "pay-electricity", ()),
        Outcome("交水费", "short", "pay-water", None, None, ("pay-water", "pay-gas")),
        Outcome("手机都不会", "colloquial", None, "smartphone", None, ("video-call",)),
        Outcome("天气", "plain", None, None, None, ()),
    ]
    text = "\n".join(service_requests.report(outcomes, {"smartphone": {"video-call"}}))
    assert "| top-1 service (the first reply names it) | 50.0% (1/2) |" in text
    assert "| top-3 service (named or among the choices) | 100.0% (2/2) |" in text
    assert "| sichuanese | 100.0% (1/1) | 100.0% (1/1) |" in text
    assert "| broad need answered with its area's services | 100.0% (1/1) |" in text
    assert "- [short] 交水费 — pay-water → choices: pay-water, pay-gas" in text


def test_replies_are_judged_in_the_held_out_files_own_terms() -> None:
    judge = replies_in_context.as_expectation
    assert (
        judge(
            "choices",
            "choice:2",
            "第二个",
            "choose_service",
            {"service": "medical-insurance-payment"},
        )
        == "choice:2"
    )
    assert (
        judge("confirm", "affirm", "对头", "choose_service", {"service": "medical-insurance-code"})
        == "affirm"
    )
    assert judge("step", "stuck:code", "验证码没来", "stuck", {}) == "stuck:code"
    assert judge("confirm", "affirm", "对头", "affirm", {}) != "affirm"  # the model's yes alone
    assert judge("resume", "stop", "不了", "deny", {}) == "stop"
    assert judge("outcome", "outcome_done", "好了", "next_step", {}) == "outcome_done"
    outcome = replies_in_context.Outcome("step", "好了", "plain", "next_step", "repeat")
    assert "- step: 好了 — next_step → repeat" in "\n".join(replies_in_context.report([outcome]))

"""The held-out reports count hits per style and list every miss."""

from __future__ import annotations

from actions import service_matching
from tools import evaluate
from tools.evaluation import replies_in_context, service_requests, shares, thresholds


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


def parsed(intent: str, entities: dict[str, str] | None = None, selected: str = "") -> dict:
    """Rasa's parse data of a message taken as `intent`, with the stuck kind the model chose."""
    response = {"intent_response_key": selected, "confidence": 0.9}
    return {
        "intent": {"name": intent},
        "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
        "response_selector": {"stuck": {"response": response}},
    }


def test_replies_are_judged_in_the_held_out_files_own_terms() -> None:
    judge = replies_in_context.as_expectation
    payment = parsed("choose_service", {"service": "medical-insurance-payment"})
    assert judge("choices", "choice:2", "第二个", payment) == "choice:2"
    code = parsed("choose_service", {"service": "medical-insurance-code"})
    assert judge("confirm", "affirm", "对头", code) == "affirm"
    assert judge("step", "stuck:code", "验证码没来", parsed("stuck")) == "stuck:code"
    assert judge("step", "stuck:where", "字好密", parsed("stuck", selected="stuck/where")) == (
        "stuck:where"
    )
    assert judge("confirm", "affirm", "对头", parsed("affirm")) != "affirm"  # the model's yes
    assert judge("resume", "stop", "不了", parsed("deny")) == "stop"
    assert judge("outcome", "outcome_done", "好了", parsed("next_step")) == "outcome_done"
    outcome = replies_in_context.Outcome("step", "好了", "plain", "next_step", "repeat")
    assert "- step: 好了 — next_step → repeat" in "\n".join(replies_in_context.report([outcome]))


def test_the_threshold_table_counts_right_and_wrong_names_and_choices() -> None:
    Parsed, Candidate = thresholds.Parsed, service_matching.Candidate
    lines = [
        Parsed("pay-water", [Candidate("pay-water", "缴纳水费", 0.45)]),
        Parsed("pay-gas", [Candidate("pay-water", "缴纳水费", 0.45)]),
        Parsed("pay-gas", [Candidate("pay-gas", "缴纳燃气费", 0.35)]),
        Parsed("pay-gas", []),
        Parsed(None, [Candidate("pay-gas", "缴纳燃气费", 0.45)]),
    ]
    rows = thresholds.table(lines)
    assert "| 0.4 | 0.1 | 1 | 1 | 1 | 1 |" in rows
    assert "| 0.5 | 0.1 | 0 | 0 | 2 | 0 |" in rows
    assert "| 0.3 | 0.1 | 2 | 1 | 0 | 1 |" in rows


def test_thresholds_are_chosen_on_read_sets_only() -> None:
    unread = {(p.files[0], p.lines) for p in evaluate.SERVICE_REQUESTS if not p.read}
    assert unread == {
        ("service_requests_2.yml", "odd"),
        ("service_requests_4.yml", "all"),
        ("service_requests_5.yml", "all"),
        ("service_requests_6.yml", "all"),
        ("service_requests_8.yml", "all"),
        ("service_requests_10.yml", "all"),
    }
    assert not {(p.files[0], p.lines) for p in thresholds.READ_PARTS} & unread


def test_the_sets_nobody_tuned_on_are_counted_together_per_style_with_their_range() -> None:
    Request, Reply = service_requests.Outcome, replies_in_context.Outcome
    requests = [
        Request("电费咋交", "sichuanese", "pay-electricity", None, "pay-electricity", ()),
        Request("水费在哪交嘛", "sichuanese", "pay-water", None, None, ("pay-water",)),
        Request("交燃气费", "plain", "pay-gas", None, "pay-gas", ()),
        Request("天气", "plain", None, None, None, ()),  # out of scope: not a service request
    ]
    replies = [Reply("step", "搞不来", "sichuanese", "stuck:plain", "stuck:plain")]
    text = "\n".join(evaluate.unread_together(requests, replies))
    assert (
        "| sichuanese | 50.0% (1/2; 95% interval 9.5–90.5%) "
        "| 100.0% (2/2; 95% interval 34.2–100.0%) |"
    ) in text
    assert "| all | 66.7% (2/3; 95% interval 20.8–93.9%) |" in text
    assert "| sichuanese | 100.0% (1/1; 95% interval 20.7–100.0%) |" in text


def test_an_interval_narrows_as_lines_are_added() -> None:
    assert shares.share(37, 40) == "92.5% (37/40; 95% interval 80.1–97.4%)"
    assert shares.share(222, 240) == "92.5% (222/240; 95% interval 88.5–95.2%)"
    assert shares.share(0, 3) == "0.0% (0/3; 95% interval 0.0–56.2%)"
    assert shares.share(0, 0) == "n/a"

"""The offers typed answers are read against in the reading's tests: a found service, a
confirmation, choices, a guide step and the offer to resume."""

from __future__ import annotations

from actions.offers import Button, Offer
from actions.reply_reading import Message, read_reply

SERVICE_FOUND = Offer(
    "service",
    (
        Button("一步一步教我办", "/start_guide"),
        Button("问别的事", "/show_menu"),
        Button("找人帮忙", "/ask_person"),
    ),
    yes="/start_guide",
    no="/show_menu",
)
CONFIRM = Offer(
    "confirm",
    (
        Button("是的", '/choose_service{"service":"medical-insurance-code"}'),
        Button("不是", "/show_menu"),
        Button("找人帮忙", "/ask_person"),
    ),
    choices=1,
    yes='/choose_service{"service":"medical-insurance-code"}',
    no="/show_menu",
)
CHOICES = Offer(
    "choices",
    (
        Button("医保余额查询", '/choose_service{"service":"medical-insurance-query"}'),
        Button("城乡居民医保缴费", '/choose_service{"service":"medical-insurance-payment"}'),
        Button("医保电子凭证（医保码）", '/choose_service{"service":"medical-insurance-code"}'),
        Button("都不是", "/show_menu"),
        Button("找人帮忙", "/ask_person"),
    ),
    choices=3,
    no="/show_menu",
)
STEP = Offer(
    "step",
    (
        Button("下一步", "/next_step"),
        Button("再说一遍", "/repeat"),
        Button("上一步", "/previous_step"),
        Button("这一步不会弄", "/stuck"),
        Button("不办了", "/stop"),
    ),
    yes="/next_step",
)
RESUME = Offer(
    "resume",
    (Button("继续", "/resume_guide"), Button("不办了", "/stop")),
    yes="/resume_guide",
    no="/stop",
)


def read(offer: Offer, text: str, **message) -> str | None:
    return read_reply(offer, Message(text, **message))

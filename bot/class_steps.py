"""A class's step with its two answers, and the steps a member missed: the same on every channel
(the words: `ClassWords`). An answer's payload is `class:<class>:<step>:done|stuck`."""

from __future__ import annotations

from bot.notices import ClassWords
from bot.rasa_client import BotMessage, Button
from catalog.models import Service


def step_message(words: ClassWords, class_id: int, service: Service, step: int) -> BotMessage:
    """Step `step` of the class's service, with 我做好了 and 我卡住了."""
    text = words.step.format(
        service=service.name,
        step=step,
        total=len(service.steps),
        instruction=service.steps[step - 1].text,
    )
    answers = [
        Button(words.done, f"class:{class_id}:{step}:done"),
        Button(words.stuck, f"class:{class_id}:{step}:stuck"),
    ]
    return BotMessage(text, answers)


def missed_steps(words: ClassWords, service: Service, before: int) -> str:
    """The steps before `before`, one per line, for a member who joined late or lost them."""
    lines = [words.catch_up.format(service=service.name)]
    lines += [f"{s.position}. {s.text}" for s in service.steps[: before - 1]]
    return "\n".join(lines)

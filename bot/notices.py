"""The few texts a gateway says itself (Rasa unreachable, an error, a flood, a resident who may
want to end a talk with a worker, a resident asked to join a guided session, a class's steps and
answers): messages.yml."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from bot.rasa_client import BotMessage, Button

MESSAGES_FILE = Path(__file__).with_name("messages.yml")


@dataclass(frozen=True)
class Notices:
    """What the resident is told when the gateway cannot simply relay Rasa's answer."""

    waiting: str
    sorry: str
    throttled: str
    busy: str


def load_notices(path: Path = MESSAGES_FILE) -> Notices:
    """Read `path`; a missing or empty text is an error at start-up, not in front of a resident."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = ("waiting", "sorry", "throttled", "busy")
    texts = {name: str(data.get(name) or "").strip() for name in names}
    if missing := [name for name, text in texts.items() if not text]:
        raise ValueError(f"{path} lacks {', '.join(missing)}")
    return Notices(**texts)


@dataclass(frozen=True)
class HandoffWords:
    """What a resident is asked, on any channel, when their words during a handoff may mean they
    want to stop talking with the worker (Rasa is paused then and cannot ask)."""

    confirm_end: str
    end_yes: str
    end_no: str
    keep_talking: str


def load_handoff_words(path: Path = MESSAGES_FILE) -> HandoffWords:
    """The `handoff` texts of `path`; a missing one is an error at start-up."""
    return HandoffWords(**_section(path, "handoff", HandoffWords))


@dataclass(frozen=True)
class SessionWords:
    """What a resident is told, on any channel, when a worker asks to guide them: the consent
    question (with `{worker}`), its answers, and what follows each."""

    consent: str
    consent_yes: str
    consent_no: str
    thanks: str
    declined: str

    def question(self, session_id: int, worker: str) -> BotMessage:
        """The consent question of session `session_id`; its answers' payloads are
        `consent:<session>:yes|no`."""
        answers = [
            Button(self.consent_yes, f"consent:{session_id}:yes"),
            Button(self.consent_no, f"consent:{session_id}:no"),
        ]
        return BotMessage(self.consent.format(worker=worker), answers)


def load_session_words(path: Path = MESSAGES_FILE) -> SessionWords:
    """The `session` texts of `path`; a missing one is an error at start-up."""
    return SessionWords(**_section(path, "session", SessionWords))


@dataclass(frozen=True)
class ClassWords:
    """What a class's member is told, in the class's group or privately on any channel: each
    step (`{service}`, `{step}`, `{total}`, `{instruction}`) and its two answers, the thanks for
    each, the steps missed, the worker's nudge; a member on another channel is welcomed when they
    join and is shown to the worker by a number (`other_member`)."""

    step: str
    done: str
    stuck: str
    done_thanks: str
    stuck_thanks: str
    catch_up: str
    nudge: str
    joined: str
    other_member: str


def load_class_words(path: Path = MESSAGES_FILE) -> ClassWords:
    """The `class` texts of `path`; a missing one is an error at start-up."""
    return ClassWords(**_section(path, "class", ClassWords))


@dataclass(frozen=True)
class FamilyWords:
    """What a family member is told, on any channel, when they open a resident's code (asked
    who they are: `relations` are the buttons, comma-separated; or told the link's code is
    unknown or used), once they said it, when the resident agreed, declined or removed them,
    and when they leave; when the resident asks them for help, what about and the talk; and how
    a guide they started on the resident's phone goes."""

    ask_relation: str
    code_unknown: str
    relations: str
    other: str
    type_relation: str
    asked: str
    linked: str
    declined: str
    removed: str
    leave: str
    left: str
    # Asked for help (问家人): what the request is about, the buttons, the talk and its end.
    needs_help: str
    doing_step: str
    doing_service: str
    said: str
    will_help: str
    pass_on: str
    helping: str
    done: str
    thanks: str
    help_gone: str
    passed: str
    resident_ended: str
    to_helper: str
    to_resident: str
    resident_sent: str
    words_only: str
    # A guide the helper started on the resident's phone: the answer, then each move.
    guide_agreed: str
    guide_declined: str
    guide_step: str
    guide_stuck: str
    guide_stuck_said: str
    guide_finished: str
    guide_done: str
    guide_not_done: str
    guide_stopped: str

    def relation_buttons(self, link_id: int) -> list[Button]:
        """A button per relation, then 其他 (to type a name): `famrel:<link>:<relation>`."""
        buttons = [
            Button(relation, f"famrel:{link_id}:{relation}")
            for relation in self.relations.split(",")
        ]
        return [*buttons, Button(self.other, f"famrel:{link_id}:")]


def load_family_words(path: Path = MESSAGES_FILE) -> FamilyWords:
    """The `family` texts of `path`; a missing one is an error at start-up."""
    return FamilyWords(**_section(path, "family", FamilyWords))


def _section(path: Path, section: str, words: type) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")).get(section) or {}
    names = [field.name for field in fields(words)]
    texts = {name: str(data.get(name) or "").strip() for name in names}
    if missing := [name for name, text in texts.items() if not text]:
        raise ValueError(f"{path} lacks {section} texts {', '.join(missing)}")
    return texts

"""Read a typed message as an answer to what was just offered, before anything else.

Older residents often type what they see instead of tapping, and keyboards get lost. A typed
button title (in full, in part, or with a typo), an ordinal (第二个, 最后那个), a yes or a no in
their own words (要得, 对头, 不是) or, on a guide step, words of being stuck (找不到那个按钮) are
turned into the payload the matching button would have sent. None: read it from scratch.

Where the words alone do not settle it, the model's understanding is read in the context of the
offer: among the answers offered (its buttons, yes, no, a person), the one the model ranks
clearly best; among the services offered, likewise; on a step, anything but a clear request for
another service is trouble with that step, of the kind the model selects (`stuck/<kind>`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass

from rapidfuzz import fuzz

from actions.offers import Offer
from actions.step_trouble import failing_in, trouble_in, trouble_of
from actions.text_normalization import normalize, pinyin

STEP_KINDS = {"step"}
MIN_NLU_CONFIDENCE = 0.6
# On a step: the model's own answers to it (a move of the guide, or a person) are left to it...
GUIDE_INTENTS = {
    "next_step", "repeat", "previous_step", "stop", "ask_person", "affirm", "deny",
    "start_guide", "resume_guide", "outcome_done", "outcome_not_done",
}  # fmt: skip
# Of those, the ones that move the guide: read with confidence, no yes or no word overrides them.
GUIDE_MOVES = GUIDE_INTENTS - {"affirm", "deny"}
# ...and a message the model could not place, or placed with a service while also ranking
# "stuck" this high, is trouble with the step.
UNPLACED_INTENTS = {"nlu_fallback", "stuck", "broad_need", "out_of_scope"}
MIN_STUCK_RANK = 0.1
MIN_SERVICE_RANK = 0.3  # the model's score for an offered service to pick it
MIN_ANSWER_RANK = 0.2  # ...for an offered answer (a button's intent, yes, no, a person)...
ANSWER_MARGIN = 2.0  # ...which it must rank this many times above the next offered answer
MAX_SOUND_ALIKE = 4  # a yes or no this short is read by its sound too
MIN_TITLE_RATIO = 75.0  # one character in four may be a typo (问别得事)
MIN_PART_RATIO = 80.0  # ...and one in five of a title's part (医保电子凭正)

_FILLERS = re.compile(r"^(?:嗯|呃|哦|噢|唉|哎|那个|我说|喂)+(?=.)")
_PARTICLES = re.compile(r"(?:嘛|呢|哦|噻|啊|呀|吧|哈|啦|喃|嗦|哇|撒|咯|哟|的|了|嗯|喽|嘞|噢)+$")
_POINTERS = re.compile(r"(?:那个|这个|那一个|这一个|那项|这项|那一项|那条|这条)")
_WANT = re.compile(r"^(?:我要|我选|我想要|我想|想|要|选|就要|就选|就|(?:应该|可能|大概)?是)")
_MEASURE_WORDS = "个项条号种"  # 第二个, 第三项 …
_ORDINAL = re.compile(rf"^第?([一二两三四五六七八九1-9])[{_MEASURE_WORDS}]?$")
_ORDINAL_AMONG = re.compile(r"第([一二两三四五六七八九1-9])(?:个|项|条|种)")
_LAST = re.compile(r"^(?:最后|最下面|最底下|最末)(?:一|的)?(?:个|项|条)?$")
_FIRST = re.compile(r"(?:最上面|最上头|最前面|头一)(?:一|的)?(?:个|项|条)?")
_MEASURE_SOUNDS = {pinyin(word)[0]: word for word in _MEASURE_WORDS}  # ge → 个, …
_MIDDLE = re.compile(r"^(?:中间|当中)(?:那|的)?(?:一)?(?:个|项|条)?$")
_PERSON = re.compile(
    r"找个人|找人|喊个人|叫个人|人工|工作人员|真人|活人|社区的人|有没(?:得|有)人|当面帮|人来帮"
)
# "你理解错了", "弄错喽", "我要问的是另一件事": the offer was not what the resident meant.
_NOT_THIS = re.compile(r"(?:理解|听|搞|弄|整)错|不是这个|另(?:外)?一(?:件|个)事|问的是别的")
_STOPPING = re.compile(
    r"不(?:想)?(?:弄|搞|整|办|做|学)了|先不(?:弄|搞|整|办)|今天不(?:弄|搞|整|办)"
)
# Answers to "办成了吗？" and to "要继续吗？" in residents' words.
_NOT_DONE = re.compile(
    r"(?:没|莫得|没得)有?(?:办|弄|整|搞|半)?(?:成|好)|不成|没通过|失败|还没|还莫得|没过|不行"
)
_DONE = re.compile(r"办好|弄好|整好|搞好|办成|半成|成功|办妥|妥了|好了")
_GO_ON = re.compile(r"接着|接到|继续|往下")
# "不用继续了", "今天不接着弄": going on, denied ("要不要继续" asks back, it denies nothing).
_NOT_GO_ON = re.compile(r"(?<!要)(?:不|别|莫|不用|不要|不想|不必)再?(?:接着|接到|继续|往下)")
_SERVICE_PAYLOAD = re.compile(r'^/choose_service\{"service":"([a-z0-9-]+)"\}$')
_PAYLOAD_INTENT = re.compile(r"^/([a-z_]+)")
_CLAUSE = re.compile(r"[，,。.！!？?、；;～~\s]+")
_NUMBERS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

YES_WORDS = {
    "是", "是的", "是滴", "对", "对的", "对头", "对头的", "对了", "要得", "要的", "好", "好的",
    "好嘛", "好滴", "好呀", "嗯", "嗯嗯", "可以", "可以的", "行", "行的", "要", "中", "没问题",
    "就是", "就是这个", "就是它", "是这个", "没错", "对对", "对对对", "ok", "好好", "来", "来嘛",
    "教我", "你教我", "教一下我", "教下我", "教教我", "开始", "开始吧", "继续",
    "接着来", "好的教我", "说嘛", "讲嘛", "说吧", "讲吧", "你说嘛", "你讲嘛", "你说吧", "你讲吧",
    "办这个", "就办这个", "就这个", "就它", "那就这个", "就这样", "照这个办", "可以嘛",
    "听你的", "行嘛", "中嘛", "要得要得", "正是", "正是这个",
}  # fmt: skip
NO_WORDS = {
    "不", "不是", "不是的", "不对", "都不是", "也不是", "不是这个", "不要", "没有", "没得", "莫得",
    "不用", "不用了", "不需要", "算了", "算了嘛", "错了", "不对不对", "不是不是", "不得行", "不行",
    "都不对", "都不要", "不消", "用不着", "不是那个", "不办", "不想办", "没得这个", "弄错", "搞错",
    "错喽", "一个都不对", "一个都不是", "一个也不是", "一样都不是", "哪个都不是", "都不对头",
}  # fmt: skip
# The one sound of each character in a yes or no word (不 bu, 是 shi, 对 dui, …), for typos
# that sound the same (布是, 对投): a syllable shared by two such characters is left alone.
_NOT_SOUND = pinyin("不是")  # a message that begins by sounding like 不是 is a no
_YES_NO_CHARS = {char for word in YES_WORDS | NO_WORDS for char in word}
_YES_NO_SOUNDS = {
    sound: chars.pop()
    for sound, chars in (
        (sound, {c for c in _YES_NO_CHARS if pinyin(c) == [sound]})
        for sound in {pinyin(c)[0] for c in _YES_NO_CHARS}
    )
    if len(chars) == 1
}


@dataclass(frozen=True)
class Message:
    """A resident's typed message as the reader needs it."""

    text: str
    intent: str | None = None  # what the model thought, for yes/no it did not phrase as we list
    confidence: float = 0.0
    names_a_service: bool = False  # a catalog name or alias appears in it
    ranking: tuple[tuple[str, float], ...] = ()  # the model's intents, best first
    guided_service: str | None = None  # the slug of the guide in progress, if any
    catalog: tuple[tuple[str, float], ...] = ()  # services the catalog's words find in it
    current_service: str | None = None  # the service the conversation is about
    trouble: tuple[str, float] | None = None  # the kind of trouble the model selects, if sure

    def asks_another_service(self) -> bool:
        """The model reads a service other than the one being talked about or guided."""
        asked = _slug(self.intent or "")
        return bool(asked) and asked not in (self.current_service, self.guided_service)

    def sure_of(self, intents: Collection[str]) -> bool:
        """The model reads one of `intents`, and is sure of it."""
        return self.intent in intents and self.confidence >= MIN_NLU_CONFIDENCE

    def rank_of(self, intent: str) -> float:
        """The model's confidence in `intent` (0 when it is not ranked)."""
        return next((score for name, score in self.ranking if name == intent), 0.0)


def read_reply(offer: Offer, message: Message) -> str | None:
    """The payload `message` stands for as an answer to `offer`, or None."""
    core = _core(message.text)
    if not core:
        return None
    titles = [_core(button.title) for button in offer.buttons]
    if core in titles:
        return offer.buttons[titles.index(core)].payload
    sounds = [pinyin(title) for title in titles]
    if sounds.count(pinyin(core)) == 1:  # 不般了 sounds like 不办了
        return offer.buttons[sounds.index(pinyin(core))].payload
    if _PERSON.search(core) or message.sure_of({"ask_person"}):
        return next((b.payload for b in offer.buttons if b.payload.startswith("/ask_person")), None)
    if _STOPPING.search(normalize(message.text)) and (
        offer.kind == "service" or any(b.payload == "/stop" for b in offer.buttons)
    ):
        return "/stop"  # "现在先不办": not now, whether or not a 不办了 button is shown
    if offer.kind == "outcome" and (_NOT_DONE.search(core) or _DONE.search(core)):
        return offer.no if _NOT_DONE.search(core) else offer.yes
    if offer.kind == "resume" and _GO_ON.search(core):
        return offer.no if _NOT_GO_ON.search(core) else offer.yes
    if offer.kind in STEP_KINDS:
        if (on_step := _read_on_step(message, offer)) is not None:
            return on_step
        if message.sure_of(GUIDE_MOVES):
            return None  # "不对，我要回到前一步": the model's move stands, not its first word
    picked = _position(core, message.text, offer.choices)
    if picked is not None:
        return offer.buttons[picked].payload
    answer = _yes_or_no(core, message)
    if answer is False and offer.no is None and any(b.payload == "/stop" for b in offer.buttons):
        return "/stop"  # 不要了 on a step: no more of this guide
    if answer is not None:
        return offer.yes if answer else offer.no
    return (
        _part_of_title(core, titles, offer)
        or _offered_service(message, offer)
        or _ranked_answer(message, offer)
    )


def _read_on_step(message: Message, offer: Offer) -> str | None:
    """On a guide step: help with the step, or the move of the guide the model ranks best among
    those offered ("好啦下一布", "今天先到这里"), or None when the message asks something else.

    Words that say the step went wrong hold whatever else the message names ("字太小看不到在哪",
    "刷脸刷不过"); so does naming the very service being guided. A different service counts as a
    new request only when the model does not also see trouble in the message.
    """
    trouble = trouble_of(message.text, message.trouble)
    if failing_in(message.text):
        return stuck_payload(trouble)
    intent = message.intent or ""
    if message.sure_of(GUIDE_INTENTS):
        return None
    answer = _ranked_answer(message, offer)
    if answer is not None and _PAYLOAD_INTENT.match(answer).group(1) != "stuck":
        return answer
    asked = _slug(intent) or None
    if not asked and not message.names_a_service:
        unplaced = answer is not None or intent in UNPLACED_INTENTS
        return stuck_payload(trouble) if unplaced or trouble_in(message.text) else None
    if message.guided_service and asked == message.guided_service:
        return stuck_payload(trouble)
    if message.rank_of("stuck") >= MIN_STUCK_RANK:
        return stuck_payload(trouble)
    return None


def _ranked_answer(message: Message, offer: Offer) -> str | None:
    """The payload of the offered answer the model ranks clearly above the other offered ones:
    a button's intent, a yes or a no, or a person; naming the service on offer is a yes."""
    intents = [_PAYLOAD_INTENT.match(button.payload) for button in offer.buttons]
    named = [found.group(1) if found else "" for found in intents]
    answers = {  # an intent on one button only: several (menu categories) are told by title
        intent: button.payload
        for intent, button in zip(named, offer.buttons, strict=True)
        if intent and named.count(intent) == 1
    }
    if offer.yes:
        answers.setdefault("affirm", offer.yes)
        if message.current_service and offer.kind not in STEP_KINDS:
            answers.setdefault(_intent_of(message.current_service), offer.yes)
    if offer.no:
        answers.setdefault("deny", offer.no)
    answers.setdefault("ask_person", "/ask_person")
    scores = sorted(((message.rank_of(intent), intent) for intent in answers), reverse=True)
    best, runner_up = scores[0][0], (scores[1][0] if len(scores) > 1 else 0.0)
    if best < MIN_ANSWER_RANK or best < ANSWER_MARGIN * runner_up:
        return None
    return answers[scores[0][1]]


def _intent_of(slug: str) -> str:
    """The `service_<slug>` intent of a service."""
    return "service_" + slug.replace("-", "_")


def _slug(intent: str) -> str:
    """The service slug of a `service_<slug>` intent ("" for other intents)."""
    return (
        intent.removeprefix("service_").replace("_", "-") if intent.startswith("service_") else ""
    )


def _offered_service(message: Message, offer: Offer) -> str | None:
    """The payload of the offered service the model ranks clearly above the other offered ones."""
    offered = {
        found.group(1): button.payload
        for button in offer.buttons
        if (found := _SERVICE_PAYLOAD.match(button.payload))
    }
    found = dict(message.catalog)
    scores = sorted(
        ((max(message.rank_of(_intent_of(slug)), found.get(slug, 0.0)), slug) for slug in offered),
        reverse=True,
    )
    if not scores or scores[0][0] < MIN_SERVICE_RANK:
        return None
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    return offered[scores[0][1]] if scores[0][0] >= 2 * runner_up else None


def stuck_payload(trouble: str) -> str:
    return "/stuck" + json.dumps({"trouble": trouble}, separators=(",", ":"))


def _core(text: str) -> str:
    """The words that matter: normalized, without fillers in front or particles behind."""
    words = normalize(text)
    words = _FILLERS.sub("", words)
    stripped = _PARTICLES.sub("", words)
    return stripped or words


def _position(core: str, text: str, choices: int) -> int | None:
    """The choice the message points at by its position: in its whole words (`core`), else in
    the one clause of `text` that is nothing but a position ("中间那个嘛，交钱的")."""
    whole = _ordinal(core, choices)
    if whole is not None:
        return whole
    picked = {
        index
        for clause in _CLAUSE.split(text)
        if (index := _ordinal(_core(clause), choices)) is not None
    }
    return picked.pop() if len(picked) == 1 else None


def _ordinal(core: str, choices: int) -> int | None:
    if not choices:
        return None
    words = _POINTERS.sub("", _WANT.sub("", core)) or core
    words = _ordinal_by_sound(words)
    if _LAST.match(words):
        return choices - 1
    if _FIRST.search(words):
        return 0
    if _MIDDLE.match(words) and choices == 3:
        return 1
    found = _ORDINAL.match(words)
    if not found:  # "就是那个第二个缴费的": one ordinal among other words
        among = _ORDINAL_AMONG.findall(words)
        if len(among) != 1:
            return None
        found = _ORDINAL_AMONG.search(words)
    number = _NUMBERS.get(found.group(1)) or int(found.group(1))
    return number - 1 if number <= choices else None


def _ordinal_by_sound(words: str) -> str:
    """地二个, 弟三个, 第二各: 第 and the measure word after the number typed by their sound."""
    if len(words) > 1 and words[0] != "第" and pinyin(words[0]) == ["di"] and words[1] in _NUMBERS:
        words = "第" + words[1:]
    if len(words) > 2 and words[0] == "第" and words[1] in _NUMBERS:
        measure = _MEASURE_SOUNDS.get(pinyin(words[2])[0], words[2])
        words = words[:2] + measure + words[3:]
    return words


def _yes_or_no(core: str, message: Message) -> bool | None:
    said = {core, _FILLERS.sub("", normalize(message.text))}  # with and without the particles
    said |= {_by_sound(words) for words in said if len(words) <= MAX_SOUND_ALIKE}  # 布是: 不是
    if any(_made_of(words, YES_WORDS) for words in said):
        return True
    if any(_made_of(words, NO_WORDS) for words in said):
        return False
    if _NOT_THIS.search(core) or pinyin(core[:2]) == _NOT_SOUND:  # 不使这个, 部是医保码
        return False
    if message.sure_of({"affirm", "deny"}):
        return message.intent == "affirm"
    # "不要了，我已经交过了" / "好，你说" / "好的那你就一步一步跟我说嘛": a clear yes or no,
    # then more words (unless those words are a new request).
    first = _core(_CLAUSE.split(message.text.strip(), maxsplit=1)[0])
    if any(core.startswith(word) for word in NO_WORDS if len(word) >= 2) or (
        first != core and _made_of(first, NO_WORDS)
    ):
        return False
    new_request = message.names_a_service or message.asks_another_service()
    if new_request:
        return None
    if any(core.startswith(w) for w in YES_WORDS if len(w) >= 2) or (
        first != core and _made_of(first, YES_WORDS)
    ):
        return True
    return None


def _by_sound(words: str) -> str:
    """`words` with each character that sounds like one of a yes or no word replaced by it."""
    return "".join(_YES_NO_SOUNDS.get(pinyin(char)[0], char) for char in words)


def _made_of(core: str, vocabulary: set[str]) -> bool:
    """Whether `core` is nothing but words of `vocabulary` (要得嘛你教我 → 要得 + 你教我)."""
    reachable = [True] + [False] * len(core)
    for end in range(1, len(core) + 1):
        reachable[end] = any(
            reachable[start]
            and (core[start:end] in vocabulary or _PARTICLES.sub("", core[start:end]) in vocabulary)
            for start in range(max(0, end - 6), end)
        )
    return reachable[-1]


def _part_of_title(core: str, titles: list[str], offer: Offer) -> str | None:
    """The one button whose title contains the words, or is close to them (typos)."""
    words = _POINTERS.sub("", _WANT.sub("", core)) or core
    if not words:
        return None
    sound = "".join(pinyin(words))
    hits = {
        index
        for index, title in enumerate(titles)
        if words in title
        or (title in words and len(title) >= 2)
        or (len(words) >= 3 and fuzz.ratio(words, title) >= MIN_TITLE_RATIO)
        or (len(words) >= 4 and fuzz.partial_ratio(words, title) >= MIN_PART_RATIO)
        or (len(words) >= 3 and sound in "".join(pinyin(title)))  # 医保吗 in 医保码
    }
    return offer.buttons[hits.pop()].payload if len(hits) == 1 else None

"""The report as one PNG: the most asked services and where residents drop out of the most used
guide. Chinese labels need a CJK font (Debian's fonts-noto-cjk); without one the chart would show
empty boxes, so it is refused instead."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: files only

from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.ft2font import FT2Font

from insights.figures import Report

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
TOP = 8
BLUE, RED = "#3b7dd8", "#d8483b"


class NoChineseFont(RuntimeError):
    """No font with Chinese glyphs is installed."""


@cache
def chinese_font() -> Path:
    """The file of an installed font with Chinese glyphs."""
    for family in CJK_FAMILIES:
        for font in font_manager.fontManager.ttflist:
            if font.name == family and "Regular" in Path(font.fname).name:
                return Path(font.fname)
    raise NoChineseFont("no Chinese font: install Debian's fonts-noto-cjk (apt-get install)")


def missing_glyphs(text: str, font: Path) -> set[str]:
    """The characters of `text` that `font` cannot draw."""
    charmap = FT2Font(str(font)).get_charmap()
    return {char for char in text if not char.isspace() and ord(char) not in charmap}


def labels(report: Report) -> list[str]:
    """Every text the chart shows."""
    slug = busiest_guide(report)
    texts = [title(report), ASKED_TITLE, COUNT_LABEL]
    texts += [] if report.asked else [NOTHING_YET]
    texts += [asked.name for asked in report.asked[:TOP]]
    if slug:
        name = report.name_of(slug)
        texts += [DROP_TITLE.format(service=name), REACHED_LABEL, STUCK_LABEL, STEP_LABEL]
    return texts


def render(report: Report) -> bytes:
    """The chart as PNG bytes."""
    font = chinese_font()
    font_manager.fontManager.addfont(str(font))
    family = font_manager.FontProperties(fname=str(font)).get_name()
    with plt.rc_context({"font.family": family, "axes.unicode_minus": False}):
        figure, (asked_axis, drop_axis) = plt.subplots(1, 2, figsize=(12, 5), dpi=110)
        figure.suptitle(title(report), fontsize=15)
        _draw_asked(asked_axis, report)
        _draw_drop_off(drop_axis, report)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        plt.close(figure)
    return buffer.getvalue()


def _draw_asked(axis, report: Report) -> None:
    if not report.asked:
        axis.axis("off")
        axis.text(0.5, 0.5, NOTHING_YET, ha="center", va="center", fontsize=14)
        return
    asked = list(reversed(report.asked[:TOP]))
    axis.barh([a.name for a in asked], [a.count for a in asked], color=BLUE)
    axis.set_title(ASKED_TITLE)
    axis.set_xlabel(COUNT_LABEL)


def _draw_drop_off(axis, report: Report) -> None:
    slug = busiest_guide(report)
    if slug is None:
        axis.axis("off")
        return
    steps = report.drop_off[slug]
    positions = [s.step for s in steps]
    axis.bar(positions, [s.reached for s in steps], color=BLUE, label=REACHED_LABEL)
    axis.plot(positions, [s.stuck for s in steps], "o-", color=RED, label=STUCK_LABEL)
    axis.set_title(DROP_TITLE.format(service=report.name_of(slug)))
    axis.set_xlabel(STEP_LABEL)
    axis.set_xticks(positions)
    axis.legend()


def title(report: Report) -> str:
    """The chart's title: the period, and the community when the report is about one."""
    period = TITLE.format(since=report.since, until=report.until)
    return f"{report.community} · {period}" if report.community else period


def busiest_guide(report: Report) -> str | None:
    """The guide most residents started in the period."""
    started = [c for c in report.completion if c.slug in report.drop_off and c.started]
    return started[0].slug if started else None


TITLE = "居民需求反馈（{since:%m月%d日}到{until:%m月%d日}）"
ASKED_TITLE = "问得最多的事"
COUNT_LABEL = "次数"
DROP_TITLE = "「{service}」每一步的人数"
REACHED_LABEL = "走到这一步的人数"
STUCK_LABEL = "卡住的次数"
STEP_LABEL = "第几步"
NOTHING_YET = "这段时间还没有记录"

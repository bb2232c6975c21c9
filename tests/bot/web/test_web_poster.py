"""A community's poster: an A4 page at 150 dpi, written as PNG and PDF, with the QR code of the
community's web link, and its words Chinese only."""

from __future__ import annotations

import re
from pathlib import Path

import segno
from PIL import Image

from bot.web.poster import A4, _qr, draw, load_poster_words, write

LINK = "https://chat.example.cn/?c=ab12cd"


def test_the_poster_is_an_a4_page_written_as_png_and_pdf(tmp_path: Path) -> None:
    png, pdf = write(draw("玉林社区", LINK, load_poster_words()), tmp_path, "ab12cd")
    assert Image.open(png).size == A4
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_qr_code_holds_the_communitys_link() -> None:
    code = _qr(LINK, 700).convert("L")
    expected = segno.make(LINK, error="m")
    scale = code.width // expected.symbol_size(border=2)[0]
    drawn = [
        [
            code.getpixel(((col + 2) * scale + scale // 2, (row + 2) * scale + scale // 2)) < 128
            for col in range(len(line))
        ]
        for row, line in enumerate(expected.matrix)
    ]
    assert drawn == [[bool(module) for module in line] for line in expected.matrix]


def test_the_posters_words_are_three_steps_with_no_latin_letters() -> None:
    words = load_poster_words()
    assert len(words.steps) == 3
    for text in [words.title, words.scan, *words.steps]:
        assert not re.search(r"[A-Za-z]", text), text

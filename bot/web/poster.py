"""A community's printable A4 poster: its name, the web chat's QR code for it (segno) and three
big lines on how to start, drawn with a Chinese font (Debian's fonts-noto-cjk) and written as
PNG and PDF (Pillow)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import segno
import yaml
from PIL import Image, ImageDraw, ImageFont

from bot.web.texts import TEXTS_FILE

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
FONT_INDEX = 2  # Noto Sans CJK SC in Debian's collection
DPI = 150
A4 = (1240, 1754)  # pixels at 150 dpi
MARGIN = 90
INK, PAPER = (0, 0, 0), (255, 255, 255)


@dataclass(frozen=True)
class PosterWords:
    title: str
    scan: str
    steps: list[str]


def load_poster_words(path: Path = TEXTS_FILE) -> PosterWords:
    """The `poster` texts of the web chat's texts file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["poster"]
    return PosterWords(str(data["title"]), str(data["scan"]), [str(s) for s in data["steps"]])


def draw(community: str, link: str, words: PosterWords) -> Image.Image:
    """The poster for `community`, whose residents open `link`."""
    page = Image.new("RGB", A4, PAPER)
    pen = ImageDraw.Draw(page)
    y = MARGIN
    y = _centred(pen, community, _font(100), y) + 20
    y = _centred(pen, words.title, _font(72), y) + 40
    code = _qr(link, A4[0] - 2 * 260)
    page.paste(code, ((A4[0] - code.width) // 2, y))
    y += code.height + 30
    y = _centred(pen, words.scan, _font(64), y) + 40
    for step in words.steps:
        y = _wrapped(pen, step, _font(54), y) + 24
    return page


def write(image: Image.Image, out_dir: Path, code: str) -> tuple[Path, Path]:
    """The poster as `poster-<code>.png` and `.pdf` in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    png, pdf = out_dir / f"poster-{code}.png", out_dir / f"poster-{code}.pdf"
    image.save(png, dpi=(DPI, DPI))
    image.save(pdf, resolution=DPI)
    return png, pdf


def _qr(link: str, size: int) -> Image.Image:
    qr = segno.make(link, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=max(1, size // qr.symbol_size(border=2)[0]), border=2)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size, index=FONT_INDEX)


def _centred(pen: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, y: int) -> int:
    left, _, right, bottom = pen.textbbox((0, 0), text, font=font)
    pen.text(((A4[0] - (right - left)) // 2, y), text, font=font, fill=INK)
    return y + bottom


def _wrapped(pen: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, y: int) -> int:
    """`text` from the left margin, broken between characters to fit the page's width."""
    width, line = A4[0] - 2 * MARGIN, ""
    for char in text:
        if line and pen.textlength(line + char, font=font) > width:
            y = _left(pen, line, font, y)
            line = ""
        line += char
    return _left(pen, line, font, y) if line else y


def _left(pen: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, y: int) -> int:
    pen.text((MARGIN, y), text, font=font, fill=INK)
    return y + int(font.size * 1.4)

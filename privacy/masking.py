"""Replace personal numbers in free text before it is logged or stored."""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any

_SEP = r"[ \-]?"
# Mainland resident ID: 17 digits and a check digit or X; written with optional spaces.
_ID_NUMBER = re.compile(r"(?<!\d)(\d{2})(?:\d" + _SEP + r"){15}([\dXx])(?![\dXx])")
# Mainland mobile: 1[3-9] and 9 more digits, optionally grouped 3-4-4 or prefixed +86.
_MOBILE = re.compile(
    r"(?<!\d)((?:\+?86" + _SEP + r")?1[3-9]\d)" + _SEP + r"\d{4}" + _SEP + r"(\d{4})(?!\d)"
)
# Bank card: 16 to 19 digits.
_BANK_CARD = re.compile(r"(?<!\d)\d{12,15}(\d{4})(?!\d)")
# House numbers in addresses: 8栋3单元502室, 幸福路12号, 3号院. A bare N号 is masked only after a
# street word, so dates (每个月15号) and metro lines (3号线) keep their numbers.
_HOUSE_NUMBER = re.compile(
    r"\d+(?=\s*(?:号院|号楼|栋|幢|单元|楼|室|组))|(?<=[路街巷道村弄段])\s*\d+(?=\s*号(?!线))"
)


def mask_personal_data(text: str) -> str:
    """`text` with ID, phone and bank card numbers and house numbers masked."""
    text = _ID_NUMBER.sub(lambda m: f"{m.group(1)}{'*' * 14}{m.group(2)}", text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    text = _BANK_CARD.sub(lambda m: f"{'*' * 12}{m.group(1)}", text)
    return _HOUSE_NUMBER.sub(lambda m: re.sub(r"\d", "*", m.group(0)), text)


def contains_personal_number(text: str) -> bool:
    """Whether `text` holds an ID, mobile phone or bank card number."""
    return any(p.search(text) for p in (_ID_NUMBER, _MOBILE, _BANK_CARD))


def mask_in(value: Any) -> Any:
    """A copy of a JSON-like value with every string masked."""
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, dict):
        return {key: mask_in(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_in(item) for item in value]
    return value


def install_log_masking() -> None:
    """Mask personal data in every log record this process creates, whatever its handlers."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "masks_personal_data", False):
        return

    def masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        # A malformed record (arguments not matching its format) is left for logging to report.
        with contextlib.suppress(TypeError, ValueError):
            record.msg, record.args = mask_personal_data(record.getMessage()), None
        return record

    masked_record.masks_personal_data = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked_record)

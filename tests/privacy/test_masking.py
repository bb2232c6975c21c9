"""Residents' personal numbers never reach logs or stored conversations."""

from __future__ import annotations

import logging

import pytest

from privacy.masking import install_log_masking, mask_in, mask_personal_data


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我的身份证号是51010419500101123X", "51010419500101123X"),
        ("身份证 510104 19500101 1234", "19500101"),
        ("我电话13812345678", "13812345678"),
        ("打 138-1234-5678 找我", "1234"),
        ("银行卡6222021234567890123", "622202123456789"),
        ("住在幸福路8栋3单元502室", "502"),
        ("家在人民南路12号", "12"),
        ("小区3号院", "3号院"),
    ],
)
def test_personal_numbers_are_masked(text: str, secret: str) -> None:
    assert secret not in mask_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "打12345问问",
        "今年80岁了",
        "12333",
        "第2步（共5步）",
        "95598",
        "坐3号线到天府广场",
        "每个月15号发养老金",
    ],
)
def test_ordinary_numbers_are_kept(text: str) -> None:
    assert mask_personal_data(text) == text


def test_nested_event_data_is_masked() -> None:
    event = {"text": "电话13812345678", "parse_data": {"entities": [{"value": "13812345678"}]}}
    assert "13812345678" not in str(mask_in(event))


def test_log_records_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    install_log_masking()
    install_log_masking()  # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("resident said %s", "我电话13812345678")
    assert "13812345678" not in caplog.text
    assert "138****5678" in caplog.text

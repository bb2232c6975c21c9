"""The admin's settings: loopback only unless said otherwise, Secure cookies off loopback, and
Rasa's token from RASA_TOKEN or kept for the local servers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from admin import settings as admin_settings
from admin.settings import AdminSettings
from lifecycle.rasa_token import TOKEN_FILE


@pytest.fixture(autouse=True)
def no_admin_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in os.environ:
        if name.startswith("ADMIN_") or name in ("RASA_URL", "RASA_TOKEN"):
            monkeypatch.delenv(name)
    monkeypatch.setattr(admin_settings, "DATA_DIR", tmp_path)


def test_the_defaults_listen_on_loopback_without_secure_cookies() -> None:
    settings = AdminSettings()
    assert (settings.host, settings.port, settings.secure_cookies) == ("127.0.0.1", 8000, False)
    assert len(settings.secret_key) >= 32 and AdminSettings().secret_key != settings.secret_key


@pytest.mark.parametrize("host", ["localhost", "127.0.0.2", "::1"])
def test_loopback_addresses_need_no_permission(host: str) -> None:
    assert AdminSettings(host=host).is_loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "admin.example.org"])
def test_a_public_interface_is_refused_unless_allowed(host: str) -> None:
    with pytest.raises(ValidationError, match="ADMIN_ALLOW_PUBLIC"):
        AdminSettings(host=host)
    allowed = AdminSettings(host=host, allow_public=True)
    assert allowed.secure_cookies


def test_the_environment_is_read_and_https_only_overrides_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADMIN_HOST", "0.0.0.0")
    monkeypatch.setenv("ADMIN_ALLOW_PUBLIC", "true")
    monkeypatch.setenv("ADMIN_HTTPS_ONLY", "false")
    monkeypatch.setenv("RASA_URL", "http://rasa:5005")
    settings = AdminSettings()
    assert (settings.host, settings.secure_cookies, settings.rasa_url) == (
        "0.0.0.0",
        False,
        "http://rasa:5005",
    )
    assert AdminSettings(https_only=True).secure_cookies


@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_bad_port_is_refused(monkeypatch: pytest.MonkeyPatch, port: str) -> None:
    monkeypatch.setenv("ADMIN_PORT", port)
    with pytest.raises(ValidationError, match="port"):
        AdminSettings()


def test_a_short_secret_key_is_refused() -> None:
    with pytest.raises(ValidationError, match="secret_key"):
        AdminSettings(secret_key="too short")


def test_rasas_token_comes_from_rasa_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_TOKEN", "from-the-secrets")
    assert AdminSettings().rasa_token == "from-the-secrets"
    monkeypatch.setenv("RASA_TOKEN", "")
    with pytest.raises(ValidationError, match="RASA_TOKEN"):
        AdminSettings()


def test_without_rasa_token_the_admin_uses_the_token_kept_for_local_servers(
    tmp_path: Path,
) -> None:
    (tmp_path / TOKEN_FILE).write_text("kept-by-make-serve\n")
    assert AdminSettings().rasa_token == "kept-by-make-serve"

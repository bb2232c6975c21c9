"""sqladmin in Simplified Chinese: its own words (列表, 搜索, 保存, …) from our translation."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from sqladmin import i18n

LOCALE = "zh"
CATALOG = Path(__file__).parent / "translations" / "sqladmin.zh.po"


def chinese_interface() -> i18n.I18nConfig:
    """Register the Chinese catalogue with sqladmin and the configuration that always uses it."""
    if LOCALE not in i18n.translations:
        with CATALOG.open("rb") as source:
            compiled = io.BytesIO()
            write_mo(compiled, read_po(source, locale=LOCALE))
        compiled.seek(0)
        i18n.translations[LOCALE] = Translations(compiled, domain="admin")
    return i18n.I18nConfig(
        default_locale=LOCALE, language_cookie_name=None, language_header_name=None
    )

"""The jieba dictionary keeps catalog names and aliases whole."""

from __future__ import annotations

from pathlib import Path

import jieba

from catalog.content_loader import read_content
from catalog.documents import content_documents
from catalog.jieba_dictionary import dictionary_text, dictionary_words, write_if_changed


def test_every_name_and_alias_is_a_dictionary_word() -> None:
    content = read_content()
    words = dictionary_words(content_documents(content))
    for service in content.services:
        assert service.name in words
        assert set(service.aliases) <= set(words)


def test_jieba_keeps_a_service_name_whole(tmp_path: Path) -> None:
    path = tmp_path / "userdict.txt"
    write_if_changed(path, dictionary_text(dictionary_words(content_documents(read_content()))))
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    assert "养老金资格认证" in tokenizer.lcut("我想办养老金资格认证")


def test_unchanged_dictionary_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "userdict.txt"
    assert write_if_changed(path, "养老认证 2000 n\n")
    assert not write_if_changed(path, "养老认证 2000 n\n")

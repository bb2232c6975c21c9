"""The jieba user dictionary built from catalog names and aliases.

Rasa's JiebaTokenizer reads every file in its `dictionary_path` folder at training time and packs
them into the model; the action server loads the same file so both segment residents' words alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from catalog.documents import CatalogDocuments

# High enough that jieba keeps a service name or alias in one piece.
WORD_FREQUENCY = 2000


def dictionary_words(catalog: CatalogDocuments) -> list[str]:
    """Names and aliases of every service, each once, in a stable order (from `content/` or
    from the database, both read as documents)."""
    services = catalog.services.values()
    words = (word for service in services for word in [service["name"], *service["aliases"]])
    return sorted(dict.fromkeys(word for word in words if " " not in word))


def dictionary_text(words: Iterable[str]) -> str:
    """The dictionary file's text: one `word frequency tag` line per word."""
    return "".join(f"{word} {WORD_FREQUENCY} n\n" for word in words)


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` unless the file already holds it, so `make` sees no change; True if written."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True

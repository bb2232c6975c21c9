"""Content tools: `python -m catalog build|check|dictionary`.

build       migrate the database and import `content/` into it (one transaction)
check       validate `content/` only, and list every problem with file and line
dictionary  write the jieba user dictionary from catalog names and aliases
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from catalog.content_loader import CONTENT_DIR, ContentError, import_content, read_content
from catalog.database import make_engine, make_session_factory
from catalog.jieba_dictionary import dictionary_text, dictionary_words, write_if_changed
from catalog.schema_migration import upgrade_to_head


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m catalog",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["build", "check", "dictionary"])
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help="content folder")
    parser.add_argument("--output", type=Path, help="dictionary file to write")
    args = parser.parse_args(argv)
    try:
        content = read_content(args.content)
    except ContentError as error:
        print(
            f"Content has {len(error.problems)} problem(s); nothing was imported:", file=sys.stderr
        )
        print(error, file=sys.stderr)
        return 1
    if args.command == "build":
        engine = make_engine()
        upgrade_to_head(engine)
        import_content(content, make_session_factory(engine))
        print(
            f"Catalog built: {len(content.services)} services, "
            f"{sum(len(s.faqs) for s in content.services) + len(content.general_faqs)} FAQs."
        )
    elif args.command == "dictionary":
        if args.output is None:
            parser.error("dictionary needs --output FILE")
        changed = write_if_changed(args.output, dictionary_text(dictionary_words(content)))
        print(f"jieba dictionary {'written' if changed else 'unchanged'}: {args.output}")
    else:
        print(f"Content is valid: {len(content.services)} services.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Content tools: `python -m catalog build|check|dictionary|export|diff`.

build       migrate the database and import `content/` into it (one transaction); refused when
            editors changed the catalog in the admin and `content/` differs (`--force` overwrites)
check       validate `content/` only, and list every problem with file and line
dictionary  write the jieba user dictionary from catalog names and aliases
export      write the database's catalog to `content/`, keeping editors' changes from the admin
diff        show how `content/` differs from the database's catalog (exit 1 when it does)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from catalog.content_loader import CONTENT_DIR, Content, ContentError, import_content, read_content
from catalog.database import make_engine, make_session_factory
from catalog.documents import content_documents, mark_content_caught_up, read_catalog
from catalog.jieba_dictionary import dictionary_text, dictionary_words, write_if_changed
from catalog.queries import catalog_version
from catalog.schema_migration import upgrade_to_head
from catalog.yaml_export import content_diff, editor_changes, planned_changes, write_content

NO_CATALOG = "The database has no catalog yet: run `python -m catalog build` first."
REFUSAL = """
The catalog in the database was last changed by editors in the admin, and {content} differs
from it (above: what export would change). Either
  keep the editors' changes:    python -m catalog export{option}   (then review and commit)
  or overwrite them:            python -m catalog build --force{option}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m catalog",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["build", "check", "dictionary", "export", "diff"])
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help="content folder")
    parser.add_argument("--output", type=Path, help="dictionary file to write")
    parser.add_argument("--force", action="store_true", help="build: overwrite editors' changes")
    args = parser.parse_args(argv)
    if args.command == "dictionary" and args.output is None:
        parser.error("dictionary needs --output FILE")
    if args.command in ("export", "diff"):
        return (_export if args.command == "export" else _diff)(_sessions(), args.content)
    content = _read(args.content)
    if content is None:
        return 1
    if args.command == "build":
        return _build(content, args.content, force=args.force)
    if args.command == "dictionary":
        changed = write_if_changed(
            args.output, dictionary_text(dictionary_words(content_documents(content)))
        )
        print(f"jieba dictionary {'written' if changed else 'unchanged'}: {args.output}")
    else:
        print(f"Content is valid: {len(content.services)} services.")
    return 0


def _read(content_dir: Path) -> Content | None:
    try:
        return read_content(content_dir)
    except ContentError as error:
        print(
            f"Content has {len(error.problems)} problem(s); nothing was imported:", file=sys.stderr
        )
        print(error, file=sys.stderr)
        return None


def _sessions() -> sessionmaker[Session]:
    engine = make_engine()
    upgrade_to_head(engine)
    return make_session_factory(engine)


def _build(content: Content, content_dir: Path, *, force: bool) -> int:
    sessions = _sessions()
    with sessions() as session:
        changes = [] if force else editor_changes(session, content_dir)
    if changes:
        option = "" if content_dir == CONTENT_DIR else f" --content {content_dir}"
        print(content_diff(changes, content_dir), end="", file=sys.stderr)
        print(REFUSAL.format(content=content_dir, option=option), file=sys.stderr)
        return 2
    import_content(content, sessions)
    faqs = sum(len(s.faqs) for s in content.services) + len(content.general_faqs)
    print(f"Catalog built: {len(content.services)} services, {faqs} FAQs.")
    return 0


def _export(sessions: sessionmaker[Session], content_dir: Path) -> int:
    with sessions.begin() as session:
        if not (version := catalog_version(session)):
            print(NO_CATALOG, file=sys.stderr)
            return 2
        changes = write_content(read_catalog(session), content_dir)
        mark_content_caught_up(session, version)
    for change in changes:
        print(f"{'deleted' if change.new is None else 'written'}: {change.path}")
    print(f"Exported to {content_dir}: {len(changes)} file(s) changed.")
    return 0


def _diff(sessions: sessionmaker[Session], content_dir: Path) -> int:
    with sessions() as session:
        if not catalog_version(session):
            print(NO_CATALOG, file=sys.stderr)
            return 2
        changes = planned_changes(read_catalog(session), content_dir)
    if not changes:
        print("No difference.")
        return 0
    print(content_diff(changes, content_dir), end="")
    return 1


if __name__ == "__main__":
    sys.exit(main())

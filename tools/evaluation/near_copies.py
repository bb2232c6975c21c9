"""Keep the held-out sets apart from the training data: a held-out line within a rapidfuzz ratio of
`NEAR_COPY` of a training example measures memory, not understanding.

    .venv/app/bin/python -m tools.evaluation.near_copies heldout tests/heldout/new_set.yml
        # takes a new set's near-copies out unread (prints only how many)
    .venv/app/bin/python -m tools.evaluation.near_copies training
        # takes out training examples that came near a held-out line (prints those examples)

Neither prints a held-out line, so a set nobody has read stays unread.
`tests/test_heldout_independence.py` fails while any near-copy is left.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from actions.text_normalization import normalize

ROOT = Path(__file__).resolve().parents[2]
NLU = ROOT / "data" / "nlu"
HELDOUT = ROOT / "tests" / "heldout"
NEAR_COPY = 85  # rapidfuzz ratio at which a held-out line counts as a training example
_EXAMPLE = re.compile(r"^\s+- (.*)$")  # an example line of an `examples: |` block


def nlu_examples() -> dict[str, list[str]]:
    """Every training example of `data/nlu/`, by intent."""
    examples: dict[str, list[str]] = {}
    for path in sorted(NLU.rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                lines = block["examples"].splitlines()
                examples.setdefault(block["intent"], []).extend(
                    re.sub(r"^\s*-\s*", "", line).strip() for line in lines if line.strip()
                )
    return examples


def training_texts() -> list[str]:
    """The training examples, normalized as the assistant reads them."""
    return sorted({normalize(text) for texts in nlu_examples().values() for text in texts} - {""})


def heldout_texts(path: Path) -> list[str]:
    return [item["text"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


def near_copy(text: str, others: list[str]) -> tuple[str, float] | None:
    """The line of `others` (normalized) that `text` comes near, and how near."""
    hit = process.extractOne(normalize(text), others, scorer=fuzz.ratio, score_cutoff=NEAR_COPY)
    return (hit[0], hit[1]) if hit else None


def drop_heldout_near_copies(path: Path, training: list[str]) -> tuple[int, int]:
    """Take out of the held-out file `path` its entries near a training example, keeping its
    comments and layout; (taken out, kept)."""
    chunks: list[list[str]] = [[]]  # entries, and the comment lines between them
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        in_entry = chunks[-1][:1] and chunks[-1][0].startswith("- ")
        if line.startswith("- ") or (in_entry and not line.startswith("  ")):
            chunks.append([line])
        else:
            chunks[-1].append(line)
    kept, dropped = [], 0
    for chunk in chunks:
        item = yaml.safe_load("".join(chunk)) if chunk[:1] and chunk[0].startswith("- ") else None
        if item and near_copy(item[0]["text"], training):
            dropped += 1
        else:
            kept.append(chunk)
    path.write_text("".join(line for entry in kept for line in entry), encoding="utf-8")
    return dropped, len(heldout_texts(path))


def drop_training_near_heldout() -> list[str]:
    """Take out of `data/nlu/` every example near a held-out line; the examples taken out."""
    heldout = [normalize(t) for path in sorted(HELDOUT.glob("*.yml")) for t in heldout_texts(path)]
    dropped: list[str] = []
    for path in sorted(NLU.rglob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = []
        for line in lines:
            example = _EXAMPLE.match(line.rstrip("\n"))
            if example and near_copy(example.group(1), heldout):
                dropped.append(example.group(1))
            else:
                kept.append(line)
        if len(kept) != len(lines):
            path.write_text("".join(kept), encoding="utf-8")
    return dropped


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("heldout").add_argument("files", nargs="+", type=Path)
    commands.add_parser("training")
    args = parser.parse_args()
    if args.command == "heldout":
        training = training_texts()
        for path in args.files:
            dropped, kept = drop_heldout_near_copies(path, training)
            print(f"{path}: {dropped} near-copies taken out unread, {kept} lines kept")
    else:
        for example in drop_training_near_heldout():
            print(f"taken out of the training data: {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""tools/system-packages.sh, the one list of Debian packages that make test, make report and CI
need: installed with apt-get as root, otherwise the exact command is printed and make stops."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tools.serve import ROOT

SCRIPT = ROOT / "tools" / "system-packages.sh"
EVERYTHING = (
    "python3 python3-venv python3-dev nodejs npm redis-server haproxy fonts-noto-cjk"
    " fonts-noto-color-emoji chromium"
)


def run(tmp_path: Path, *needs: str, uid: int, font_installed: bool) -> subprocess.CompletedProcess:
    """The script on a machine where nothing but `id`, `dpkg` and `apt-get` is installed (fakes
    that answer as told and record what apt-get was asked)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fakes = {
        "id": f"echo {uid}",
        "dpkg": f"exit {0 if font_installed else 1}",
        "apt-get": f'echo "$*" >> {tmp_path / "apt-get.log"}',
    }
    for name, body in fakes.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return subprocess.run(
        ["/bin/bash", str(SCRIPT), *needs],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        check=False,
    )


def apt_get_calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "apt-get.log"
    return log.read_text().splitlines() if log.exists() else []


def test_not_root_it_prints_the_apt_get_command_and_stops(tmp_path: Path) -> None:
    done = run(tmp_path, "fonts-noto-cjk", uid=1000, font_installed=False)
    assert done.returncode == 1
    assert "  apt-get update -q && apt-get install -y -q fonts-noto-cjk\n" in done.stderr
    assert apt_get_calls(tmp_path) == []


def test_as_root_it_installs_everything_missing_at_once(tmp_path: Path) -> None:
    done = run(tmp_path, uid=0, font_installed=False)
    assert done.returncode == 0, done.stderr
    assert apt_get_calls(tmp_path) == ["update -q", f"install -y -q {EVERYTHING}"]


def test_nothing_is_done_when_nothing_is_missing(tmp_path: Path) -> None:
    done = run(tmp_path, "fonts-noto-cjk", uid=1000, font_installed=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert apt_get_calls(tmp_path) == []


def test_an_unknown_package_is_refused(tmp_path: Path) -> None:
    done = run(tmp_path, "fonts-noto", uid=0, font_installed=False)
    assert done.returncode == 2 and "unknown" in done.stderr
    assert apt_get_calls(tmp_path) == []


def recipe(makefile: str, target: str) -> tuple[str, str]:
    """A Makefile rule's prerequisites and recipe."""
    rule = re.search(rf"^{target}:([^\n#]*).*?\n((?:\t[^\n]*\n)*)", makefile, re.M | re.S)
    assert rule, target
    return rule[1], rule[2]


@pytest.mark.parametrize(
    ("target", "needs"),
    [
        ("system-packages", ""),
        ("report", " fonts-noto-cjk"),
        ("test-scale", " haproxy redis-server"),
    ],
)
def test_make_installs_from_the_one_list(target: str, needs: str) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"\ttools/system-packages.sh{needs}\n" in recipe(makefile, target)[1]


def test_make_test_and_ci_install_from_it_and_from_nowhere_else() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert recipe(makefile, "test")[0].split()[0] == "system-packages"  # before the venvs
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\ntools/system-packages.sh\n" in ci
    assert not re.search(r"apt-get (update|install)", makefile + ci)

"""The README and the developer docs: every relative Markdown link points at an existing
file, and the README stays short enough for a newcomer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO

DOCS = [REPO / "README.md", REPO / "CHANGELOG.md", *sorted((REPO / "dev").glob("*.md"))]
# [text](target) and [text](target "title"); images too. Code spans and blocks are skipped.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
CODE = re.compile(r"`[^`\n]*`")


def _relative_links(path: Path) -> list[str]:
    text = CODE.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))
    return [t for t in LINK.findall(text)
            if not re.match(r"[a-z][a-z0-9+.-]*:", t, re.I) and not t.startswith("#")]


def test_the_documents_exist() -> None:
    assert all(path.is_file() for path in DOCS), [p for p in DOCS if not p.is_file()]
    assert len(DOCS) > 3


@pytest.mark.parametrize("path", DOCS, ids=[p.relative_to(REPO).as_posix() for p in DOCS])
def test_every_relative_link_resolves(path: Path) -> None:
    broken = [t for t in _relative_links(path)
              if not (path.parent / t.split("#", 1)[0]).resolve().exists()]
    assert not broken, f"{path.relative_to(REPO)}: {broken}"


def test_the_readme_is_short() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, f"README.md has {len(lines)} lines; move reference text to dev/"

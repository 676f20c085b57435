"""The twelfth attack (issue 24, December 2026), the cases that need no browser: each finding
reproduced as a test of what should happen, marked xfail(strict=True) with its id until it is
fixed. The browser cases are in tests/test_attack_round12_browser.py."""

from __future__ import annotations

from pathlib import Path

import pytest

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, _no_traceback, project  # noqa: F401, F811 (a fixture)

# -- R12-2 (low): a right-to-left override in a definition passes `check` ------------------
# `check` refuses U+202E and the other bidirectional controls in a term (`ongeldig-teken`),
# but not in a definition, explanation or example. The site, search results and exports show
# the text reordered: a definition can read differently from what a reviewer sees in the
# YAML (the reordering also runs on into the text after it in a search result line). No
# script runs; the harm is a misleading definition slipping past review.

@pytest.mark.parametrize("field", ["definitie", "uitleg"])
def test_r12_2_a_bidi_override_in_a_definition_is_refused(
        project: Path, tmp_path: Path, field: str) -> None:  # noqa: F811
    other = "uitleg" if field == "definitie" else "definitie"
    (project / "begrippen" / "omgekeerd.yaml").write_text(
        f"voorkeursterm: omgekeerd begrip\n{field}: \"Dit begrip geldt \\u202etein\\u202c "
        f"voor iedereen.\"\n{other}: Een gewone tekst over het begrip.\nstatus: ontwerp\n",
        encoding="utf-8")
    done = _cli("check", "--root", str(project), cwd=tmp_path)
    _no_traceback(done)
    assert done.returncode == 1, done.stdout
    assert "begrippen/omgekeerd.yaml" in done.stdout and "U+202E" in done.stdout

"""The fifth attack (issue 24, December 2026): each finding reproduced as a test of what
should happen, marked xfail(strict=True) with the finding's id until it is fixed (then the
mark goes and the test guards the fix).

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit, and builds with the real engine."""

from __future__ import annotations

import json
from pathlib import Path

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, _no_traceback, project  # noqa: F401, F811 (a fixture)

# -- R5-1 (high): a Python file at the top of the project runs during a Zensical build -----
# `build --engine zensical` (and `serve`) start `python -m zensical` with the project as the
# working folder, and `-m` puts that folder first on sys.path: a `zensical.py` (or `yaml.py`,
# `markdown.py`, a `kennisbank/` package, ...) that a pull request adds next to begrippen/ is
# imported instead of the engine. `check` passes it (it is neither content nor reviewed
# code), and the build even reports success with 0 pages.

def test_r5_1_python_file_in_the_project_runs_no_code(project: Path, tmp_path: Path) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    (project / "zensical.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('x')\nraise SystemExit(0)\n",
        encoding="utf-8")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    built = _cli("build", "--root", str(project), "--engine", "zensical", cwd=tmp_path)
    _no_traceback(built)
    assert not marker.exists(), "een Python-bestand in het project werd uitgevoerd"
    # Either it is refused by name (like unreviewed code), or it is simply never imported
    # and the real engine builds the site.
    assert (check.returncode == 1 and "zensical.py" in check.stdout) or (
        built.returncode == 0 and (project / "site" / "index.html").is_file())


# -- R5-2 (high): a committed Zensical cache is published without any check ---------------
# Zensical keeps every rendered page in `.cache/` inside the project, keyed by a hash that
# depends on the page and the project's path (fixed in CI, e.g. /home/runner/work/x/x), and
# `kennisbank build` never passes --clean. A pull request that commits `.cache/` files made
# in that path (git add -f; .gitignore does not stop it) gets its HTML published as it is:
# `check` never sees it, and the output check passes anything that keeps the CSP first and
# has no <script> — a <meta http-equiv="refresh"> to another site, forged definitions.

def test_r5_2_a_poisoned_zensical_cache_is_not_published(project: Path,  # noqa: F811
                                                         tmp_path: Path) -> None:
    first = _cli("build", "--root", str(project), "--engine", "zensical", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    cache = project / ".cache"
    poisoned = 0
    for entry in cache.iterdir():
        try:
            stored = json.loads(entry.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        page = stored.get("data") if isinstance(stored, dict) else None
        if isinstance(page, str) and "Written by kennisbank from begrippen" in page:
            stored["data"] = page.replace(
                "</head>", '<meta http-equiv="refresh" content="0;url=https://aanvaller.'
                'example/"></head>', 1)
            entry.write_text(json.dumps(stored), encoding="utf-8")
            poisoned += 1
    assert poisoned, "geen opgeslagen startpagina in .cache/ gevonden"
    # A fresh checkout: no site/ yet, the committed cache in place.
    for path in sorted((project / "site").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    built = _cli("build", "--root", str(project), "--engine", "zensical", cwd=tmp_path)
    _no_traceback(built)
    home = project / "site" / "index.html"
    published = home.is_file() and "aanvaller.example" in home.read_text(encoding="utf-8")
    assert not published, "de pagina uit .cache/ werd ongecontroleerd gepubliceerd"
    assert built.returncode == 0 or (check.returncode == 1 and ".cache" in check.stdout)

"""Show that two commits give byte-identical output: exports in every format, the check's
findings, both server configurations, the generated Markdown and the built site under MkDocs
and under Zensical.

Usage: python scripts/same_output.py OLD_REF [NEW_REF]   (NEW_REF defaults to HEAD)

Each ref is cloned into a temporary folder and run with its own source (PYTHONPATH), with the
Python of this checkout's .venv; the two output trees are then compared file by file. Exit 0
when they are the same, 1 otherwise (the differing files are listed). Used for the
restructuring of the engine into subpackages (dev/architecture.md).
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORMATS = ("turtle", "jsonld", "rdfxml", "ntriples", "leidraad")


def run(clone: Path, *args: str, output: Path | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(clone / "src")}
    result = subprocess.run([sys.executable, "-m", "kennisbank", *args], cwd=clone, env=env,
                            capture_output=True, check=False)
    if output is not None:
        output.write_bytes(result.stdout)


def snapshot(ref: str, work: Path) -> Path:
    clone, out = work / "repo", work / "out"
    git = shutil.which("git") or "git"
    subprocess.run([git, "clone", "--quiet", str(REPO), str(clone)], check=True)
    subprocess.run([git, "-C", str(clone), "checkout", "--quiet", ref], check=True)
    out.mkdir()
    for engine in ("mkdocs", "zensical"):
        run(clone, "build", "--engine", engine)
        shutil.copytree(clone / "site", out / f"site-{engine}")
        shutil.copytree(clone / "docs", out / f"docs-{engine}")
    for fmt in FORMATS:
        run(clone, "export", "--format", fmt, output=out / f"export.{fmt}")
    run(clone, "check", "--format", "json", output=out / "check.json")
    # nginx's root is the clone's absolute path: give both the same one.
    run(clone, "serverconfig", "nginx", "--root", "/srv/site", output=out / "nginx.conf")
    run(clone, "serverconfig", "apache", output=out / "htaccess")
    return out


def differences(a: Path, b: Path, rel: str = "") -> list[str]:
    cmp = filecmp.dircmp(a, b)
    found = [f"{rel}{name}" for name in cmp.left_only + cmp.right_only]
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    found += [f"{rel}{name}" for name in mismatch + errors]
    for sub in cmp.common_dirs:
        found += differences(a / sub, b / sub, f"{rel}{sub}/")
    return found


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__)
        return 2
    old, new = argv[0], argv[1] if len(argv) > 1 else "HEAD"
    with tempfile.TemporaryDirectory() as tmp:
        outputs = []
        for name, ref in (("old", old), ("new", new)):
            work = Path(tmp) / name
            work.mkdir()
            outputs.append(snapshot(ref, work))
        files = sum(1 for _ in outputs[0].rglob("*") if _.is_file())
        found = differences(*outputs)
    if found:
        print(f"{len(found)} of {files} files differ between {old} and {new}:")
        print("\n".join(f"  {path}" for path in found[:50]))
        return 1
    print(f"byte-identical: {files} files (exports, check, server configurations, generated "
          f"Markdown and site under MkDocs and Zensical) of {old} and {new}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

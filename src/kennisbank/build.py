"""`kennisbank build`: check, then `mkdocs build --strict` into a temporary folder and swap.

If any phase fails, the previous site/ stays exactly as it was.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path

from kennisbank.findings import KennisbankError, Level, count, summary
from kennisbank.site import generate
from kennisbank.validate import check


def _phase(name: str, started: float, detail: str) -> None:
    print(f"{name:<10} {time.perf_counter() - started:6.2f} s  {detail}", flush=True)


def build_site(root: Path, site_dir: Path) -> None:
    """Run a strict mkdocs build of root/mkdocs.yml into site_dir (in-process)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise KennisbankError(f"mkdocs.yml ontbreekt in {root}")
    from kennisbank import mkdocs_hooks

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    mkdocs_hooks.ALREADY_GENERATED = True
    try:
        # watch: only matters to `mkdocs serve`; a kader without leidraad/ must still build.
        cfg = load_config(str(config_file), site_dir=str(site_dir), strict=True, watch=[])
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (Abort, ConfigurationError) as exc:
        raise KennisbankError(f"mkdocs build mislukt: {exc}") from exc
    finally:
        mkdocs_hooks.ALREADY_GENERATED = False


def build(root: Path) -> int:
    started = time.perf_counter()
    inhoud, findings = check(root)
    errors = count(findings, Level.FOUT)
    _phase("controle", started, f"{len(inhoud.begrippen)} begrippen, {len(inhoud.stappen)} "
           f"stappen: {summary(findings)}")
    if errors:
        raise KennisbankError(f"bouwen gestopt: {summary(findings)}; site/ is niet veranderd",
                              [f for f in findings if f.level is Level.FOUT])

    started = time.perf_counter()
    output, stats = generate(inhoud, root / "docs")
    _phase("genereren", started, f"{len(output.files)} bestanden: {stats.written} geschreven, "
           f"{stats.unchanged} ongewijzigd, {stats.removed} verwijderd")

    site = root / "site"
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        build_site(root, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pages = sum(1 for _ in tmp.rglob("*.html"))
    _phase("site", started, f"{pages} pagina's")
    old = root / f".site-old-{tmp.name[6:]}"
    if site.exists():
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"klaar: {site}")
    return 0

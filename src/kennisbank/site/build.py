"""`kennisbank build`: check, generate, then a strict build (MkDocs or Zensical) into a
temporary folder and swap.

If any phase fails, the previous site/ stays exactly as it was. The new site replaces the
old one in one atomic exchange (renameat2 RENAME_EXCHANGE on Linux), so a build killed at
any moment leaves either the old or the new site/, never none. A lock keeps a second build
in the same folder out; folders of builds that were killed are removed by the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import gc
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kennisbank.checks.pipeline import check
from kennisbank.content import termen
from kennisbank.core.findings import KennisbankError, Level, count, summary
from kennisbank.core.safewrite import lock_file, write_file
from kennisbank.site import mirror, project, safeyaml, zensicalcache
from kennisbank.site.generate import generate
from kennisbank.site.safeyaml import protect_mkdocs
from kennisbank.site.security import site_entries, unsafe_pages


def _phase(name: str, started: float, detail: str) -> None:
    print(f"{name:<10} {time.perf_counter() - started:6.2f} s  {detail}", flush=True)


ENGINES = ("mkdocs", "zensical")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build_site(root: Path, site_dir: Path, engine: str = "mkdocs", clean: bool = False,
               configs: dict[str, str] | None = None) -> None:
    """Build the project's configuration (mkdocs.yml, or the default one kennisbank wrote)
    strictly into site_dir: MkDocs in-process, Zensical as a process of its own (its Rust
    runtime renders each page through Python-Markdown, whose term links read the data file
    the generator wrote). `clean`: Zensical rebuilds every page instead of using its cache.
    `configs`: the configuration files the engine may read (safeyaml.approval)."""
    if not project.mkdocs_config(root).is_file():
        raise KennisbankError(f"mkdocs.yml ontbreekt in {root}")
    if engine == "zensical":
        _zensical(root, site_dir, clean, configs)
    else:
        _mkdocs(root, site_dir, configs)


def _zensical(root: Path, site_dir: Path, clean: bool, configs: dict[str, str] | None) -> None:
    # Zensical reads the MkDocs configuration through zensical.yml (INHERIT plus what only
    # Zensical needs), the project's or the default one.
    inherit = project.zensical_config(root)
    if not inherit.is_file():
        raise KennisbankError(f"{inherit.name} ontbreekt in {root} (nodig voor Zensical)")
    # Zensical takes site_dir from its configuration only (and only inside the project).
    config = root / f"{site_dir.name}.yml"
    text = f"INHERIT: {inherit.name}\nsite_dir: {site_dir.name}\n"
    theme = mirror.theme_folder(inherit)
    if mirror.in_project(theme):  # Zensical reads a copy of it as recorded (R15-2)
        copy = root / THEME
        if copy.is_symlink() or (copy.exists() and not copy.is_dir()):
            raise KennisbankError(f"{copy} is geen map van een eerdere build; verwijder het")
        left = mirror.theme_copy(root, str(theme), copy)
        if left:
            raise KennisbankError(
                f"zensical build mislukt: {', '.join(left[:5])} is niet zoals gekeurd in "
                "gekeurde-code.sha256 (veranderd sinds de controle); site/ is niet veranderd")
        text += f"theme:\n  custom_dir: {THEME}\n"
    staging = text.encode()
    write_file(config, staging, root)
    env = {**os.environ, "NO_COLOR": "1"}
    if configs is not None:  # this one as written, and the others as approved
        env = safeyaml.environment({**configs,
                                    safeyaml.key(config): hashlib.sha256(staging).hexdigest()})
        env["NO_COLOR"] = "1"
    try:
        # -P: the project folder (the working folder) is not put on sys.path, so a
        # zensical.py or yaml.py committed beside begrippen/ cannot run in the engine's place;
        # site.safeyaml runs Zensical with a configuration loader that runs no code.
        command = [sys.executable, "-P", "-m", "kennisbank.site.safeyaml", "build", "-f",
                   str(config), "--strict"]
        result = subprocess.run(command + (["--clean"] if clean else []), cwd=root,  # noqa: S603
                                capture_output=True, text=True, env=env, check=False)
    finally:
        config.unlink(missing_ok=True)
    if result.returncode != 0:
        said = _ANSI.sub("", result.stdout + result.stderr).split("Traceback")[0]
        lines = [line.rstrip() for line in said.splitlines() if line.strip()]
        raise KennisbankError("zensical build mislukt:" + "".join(f"\n  {line}"
                                                                  for line in lines[-40:]))


def _mkdocs(root: Path, site_dir: Path, configs: dict[str, str] | None) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError
    from mkdocs.plugins import BasePlugin

    from kennisbank.site import reviewedcode

    class ReleaseSource(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        """MkDocs keeps every page's Markdown beside its HTML until the whole build ends;
        once rendered, the source is needed no more (templates use the HTML, the title came
        from the render, no page is read again): 59 MB at 10,000 concepts, let go."""

        def on_page_content(self, html: str, page: Any, **_: Any) -> str:
            page.markdown = ""
            return html

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    warnings = _Collect()
    logger.addHandler(warnings)
    # The configuration is read by a loader that runs no code, and (with `configs`) only as
    # approved and recorded, compared as it is read (R14-2).
    protect_mkdocs(configs, root)
    try:
        cfg = load_config(str(project.mkdocs_config(root)), site_dir=str(site_dir),
                          strict=True)
        cfg.plugins["kennisbank-bron-los"] = ReleaseSource()
        cfg.plugins[reviewedcode.NAME] = reviewedcode.Reviewed(root)  # templates as recorded
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (Abort, ConfigurationError) as exc:
        said = "".join(f"\n  {line}" for line in warnings.messages)
        raise KennisbankError(f"mkdocs build mislukt: {exc}{said}") from exc
    finally:
        logger.removeHandler(warnings)


class _Collect(logging.Handler):
    """Keeps what MkDocs warns about: with --strict it aborts with only a count."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


LOCK = ".site.lock"
STAGING = ".site-nieuw"  # the build goes here first (a `.site-*` folder: removed when stale)
# Zensical's copy of the theme folder, as recorded: kept between builds (only changed files
# are written, so its cache stays valid), gitignored like kennisbank's other files.
THEME = ".kennisbank-thema"


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on root/.site.lock, or stop with a message when another build
    holds it (flock: released by the kernel when a build dies). Never opened through a
    symbolic link: that would create a file wherever it points."""
    with lock_file(root, LOCK) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EACCES):
                raise
            raise KennisbankError(f"er loopt al een build in {root}; wacht tot die klaar is "
                                  "(site/ is niet veranderd)") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale(root: Path) -> None:
    """Folders left by builds that were killed: .site-* directories (never links)."""
    for path in root.glob(".site-*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(new: Path, old: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(old))


def _publish(tmp: Path, site: Path, entries: list[tuple[str, str]]) -> None:
    """Put the finished build in place of site/ and remove the old one. `entries`: what the
    build holds (security.site_entries)."""
    # mkdtemp makes 0700, and a strict umask would hide files: the site is world-readable
    # like any build output, so that a web server's worker can read it.
    tmp.chmod(0o755)
    for rel, kind in entries:
        if kind != "link":  # chmod follows a link: never change a mode elsewhere
            os.chmod(tmp / rel, 0o755 if kind == "dir" else 0o644)
    if site.is_symlink() or (site.exists() and not site.is_dir()):
        raise KennisbankError(f"{site} is geen gewone map; verwijder het en bouw opnieuw")
    if site.exists() and _exchange(tmp, site):
        shutil.rmtree(tmp)  # now holds the old site
        return
    old = tmp.with_name(f"{tmp.name}-oud")
    if site.exists():  # no atomic exchange here: a short moment without site/
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def _verify(tmp: Path, entries: list[tuple[str, str]]) -> None:
    """Stop before the new site replaces site/ when a page lost the Content-Security-Policy
    or carries a script of its own (a template in overrides/ or the configuration can do
    either, whatever check says about the content)."""
    problems = list(unsafe_pages(tmp, entries))
    if problems:
        shown = "".join(f"\n  {problem}" for problem in problems[:10])
        more = f"\n  ... en {len(problems) - 10} pagina('s) meer" if len(problems) > 10 else ""
        raise KennisbankError(
            f"bouwen gestopt: {len(problems)} pagina('s) van de nieuwe site zijn niet veilig; "
            "een sjabloon in overrides/ of de configuratie (mkdocs.yml, zensical.yml) haalt "
            "de beveiliging weg of voegt een script toe; site/ is niet veranderd:"
            f"{shown}{more}")


def build(root: Path, engine: str = "mkdocs") -> int:
    with _locked(root):
        return _build(root, engine)


def _build(root: Path, engine: str) -> int:
    started = time.perf_counter()
    before = safeyaml.approved(root)  # a configuration arriving during the check
    inhoud, findings = check(root)
    errors = count(findings, Level.FOUT)
    _phase("controle", started, f"{len(inhoud.begrippen)} begrippen, {len(inhoud.stappen)} "
           f"stappen: {summary(findings)}")
    if errors:
        raise KennisbankError(f"bouwen gestopt: {summary(findings)}; site/ is niet veranderd",
                              [f for f in findings if f.level is Level.FOUT])

    started = time.perf_counter()
    # The engine reads only configuration files as this check saw them (and kennisbank's
    # own as written), compared as it reads them: not one that arrives later (R14-2).
    configs = safeyaml.approval(before, safeyaml.approved(root),
                                project.write_configs(root, inhoud))
    if configs is None:
        raise KennisbankError("bouwen gestopt: de configuratie (mkdocs.yml, zensical.yml) "
                              "veranderde tijdens de controle; bouw opnieuw. site/ is niet "
                              "veranderd")
    output, stats = generate(inhoud, root / "docs", engine, parallel=True)
    _phase("genereren", started, f"{len(output.files)} bestanden: {stats.written} geschreven, "
           f"{stats.unchanged} ongewijzigd, {stats.removed} verwijderd")
    # Zensical's cache needs the term data of this generation; then the engine reads every
    # file from docs/, so the generated bytes (hundreds of megabytes at 10,000 concepts) do
    # not stay in memory while it builds.
    dropped = zensicalcache.prepare(root, output) if engine == "zensical" else 0
    # Nor does the model (an eighth of a gigabyte at 10,000 concepts): MkDocs builds in this
    # process, and reuses that memory.
    leidraad = inhoud.leidraad is not None
    del output, inhoud, findings
    termen.forget()
    gc.collect()

    site = root / "site"
    started = time.perf_counter()
    _remove_stale(root)
    # Always the same folder: Zensical's cache is keyed on the configuration, site_dir too.
    tmp = root / STAGING
    if tmp.is_symlink() or tmp.exists():
        raise KennisbankError(f"{tmp} is geen map van een eerdere build; verwijder het")
    tmp.mkdir(mode=0o700)
    try:
        cache = ""
        if engine == "zensical":
            cache = ", zonder cache" if dropped is None else \
                f", cache ({dropped} pagina's met andere termen opnieuw)"
        build_site(root, tmp, engine, clean=dropped is None, configs=configs)
        if engine == "zensical":
            zensicalcache.seal(root)
        project.prune(tmp, leidraad)
        entries = site_entries(tmp)
        _verify(tmp, entries)
        pages = sum(1 for rel, kind in entries if kind != "dir" and rel.endswith(".html"))
        _phase("site", started, f"{pages} pagina's ({engine}{cache})")
        _publish(tmp, site, entries)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"klaar: {site}")
    return 0

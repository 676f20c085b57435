"""The MkDocs preview in this process: MkDocs' live-reload server, whose every rebuild we
drive ourselves (`kennisbank serve --engine mkdocs`).

`mkdocs serve --dirty` in a process of its own raced the generator: its watcher started a
dirty build 0.1 s after the first written file, while the generator was still writing, and
MkDocs asks twice per page whether its source is newer than its output (once to read it,
once to render it); a page written between the two was rendered without content ("Error
building page …", a stuck preview). Here one rebuild is: regenerate the Markdown (check,
generate, write), then a dirty MkDocs build, in that order, on the server's one build
thread. Saves that arrive meanwhile ask for one more rebuild (coalesced: the server's build
loop runs again once, after 0.1 s without a further save). Requests wait while a rebuild
runs, so the browser never sees half a site.

Which pages a dirty build renders is decided once, when the build starts (`_Dirty`):
a page whose source is newer than its output, or changed since the previous build started
(a save during a build), or one the generator names (its term links change: a new label, a
tooltip from a changed definition). A file saved during the build then waits for the next
rebuild instead of being half-read.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from kennisbank.content.reviewed import unreviewed_code
from kennisbank.core.findings import KennisbankError, report_lines
from kennisbank.site import project, reviewedcode
from kennisbank.site.files import Stats, drop_outputs
from kennisbank.site.safeyaml import changed, protect_mkdocs

SLACK = 0.05  # seconds: file times come from a coarser clock than time.time() (one tick)


class Rebuild:
    """What one regeneration asks of the engine: the pages to render although their source
    did not change, whether output must be removed (a full build), and the static files
    whose built copies go (`gone`, relative to docs/; no full build for them)."""

    def __init__(self, pages: set[str] | None = None, full: bool = False,
                 gone: set[str] | None = None) -> None:
        self.pages = pages or set()
        self.full = full
        self.gone = gone or set()

    @classmethod
    def after(cls, pages: set[str], stats: Stats, removed: bool) -> Rebuild:
        """After a write (`removed`: a hand-written file went): a page that went needs a
        full build, as a dirty one keeps its output (Zensical: the engine starts again);
        any other file that went (a search shard a new word made, gone with the word) only
        its copy in the built site."""
        full = removed or any(rel.endswith(".md") for rel in stats.gone)
        return cls(pages, full=full, gone=set() if full else stats.gone)


class _Templates(BytecodeCache):
    """The theme's templates compiled once for the whole preview: every build has a new
    Jinja environment, which would parse and compile them all again (at 1,000 concepts more
    than half of a dirty build). Keyed by Jinja on the template's name and source."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _Dirty(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Freezes, at the start of a build, which pages a dirty build renders; keeps the
    compiled templates from one build to the next."""

    def __init__(self) -> None:
        self.previous_start = 0.0
        self.forced: set[str] = set()
        self.templates = _Templates()

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:  # noqa: ARG002
        env.bytecode_cache = self.templates
        return env

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:  # noqa: ARG002
        since, self.previous_start = self.previous_start - SLACK, time.time()
        forced, self.forced = self.forced, set()
        for file in files:
            if not file.is_documentation_page() or file.abs_src_path is None:
                continue
            try:
                recent = os.stat(file.abs_src_path).st_mtime >= since
            except OSError:
                recent = True
            modified = recent or file.src_uri in forced or file.is_modified()
            file.is_modified = _answer(modified)  # type: ignore[method-assign]
        return files


def _answer(modified: bool) -> Callable[[], bool]:
    return lambda: modified


class _Server(LiveReloadServer):
    def request_rebuild(self) -> None:
        """What MkDocs' own watcher does on a change: one rebuild, after 0.1 s of quiet."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()


class MkDocsPreview:
    """Serve root's MkDocs site at address; `regenerate` runs before every build."""

    def __init__(self, root: Path, address: str, regenerate: Callable[[], Rebuild | None],
                 built: Callable[[], None] = lambda: None,
                 configs: Callable[[], dict[str, str]] | None = None) -> None:
        self.root, self.address, self.regenerate, self.built = root, address, regenerate, built
        # The configuration files as the last check found them (site.safeyaml.approved).
        self.configs = configs
        self.site_dir = tempfile.mkdtemp(prefix="kennisbank-voorvertoning-")
        self.dirty = _Dirty()
        self.server: _Server | None = None
        self.serve_url = ""

    def config(self) -> MkDocsConfig:
        # The configuration is read by a loader that runs no code, and (with `configs`) only
        # files as the last check approved them, compared as they are read (R13-1).
        protect_mkdocs(None if self.configs is None else self.configs(), self.root)
        # Not strict: a dirty build always warns that it is one.
        try:
            config = load_config(str(project.mkdocs_config(self.root)),
                                 site_dir=self.site_dir, dev_addr=self.address, strict=False)
        except ConfigurationError as exc:
            raise KennisbankError(f"niet gebouwd: {exc}") from None
        config.plugins["kennisbank-dirty"] = self.dirty
        config.plugins[reviewedcode.NAME] = reviewedcode.Reviewed(self.root)  # R13-3
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def build(self, full: bool = False) -> None:
        """One rebuild: regenerate, then build (dirty unless output must go)."""
        rebuild = self.regenerate()
        if rebuild is None:  # the content has errors: the site stays as it was, and no
            return  # configuration or template is read (it may be unreviewed code)
        # Every build, also one that follows a save without a check of its own (the second
        # and third part of a page-first save): code the maintainers did not review is never
        # loaded, although it may have arrived since (a branch switched).
        unreviewed = unreviewed_code(self.root)
        odd = [] if self.configs is None else changed(self.root, self.configs())
        if unreviewed or odd:
            for line in report_lines(unreviewed):
                print(line, flush=True)
            print(f"niet gebouwd: de configuratie of de sjablonen zijn niet gekeurd of sinds de "
                  f"laatste controle veranderd ({', '.join(odd) or 'zie boven'}); sla een "
                  "bestand op om opnieuw te controleren (kennisbank check)", flush=True)
            return
        try:
            config = self.config()
        except KennisbankError as exc:  # a configuration arrived since the check above
            print(exc.message, flush=True)
            return
        self.dirty.forced = rebuild.pages
        drop_outputs(Path(self.site_dir), rebuild.gone)
        mkdocs_build(config, serve_url=self.serve_url, dirty=not (full or rebuild.full))
        self.built()

    def request_rebuild(self) -> None:
        if self.server is not None:
            self.server.request_rebuild()

    def run(self) -> None:
        _log_to_stderr()
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's notice about MkDocs 2
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=True)
        host, port = config.dev_addr
        self.server = _Server(builder=self.build, host=host, port=port, root=self.site_dir)
        self.serve_url = self.server.url
        try:
            self.build(full=True)
            # MkDocs adds its reload script only to pages of a server that watches something;
            # our own watcher sees the content, this one the configuration.
            self.server.watch(str(project.mkdocs_config(self.root)))
            self.server.serve()  # type: ignore[no-untyped-call]
        finally:
            self.server.shutdown()
            config.plugins.on_shutdown()

    def stop(self) -> None:
        shutil.rmtree(self.site_dir, ignore_errors=True)


def _log_to_stderr() -> None:
    """MkDocs' messages (and any "Error building page") as `mkdocs serve` shows them."""
    logger = logging.getLogger("mkdocs")
    if any(getattr(h, "kennisbank", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.kennisbank = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

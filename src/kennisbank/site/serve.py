"""`kennisbank serve`: a live preview in which every save leads to one engine build.

This process watches the content (begrippen/, leidraad/, vocabulaires/ and the hand-written
pages in docs/), checks it and regenerates the Markdown; the engine (`mkdocs serve --dirty`
or `zensical serve`, a process of its own) watches only docs/. The generator rewrites only
files whose bytes change, all in one burst, so the engine sees one change per save and
re-renders only those pages:

- MkDocs' dirty build renders only pages whose source is newer than their output. A page
  whose Markdown did not change can still show a changed term (a new label, a tooltip from a
  changed definition); when the term-links data file changes, every page that contains a
  term of a changed concept (before or after the change) is touched so it is rendered too.
- Zensical watches the data file itself (zensical.yml `watch`) and renders everything again
  when it changes; otherwise its cache keeps pages whose source did not change.
- A removed page (a concept deleted) restarts the engine: a dirty build never removes
  output, and a stale page must not stay reachable.

Serialising RDF and stemming the search texts are memoised in this process (the same
triples give the same bytes), so regenerating after one edit costs little more than the
check.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kennisbank.checks.pipeline import check
from kennisbank.content.model import Begrip
from kennisbank.content.termen import TermIndex
from kennisbank.core.findings import KennisbankError, Level, summary
from kennisbank.site import generate as site
from kennisbank.site import searchindex, termlinks
from kennisbank.site.pages import changes as historysite
from kennisbank.site.pages import concept as concept_pages
from kennisbank.site.pages import scheme as scheme_pages

WATCHED = ("begrippen", "leidraad", "vocabulaires", "docs")
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})
QUIET = 0.05  # seconds without a further change before regenerating (editors write twice)


def serve(root: Path, engine: str, address: str) -> int:
    preview = Preview(root, engine, address)
    try:
        preview.run()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
    return 0


def memoise() -> None:
    """Cache the pure, costly steps of generation for a long-running process."""
    if getattr(getattr(historysite, "serialize"), "kennisbank_memo", False):  # noqa: B009
        return
    cache: dict[tuple[Any, ...], bytes] = {}

    def make(serialize: Callable[..., bytes]) -> Callable[..., bytes]:
        @functools.wraps(serialize)
        def cached(triples: Iterable[Any], fmt: str, prefixes: Any = None) -> bytes:
            key = (tuple(triples), fmt, None if prefixes is None
                   else tuple(sorted(prefixes.items())))
            if key not in cache:
                cache[key] = serialize(key[0], fmt, prefixes)
            return cache[key]

        cached.kennisbank_memo = True  # type: ignore[attr-defined]
        return cached

    # Every page module that serialises per concept or per release (not the IRI documents,
    # which were never cached: they are small).
    for module in (concept_pages, scheme_pages, historysite):
        setattr(module, "serialize", make(getattr(module, "serialize")))  # noqa: B009,B010
    setattr(searchindex, "stems", functools.lru_cache(maxsize=200_000)(searchindex.stems))  # noqa: B010


class Preview:
    def __init__(self, root: Path, engine: str, address: str):
        self.root, self.engine, self.address = root, engine, address
        self.docs = root / "docs"
        self.process: subprocess.Popen[bytes] | None = None
        self.terms: dict[str, Any] | None = None
        self.changed = threading.Event()
        self.last_change = 0.0
        self.observer: Any = None

    # -- generation ----------------------------------------------------------------------

    def regenerate(self) -> site.Stats | None:
        started = time.perf_counter()
        inhoud, findings = check(self.root)
        errors = [f for f in findings if f.level is Level.FOUT]
        if errors:
            for finding in errors:
                print(finding.format(), flush=True)
            print(f"niet bijgewerkt: {summary(findings)}", flush=True)
            return None
        try:
            _, stats = site.generate(inhoud, self.docs, self.engine)
        except KennisbankError as exc:
            print(exc.message, flush=True)
            return None
        touched = self._touch_pages_with_changed_terms(stats)
        print(f"bijgewerkt in {time.perf_counter() - started:.2f} s: {stats.written} "
              f"geschreven, {stats.removed} verwijderd, {touched} pagina's opnieuw",
              flush=True)
        return stats

    def _touch_pages_with_changed_terms(self, stats: site.Stats) -> int:
        """MkDocs' dirty build only: mark for rendering the pages whose term links change."""
        raw = json.loads((self.docs / termlinks.DATA_FILE).read_text(encoding="utf-8"))
        old, self.terms = self.terms, raw
        if old is None or self.engine != "mkdocs" or termlinks.DATA_FILE not in stats.changed:
            return 0
        ids = {ident for ident in set(old["begrippen"]) | set(raw["begrippen"])
               if old["begrippen"].get(ident) != raw["begrippen"].get(ident)
               or old["tooltips"].get(ident) != raw["tooltips"].get(ident)}
        indexes = [_index({i: data["begrippen"][i] for i in ids if i in data["begrippen"]})
                   for data in (old, raw)]
        now = time.time()
        touched = 0
        for path in self.docs.rglob("*.md"):
            rel = path.relative_to(self.docs).as_posix()
            if rel in stats.changed:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(index.concepts_in(text) for index in indexes):
                os.utime(path, (now, now))
                touched += 1
        return touched

    # -- the engine ----------------------------------------------------------------------

    def start_engine(self) -> None:
        if self.engine == "zensical":
            command = [sys.executable, "-m", "zensical", "serve", "-f", "zensical.yml",
                       "-a", self.address]
        else:
            # --no-strict: a dirty build always warns that it is one (strict would abort).
            command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict",
                       "-f", "mkdocs.yml", "-a", self.address]
        self.process = subprocess.Popen(  # noqa: S603 (our own command)
            command, cwd=self.root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def stop_engine(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    # -- watching ------------------------------------------------------------------------

    def _relevant(self, path: str) -> bool:
        try:
            rel = Path(path).resolve().relative_to(self.root.resolve())
        except ValueError:
            return False
        parts = rel.parts
        if not parts or parts[0] not in WATCHED or any(p.startswith(".") for p in parts):
            return False
        return not (parts[0] == "docs" and len(parts) > 1 and parts[1] in site.OWNED)

    def _event(self, event: Any) -> None:
        if event.event_type not in CHANGES:  # reading a file (opened, closed) is no change
            return
        paths = [getattr(event, "src_path", ""), getattr(event, "dest_path", "")]
        if not event.is_directory and any(p and self._relevant(str(p)) for p in paths):
            self.last_change = time.monotonic()
            self.changed.set()

    def watch(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        handler = FileSystemEventHandler()
        handler.on_any_event = self._event  # type: ignore[method-assign]
        self.observer = Observer()
        for name in WATCHED:
            if (self.root / name).is_dir():
                self.observer.schedule(handler, str(self.root / name), recursive=True)
        self.observer.start()

    def run(self) -> None:
        memoise()
        self.regenerate()
        self.watch()
        self.start_engine()
        while True:
            self.changed.wait()
            while time.monotonic() - self.last_change < QUIET:
                time.sleep(QUIET / 2)
            self.changed.clear()
            stats = self.regenerate()
            if stats is not None and stats.removed:
                print("pagina's verwijderd: de voorvertoning begint opnieuw", flush=True)
                self.stop_engine()
                self.start_engine()

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
        self.stop_engine()


def _index(labels: dict[str, dict[str, Any]]) -> TermIndex:
    return TermIndex({ident: Begrip(**{key: value.get(key, {}) for key in termlinks.LABEL_KEYS},
                                    definitie={}, id=ident) for ident, value in labels.items()})

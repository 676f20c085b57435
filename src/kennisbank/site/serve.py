"""`kennisbank serve`: a live preview in which every save leads to one engine build.

This process watches the content (begrippen/, leidraad/, vocabulaires/, hand-written pages),
checks it and regenerates; an engine reads only configuration files the last check approved
(`site.safeyaml`). The generator rewrites only files whose bytes change, in one burst.

- MkDocs runs in this process (`site.mkdocsserve`): its live-reload server serves the site
  and each rebuild is ours, regenerate and then a dirty build, one after the other, so MkDocs
  never reads a half-written set of files. Saves during a rebuild are coalesced into one more.
  A page whose Markdown did not change can still show a changed term (a new label, a
  tooltip): the pages that contain a term of a changed concept are rendered too. A removed
  page leads to a full build (a dirty build never removes output).
- Zensical runs as a process of its own (`zensical serve`, `site.zensicalserve`) in the
  preview's own folder (`site.mirror`): it watches a mirror of docs/ that is written only
  after a check passed, builds into that folder's site/ and keeps its cache there, so
  nothing a branch switched during the preview brings into docs/ reaches it unchecked, and
  it writes through no path of the project. It keeps a page in its (in-memory) cache while
  the page's Markdown stays the same; touching a file does not make it render again, and
  the term-data file is not watched (every page would be rendered again on every definition
  edit). So a generated
  page whose term links change gets a comment that changes with the term data (in the
  preview only), written in the same burst. A hand-written page cannot be changed: when a
  label changes (links appear or go) and such a page mentions it, a file that only the
  preview's configuration watches changes and Zensical renders every page again; for a
  changed tooltip alone it keeps the old one until it is rendered again (`kennisbank build`
  does, see `site.zensicalcache`). Zensical's output is passed on and tells when it has
  built.

A save that changes only text (a definition, an explanation, a step, a hand-written page) is
generated page first (`site.incremental`), in three parts, each started when the engine has
built the one before (so none takes CPU from the build the editor waits for): the saved
concept's or step's own files; then the other pages it can change (the pages that show it,
its tooltip, the index pages); then a full generation in the background (dropped when
another save comes first), whose remaining files (downloads, IRI documents, search index,
history) are written and built as one more rebuild (`incremental.memoise` caches RDF,
stemming and the terms each text holds). Under Zensical, whose build cannot be stopped and
costs about a second at 1,000 concepts whatever it renders, the second and third part are one:
the full generation starts once PAUSE has passed since the last save, and its files are built
together, so a save that follows soon waits for no build of the one before.
"""

from __future__ import annotations

import hashlib
import signal
import threading
import time
from pathlib import Path
from typing import Any

from kennisbank.checks.pipeline import check
from kennisbank.content.parsecache import ParseCache
from kennisbank.core.findings import KennisbankError, Level, report_lines, summary
from kennisbank.site import generate as site
from kennisbank.site import (
    incremental,
    mirror,
    mkdocsserve,
    project,
    safeyaml,
    termchanges,
    termlinks,
    zensicalserve,
)
from kennisbank.site.markup import Output

WATCHED = ("begrippen", "leidraad", "vocabulaires", "docs")
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})
# Zensical's preview configuration (zensical.yml plus a watched file that changes when a
# label changes), in the preview's own folder (site.mirror).
PREVIEW_CONFIG = mirror.CONFIG
QUIET = 0.05  # seconds without a further change before regenerating (editors write twice)
REST_AFTER = 3.0  # Zensical: seconds after a burst of writes when no build was noticed
PAUSE = 3.0  # Zensical: seconds after the last save before the rest of it is generated


def serve(root: Path, engine: str, address: str) -> int:
    preview = Preview(root, engine, address)
    # Stopped by a process manager (SIGTERM) as by Ctrl-C (also when a shell ignored SIGINT).
    previous = {number: signal.signal(number, _interrupt)
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        preview.run()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


def _interrupt(signum: int, frame: Any) -> None:  # noqa: ARG001
    raise KeyboardInterrupt


def first_check(root: Path, cache: ParseCache,
                changed: threading.Event) -> tuple[Any, dict[str, str]]:
    """The content, once `check` finds no error in it, and the configuration files an
    engine may read (safeyaml.approval). No engine reads the project's configuration or
    templates before: code the maintainers did not review (`ongekeurde-code`: overrides/,
    mkdocs.yml, zensical.yml) runs in no preview, as it runs in no build. Until then the
    errors are shown and every save is checked again; a configuration that arrived during
    the check is checked at once (issue 24, R13-1)."""
    while True:
        before = safeyaml.approved(root)
        inhoud, findings = check(root, cache)
        errors = [f for f in findings if f.level is Level.FOUT]
        if not errors:
            configs = safeyaml.approval(before, safeyaml.approved(root),
                                        project.write_configs(root, inhoud))
            if configs is not None:
                return inhoud, configs
            print("de configuratie veranderde tijdens de controle: opnieuw", flush=True)
            continue
        for line in report_lines(errors):
            print(line, flush=True)
        print(f"niet gestart: {summary(findings)}; de voorvertoning begint zodra de fouten "
              "zijn opgelost (kennisbank check)", flush=True)
        changed.wait()
        time.sleep(QUIET)
        changed.clear()


def marked(merged: Output, names: set[str], marks: dict[str, str]) -> Output:
    """The files `names` of `merged`, generated pages with the term-data comment they had
    (Zensical; `Preview._amend` decides it again in the second part)."""
    first = Output({rel: merged.files[rel] for rel in names if rel in merged.files})
    for rel in first.files.keys() & marks.keys():
        first.files[rel] = with_mark(first.data(rel), marks[rel])
    return first


def with_mark(data: bytes, mark: str) -> bytes:
    return data + f"\n\n<!-- kennisbank-voorvertoning {mark} -->\n".encode()


def relevant(root: Path, path: str) -> bool:
    """Whether a changed path is content the preview regenerates for."""
    try:
        rel = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return False
    parts = rel.parts
    if not parts or parts[0] not in WATCHED or any(p.startswith(".") for p in parts):
        return False
    return not (parts[0] == "docs" and len(parts) > 1 and parts[1] in site.OWNED)


class Preview:
    def __init__(self, root: Path, engine: str, address: str):
        self.root, self.engine, self.address = root, engine, address
        self.docs = root / "docs"
        self.zensical = zensicalserve.Zensical(root, address, self.built)
        self.terms: bytes | None = None
        self.pages: set[str] = set()  # whose term links changed in the last regeneration
        self.signal = False
        self.removed = False  # MkDocs: a file in docs/ went since the last regeneration
        self.marks: dict[str, str] = {}  # Zensical: generated page → its term-data comment
        self.texts = termchanges.PageTexts()  # every page's text, folded once per change
        self.parsed = ParseCache()  # every content file, parsed once per change
        self.changed = threading.Event()
        self.last_change = 0.0
        self.observer: Any = None
        self.mkdocs: mkdocsserve.MkDocsPreview | None = None
        self.generator = incremental.Generator(self.docs, engine)
        self.version = 0  # counts the saves seen
        # A full generation finished in the background: (the save it is for, site, output).
        self.pending: tuple[int, site.Site, Output] | None = None
        # A page-first save's second part (save, every page, model), then its full generation.
        self.staged: tuple[int, Output, Any] | None = None
        self.rest: tuple[int, Any] | None = None
        self.configs: dict[str, str] = {}  # as the last check approved them (site.safeyaml)
        self.mirror: mirror.Mirror | None = None  # Zensical: its own folder
        self.checked: Any = None  # Zensical: the content as the last passed check saw it
        self.lock = threading.Lock()

    # -- generation ----------------------------------------------------------------------

    def regenerate(self) -> mkdocsserve.Rebuild | None:
        """One step of the preview's work, writing before the engine builds: the second
        part of a page-first save or a finished background generation when one waits, else
        check and generate what the last saves changed."""
        started = time.perf_counter()
        with self.lock:
            staged, self.staged = self.staged, None
            pending, self.pending = self.pending, None
        if staged is not None and staged[0] == self.version:
            return self._second(started, *staged)
        if pending is not None and pending[0] == self.version:
            return self._complete(started, pending[1], pending[2])
        version = self.version
        before = safeyaml.approved(self.root)  # a configuration arriving during the check
        inhoud, findings = check(self.root, self.parsed)
        errors = [f for f in findings if f.level is Level.FOUT]
        if errors:
            for line in report_lines(errors):  # per code the first five, as check prints
                print(line, flush=True)
            print(f"niet bijgewerkt: {summary(findings)}", flush=True)
            return None
        self.pages, self.signal = set(), False
        removed, self.removed = self.removed, False
        written = project.write_configs(self.root, inhoud)  # a project without its own
        configs = safeyaml.approval(before, safeyaml.approved(self.root), written)
        if configs is None:  # one arrived during the check: not approved, check again
            print("de configuratie veranderde tijdens de controle: opnieuw", flush=True)
            self._again()
            return None
        self.configs, self.checked = configs, inhoud  # checked: what an engine may read
        try:
            if self.mirror is not None and self.generator.written is not None:
                self.mirror.sync(self.generator.written, inhoud)  # a saved page, checked: first
            partial = self.generator.partial(inhoud)
            if partial is None:
                # The pages whose term links change are known before anything is written.
                stats = self.generator.write_full(*self.generator.full(inhoud), self._amend)
            else:  # the saved pages first; the others after the engine has built those
                merged, first = partial
                stats = self.generator.write_changed(marked(merged, first, self.marks))
                with self.lock:
                    self.staged = (version, merged, inhoud)
        except KennisbankError as exc:
            print(exc.message, flush=True)
            return None
        self._written()
        again = "alle" if self.signal else str(len(self.pages))
        print(f"bijgewerkt in {time.perf_counter() - started:.2f} s: {stats.written} "
              f"geschreven, {stats.removed} verwijderd, {again} pagina's opnieuw"
              f"{'' if partial is None else ' (de rest volgt)'}", flush=True)
        return mkdocsserve.Rebuild.after(self.pages, stats, removed)

    def _second(self, started: float, version: int, merged: Output,
                inhoud: Any) -> mkdocsserve.Rebuild:
        """The second part of a page-first save: the pages that show the saved ones (their
        tooltips, 'Gebruikt in', the index pages), after the engine built the saved pages.
        The full generation follows once the engine has built these."""
        self.pages, self.signal = set(), False
        self._amend(merged)
        stats = self.generator.write_changed(merged)
        with self.lock:
            self.rest = (version, inhoud)
        self._written()
        again = "alle" if self.signal else str(len(self.pages))
        print(f"vervolgd in {time.perf_counter() - started:.2f} s: {stats.written} "
              f"geschreven, {again} pagina's opnieuw (de rest volgt)", flush=True)
        return mkdocsserve.Rebuild(self.pages)

    def _written(self) -> None:
        """Under Zensical: its docs/ made equal to what was written and checked (and, after
        that burst, every page rendered again when a label changed); should it not build
        after these writes, go on after REST_AFTER."""
        if self.mirror is None or self.generator.written is None:
            return
        try:
            self.mirror.sync(self.generator.written, self.checked)
            if self.signal:
                self.mirror.signal(str(time.time_ns()))
        except KennisbankError as exc:  # its own folder: only if someone tampered with it
            print(exc.message, flush=True)
        timer = threading.Timer(REST_AFTER, self._unnoticed, args=(self.zensical.builds,))
        timer.daemon = True
        timer.start()

    def _unnoticed(self, builds: int) -> None:
        if self.zensical.builds == builds:  # no build seen since the writes
            self.built()

    def built(self) -> None:
        """The engine finished a build: the next step of a page-first save starts (its second
        part, else the full generation), never taking CPU from the build the editor waits for.
        Zensical, whose build cannot be stopped (about a second at 1,000 concepts, whatever
        it renders): the full generation, once PAUSE has passed since the last save, its
        files and the second part's in one build (a newer save stops our generation)."""
        if self.mirror is not None:
            wait = max(0.0, self.last_change + PAUSE - time.monotonic())
            timer = threading.Timer(wait, self._paused, args=(self.version,))
            timer.daemon = True
            timer.start()
            return
        self._next_part()

    def _paused(self, version: int) -> None:
        with self.lock:
            if version != self.version:
                return  # a newer save: its own parts follow
            if self.staged is not None and self.staged[0] == version:
                self.rest, self.staged = (version, self.staged[2]), None
        self._next_part()

    def _next_part(self) -> None:
        with self.lock:
            staged = self.staged is not None and self.staged[0] == self.version
            rest, self.rest = (None, self.rest) if staged else (self.rest, None)
        if staged:
            self._again()
        elif rest is not None and rest[0] == self.version:
            threading.Thread(target=self._generate_rest, args=rest, daemon=True).start()

    def _again(self) -> None:
        """Ask for one more regeneration and build (no file changed)."""
        if self.mkdocs is not None:
            self.mkdocs.request_rebuild()
        else:
            self.last_change = time.monotonic() - QUIET
            self.changed.set()

    def _generate_rest(self, version: int, inhoud: Any) -> None:
        """In the background: everything, for the files the page-first step left as they
        were; handed to the next rebuild unless a newer save came first."""
        try:
            done = self.generator.full(inhoud, stop=lambda: self.version != version)
        except incremental.Stale:
            return
        with self.lock:
            if self.version != version:
                return
            self.pending = (version, *done)
        self._again()

    def _complete(self, started: float, full: site.Site,
                  output: Output) -> mkdocsserve.Rebuild | None:
        """Write what the background generation found still different (None: nothing, so
        no build)."""
        self.pages, self.signal = set(), False
        stats = self.generator.write_full(full, output, self._amend)
        self._written()
        print(f"aangevuld in {time.perf_counter() - started:.2f} s: {stats.written} "
              f"geschreven, {stats.removed} verwijderd, {len(self.pages)} pagina's opnieuw",
              flush=True)
        if not (stats.written or stats.removed or self.pages or self.removed):
            return None
        removed, self.removed = self.removed, False
        return mkdocsserve.Rebuild.after(self.pages, stats, removed)

    def _amend(self, output: Output) -> None:
        """Before the burst: find the pages whose term links change (their Markdown may
        stay the same). MkDocs is told to render them. Zensical renders a page again only
        when its Markdown changes, so a generated one gets a comment that changes with the
        term data (in the preview only; `kennisbank build` writes none); a hand-written page
        can only be rendered again with all the others, which happens when a label changes
        (links appear or go), not for a tooltip alone."""
        new, old = output.data(termlinks.DATA_FILE), self.terms
        self.terms = new
        if old is not None and old != new:
            self.pages = termchanges.pages_with_changed_terms(
                old, new, self.texts.pages(self.docs, output))
        if self.engine != "zensical":
            return
        stamp = hashlib.sha256(new).hexdigest()[:16]
        for rel in self.pages & output.files.keys():
            self.marks[rel] = stamp
        self.signal = bool(self.pages - output.files.keys()) and old is not None \
            and termchanges.labels_changed(old, new)
        for rel, mark in self.marks.items():
            if rel in output.files:
                output.files[rel] = with_mark(output.data(rel), mark)

    # -- the engine: Zensical ----------------------------------------------------------

    def start_engine(self) -> None:
        if self.mirror is None:
            self.mirror = mirror.Mirror(self.root)
        self.zensical.start(self.mirror, self.configs)

    # -- watching ------------------------------------------------------------------------

    def _event(self, event: Any) -> None:
        if event.event_type not in CHANGES:  # reading a file (opened, closed) is no change
            return
        paths = [getattr(event, "src_path", ""), getattr(event, "dest_path", "")]
        if not event.is_directory and any(p and relevant(self.root, str(p)) for p in paths):
            with self.lock:  # first: a background generation for an older save is stale
                self.version += 1
            if self.mkdocs is not None:
                if event.event_type in ("deleted", "moved") and \
                        Path(paths[0]).resolve().is_relative_to(self.docs.resolve()):
                    self.removed = True  # a hand-written page went: its output must go too
                self.mkdocs.request_rebuild()
            self.last_change = time.monotonic()
            self.changed.set()

    def watch(self) -> None:
        from watchdog import events
        from watchdog.observers import Observer

        handler = events.FileSystemEventHandler()
        handler.on_any_event = self._event  # type: ignore[method-assign]
        self.observer = Observer()
        # Changes only (CHANGES): a file a check or build opens would cost them the interpreter.
        kinds = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
                 events.FileMovedEvent, events.FileClosedEvent]
        for path in (str(self.root / name) for name in WATCHED if (self.root / name).is_dir()):
            self.observer.schedule(handler, path, recursive=True, event_filter=kinds)
        self.observer.start()

    def run(self) -> None:
        incremental.memoise()
        self.watch()
        _, self.configs = first_check(self.root, self.parsed, self.changed)
        if self.engine == "mkdocs":
            self.docs.mkdir(exist_ok=True)  # a new project has none before its first build
            self.mkdocs = mkdocsserve.MkDocsPreview(self.root, self.address, self.regenerate,
                                                    self.built, lambda: self.configs)
            self.mkdocs.run()  # builds first, then serves until Ctrl-C
            return
        self.mirror = mirror.Mirror(self.root)  # before the first regeneration fills it
        self.regenerate()
        self.start_engine()
        while True:  # Zensical: one regeneration per burst of saves
            self.changed.wait()
            while time.monotonic() - self.last_change < QUIET:
                time.sleep(QUIET / 2)
            self.changed.clear()
            rebuild = self.regenerate()
            if rebuild is not None and (rebuild.full or safeyaml.moved(
                    self.configs, self.zensical.configs, PREVIEW_CONFIG)):
                print("pagina's verwijderd of configuratie veranderd: de voorvertoning begint "
                      "opnieuw", flush=True)
                self.zensical.stop()
                self.start_engine()

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
        self.zensical.stop()
        if self.mirror is not None:
            self.mirror.remove()
        if self.mkdocs is not None:
            self.mkdocs.stop()


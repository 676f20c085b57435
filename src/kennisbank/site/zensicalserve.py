"""The Zensical engine of `kennisbank serve` (`site.serve`): `zensical serve` in a process of
its own, reading and writing only the preview's own folder (`site.mirror`), with only the
configuration files the last check approved (`site.safeyaml`); its messages passed on as
they come, and each finished build reported to the preview."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from kennisbank.site import mirror, project, safeyaml, termlinks

# What Zensical prints when a build is done ('No issues found', 'Build finished in …').
BUILT = re.compile(r"issues? found|Build finished")


class Zensical:
    """One `zensical serve` at a time for the preview of `root`; `built` is called after
    every build it reports."""

    def __init__(self, root: Path, address: str, built: Callable[[], None]) -> None:
        self.root, self.address, self.built = root, address, built
        self.process: subprocess.Popen[str] | None = None
        self.builds = 0  # the builds seen in its output
        self.configs: dict[str, str] = {}  # as the running engine was given them

    def start(self, folder: mirror.Mirror, configs: dict[str, str]) -> None:
        """Start it in `folder` with the configuration files as `configs` approved them."""
        # Written (with the watched file) before the engine starts, so it changes nothing.
        preview = folder.configure(project.zensical_config(self.root))
        # -P: nothing in the project folder shadows the engine's modules (see site.build);
        # site.safeyaml: what Zensical reads again while it serves (a template or a watched
        # file changed) is read safely, and only the configuration files as checked now.
        self.configs = {**configs,  # as the last check approved, and ours
                        safeyaml.key(folder.config): hashlib.sha256(preview).hexdigest()}
        command = [sys.executable, "-P", "-m", "kennisbank.site.safeyaml", "serve", "-f",
                   str(folder.config), "-a", self.address]
        environment = {**safeyaml.environment(self.configs),
                       termlinks.DATA_ENV: str(folder.docs / termlinks.DATA_FILE)}
        self.process = subprocess.Popen(command, cwd=self.root, stdout=subprocess.PIPE,  # noqa: S603 (our own command)
                                        stderr=subprocess.STDOUT, text=True, errors="replace",
                                        env=environment)
        threading.Thread(target=self._output, args=(self.process,), daemon=True).start()

    def _output(self, process: subprocess.Popen[str]) -> None:
        for line in process.stdout or ():
            sys.stdout.write(line)
            sys.stdout.flush()
            if BUILT.search(line):
                self.builds += 1
                self.built()

    def stop(self) -> None:
        """Politely, then for good after ten seconds."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

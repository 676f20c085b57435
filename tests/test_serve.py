"""`kennisbank serve`, as an editor uses it: the live preview answers, a saved change to a
concept's definition shows up on its page, and Ctrl-C stops it (and its engine) cleanly."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DATA
from site_fixtures import copy_project

pytestmark = pytest.mark.server

OLD = "Herstel is het geheel van maatregelen dat schade zo veel mogelijk goedmaakt."
NEW = "Herstel is alles wat de overheid doet om aangerichte schade goed te maken, nu getest."
DEADLINE = 60  # seconds, for the first page and for the change: a loaded machine is slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[str, str] | None:
    """(final URL, body), or None while nothing answers there (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.geturl(), response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@dataclass
class Preview:
    process: subprocess.Popen[bytes]
    port: int
    project: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def wait_for(self, path: str, text: str, deadline: float = DEADLINE) -> str:
        """Poll the page until it contains `text`; its body."""
        end = time.monotonic() + deadline
        body = ""
        while time.monotonic() < end:
            if self.process.poll() is not None:
                pytest.fail(f"kennisbank serve stopped ({self.process.returncode}):\n"
                            f"{self.output()}")
            answer = _get(f"http://127.0.0.1:{self.port}/{path}")
            if answer is not None:
                body = answer[1]
                if text in body:
                    return body
            time.sleep(0.25)
        pytest.fail(f"{path} did not show {text!r} within {deadline} s:\n{self.output()}")


@pytest.fixture(params=["mkdocs", "zensical"])
def preview(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Preview]:
    project = copy_project(DATA / "site", tmp_path / "project")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kennisbank", "serve", "--root", str(project),
             "--engine", request.param, "--adres", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            # As a shell starts a command in the background (`… &`, and so CI): with SIGINT
            # ignored. Ctrl-C must stop the preview all the same (it once did not).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))  # noqa: PLW1509
    preview = Preview(process, port, project, log)
    try:
        yield preview
    finally:
        if process.poll() is None:  # the test failed before it stopped the preview
            os.killpg(process.pid, signal.SIGKILL)  # its own group: the engine too
            process.wait(timeout=10)


def test_a_saved_definition_shows_up_and_ctrl_c_stops_cleanly(preview: Preview) -> None:
    page = "begrippen/herstel/"
    preview.wait_for(page, OLD)

    concept = preview.project / "begrippen" / "herstel.yaml"
    source = concept.read_text(encoding="utf-8")
    assert OLD in source
    concept.write_text(source.replace(OLD, NEW), encoding="utf-8")
    body = preview.wait_for(page, NEW)
    assert OLD not in body
    # The page came first; the files of the whole scheme follow (a background generation).
    preview.wait_for("downloads/begrippenkader.ttl", NEW)

    # Another concept's page whose Markdown stays the same but whose term link to the
    # changed concept gets a new tooltip is rendered again too (under both engines).
    concept = preview.project / "begrippen" / "spijtbetuiging.yaml"
    tip = "Een spijtbetuiging is een ouder woord voor excuses."  # still uses "excuses"
    concept.write_text(re.sub(r"(?m)^definitie: .*$", f"definitie: {tip}",
                              concept.read_text(encoding="utf-8")), encoding="utf-8")
    preview.wait_for("begrippen/excuses/", f'title="{tip}"')

    # A new label makes a link appear on a hand-written page (docs/visie.md says
    # "voortgangsbrief"), whose Markdown does not change.
    concept = preview.project / "begrippen" / "excuses.yaml"
    concept.write_text(concept.read_text(encoding="utf-8").replace(
        "alternatieve_termen: [sorry <b>vet</b>]",
        "alternatieve_termen: [sorry <b>vet</b>, voortgangsbrief]"), encoding="utf-8")
    preview.wait_for("visie/", "voortgangsbrief</a>")

    preview.process.send_signal(signal.SIGINT)  # what Ctrl-C in the terminal sends
    try:
        code = preview.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"kennisbank serve did not stop on SIGINT:\n{preview.output()}")
    assert code == 0, preview.output()
    assert "Traceback" not in preview.output()
    # the engine went with it: no process left in the preview's group, nothing on the port
    with pytest.raises(ProcessLookupError):
        os.killpg(preview.process.pid, 0)
    assert _get(f"http://127.0.0.1:{preview.port}/{page}") is None


def test_rapid_saves_never_fail_a_rebuild_and_the_last_one_shows(preview: Preview) -> None:
    """Ten saves to different concepts in quick succession, while the engine is rebuilding:
    no rebuild fails (MkDocs once rendered a page written in the middle of its dirty build
    without content), and every concept's page ends up showing its last definition."""
    preview.wait_for("begrippen/herstel/", OLD)
    concepts = sorted(p for p in (preview.project / "begrippen").glob("*.yaml")
                      if not p.name.startswith("_"))
    last: dict[Path, str] = {}
    for n in range(10):
        concept = concepts[n % len(concepts)]
        text = f"Snelle wijziging {n} van {concept.stem}, nog een keer opgeslagen."
        source = concept.read_text(encoding="utf-8")
        concept.write_text(re.sub(r"(?m)^definitie: .*$", f"definitie: {text}", source),
                           encoding="utf-8")
        last[concept] = text
        time.sleep(0.1)  # an editor saving file after file; not a measurement
    for concept, text in last.items():
        preview.wait_for(f"begrippen/{concept.stem}/", text)

    preview.process.send_signal(signal.SIGINT)
    preview.process.wait(timeout=30)
    log = preview.log.read_text(encoding="utf-8", errors="replace")
    for sign in ("Error building page", "Traceback", "error happened during the rebuild"):
        assert sign not in log, log[-4000:]


def test_a_word_that_comes_and_goes_costs_no_full_build(preview: Preview) -> None:
    """A word with first letters no other word has makes a search shard; saved away again,
    the shard goes, from the served site too, without a full build (which cleaned and built
    the whole site under MkDocs and started Zensical again: some 15 s at 1,000 concepts)."""
    preview.wait_for("begrippen/herstel/", OLD)
    concept = preview.project / "begrippen" / "herstel.yaml"
    source = concept.read_text(encoding="utf-8")
    concept.write_text(source.replace(OLD, OLD.replace("schade", "quokkaschade")),
                       encoding="utf-8")
    preview.wait_for("zoeken/tekst-qu.json", '"quokka')  # the background generation's
    concept.write_text(source, encoding="utf-8")
    preview.wait_for("begrippen/herstel/", OLD)
    end = time.monotonic() + DEADLINE
    while _get(f"http://127.0.0.1:{preview.port}/zoeken/tekst-qu.json") is not None:
        assert time.monotonic() < end, f"the shard stayed:\n{preview.output()}"
        assert preview.process.poll() is None, preview.output()
        time.sleep(0.25)
    assert _get(f"http://127.0.0.1:{preview.port}/zoeken/tekst-sc.json") is not None
    log = preview.log.read_text(encoding="utf-8", errors="replace")
    assert log.count("Cleaning site directory") <= 1, log[-4000:]  # MkDocs: the first build
    assert "begint opnieuw" not in log, log[-4000:]  # Zensical: not started again
    preview.wait_for("begrippen/herstel/", OLD)


def test_a_cached_zensical_build_after_an_edit_equals_a_clean_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`kennisbank build --engine zensical` keeps Zensical's cache and drops from it only the
    pages that mention a changed concept: the site is the same as a clean build's."""
    from kennisbank.cli.main import main

    project = copy_project(DATA / "site", tmp_path / "project")
    build = ["build", "--root", str(project), "--engine", "zensical"]
    assert main(build) == 0
    concept = project / "begrippen" / "herstel.yaml"
    concept.write_text(concept.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    capsys.readouterr()
    assert main(build) == 0  # from the cache, but for the pages that mention 'herstel'
    said = capsys.readouterr().out
    assert "zonder cache" not in said and "pagina's met andere termen opnieuw" in said, said
    cached = {p.relative_to(project / "site"): p.read_bytes()
              for p in (project / "site").rglob("*") if p.is_file()}
    assert NEW in cached[Path("visie/index.html")].decode()  # its tooltip, on another page
    shutil.rmtree(project / ".cache")
    assert main(build) == 0
    clean = {p.relative_to(project / "site"): p.read_bytes()
             for p in (project / "site").rglob("*") if p.is_file()}
    assert cached.keys() == clean.keys()
    assert [path for path in clean if cached[path] != clean[path]] == []

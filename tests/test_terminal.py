"""Terminal escapes: no value from content, a vocabulary or a file name reaches the terminal as
a control sequence. Each command runs the real CLI in a subprocess (as in test_hostile.py) on
a project holding escape sequences (clear screen, an OSC 52 clipboard write, an OSC 8 link, an
8-bit CSI, BEL, a right-to-left override) and its output must hold none of those characters;
JSON output stays JSON with exactly the values."""

from __future__ import annotations

import json
import re

import pytest

import test_hostile
from kennisbank.core.findings import Finding, Level
from kennisbank.core.terminal import visible
from test_hostile import Project

listener, project = test_hostile.listener, test_hostile.project

CLEAR = "\x1b[2J\x1b[H"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
LINK = "\x1b]8;;https://example.net/\x1b\\klik\x1b]8;;\x1b\\"
CSI8 = "\x9b31m"
RLO = "\u202e"
PAYLOAD = CLEAR + CLIPBOARD + LINK + CSI8 + RLO + "\x7f"
TURTLE = visible(PAYLOAD.replace("\\", "\\\\"))  # the payload in a Turtle string
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                       "\u202a-\u202e\u2066-\u2069]")


def assert_clean(out: str) -> None:
    found = FORBIDDEN.findall(out)
    assert not found, (found, out)


# -- the function --------------------------------------------------------------------------


def test_visible_shows_every_control_as_an_escape() -> None:
    assert visible(PAYLOAD) == ("\\u001b[2J\\u001b[H\\u001b]52;c;cm0gLXJmIH4=\\u0007"
                                "\\u001b]8;;https://example.net/\\u001b\\klik\\u001b]8;;"
                                "\\u001b\\\\u009b31m\\u202e\\u007f")
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("a\tb\nc\r", one_line=True) == "a\\u0009b\\u000ac\\u000d"
    assert visible("Straße, één, ß, 😀") == "Straße, één, ß, 😀"


@pytest.mark.parametrize("value", [PAYLOAD, "a\"b\\c\n\u2028", "\u0085\u00a0"])
def test_json_through_visible_is_the_same_json(value: str) -> None:
    document = {"melding": value, "lijst": [value, 1]}
    for indent in (None, 2):
        text = visible(json.dumps(document, ensure_ascii=False, indent=indent))
        assert_clean(text)
        assert json.loads(text) == document


def test_a_finding_is_one_line_whatever_its_path_and_message() -> None:
    finding = Finding(f"begrippen/x{CLEAR}\n.yaml", 1, 2, Level.FOUT, "code",
                      f"waarde {PAYLOAD}\nnep:1:1: fout")
    line = finding.format()
    assert "\n" not in line
    assert_clean(line)


# -- the commands --------------------------------------------------------------------------


def _hostile_vocabulary(project: Project) -> None:
    """The vocabulary's labels and definitions carry the payload (JSON escapes in JSON-LD)."""
    path = project.root / "vocabulaires/uwv.jsonld"
    data = json.loads(path.read_text(encoding="utf-8"))
    for node in data["@graph"]:
        node["skos:prefLabel"][0]["@value"] += PAYLOAD
        node["skos:definition"] = [{"@value": "Een uitleg " + PAYLOAD, "@language": "nl"}]
    path.write_text(json.dumps(data), encoding="utf-8")


def test_match_shows_a_vocabularys_escapes_as_text(project: Project) -> None:
    source = project.tmp / "ander.ttl"
    source.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://example.net/herstel> a skos:Concept ; skos:prefLabel \"herstel\"@nl ; "
        f'skos:altLabel "herstel {TURTLE}"@nl ; '
        f'skos:definition "Een uitleg {TURTLE}"@nl .\n'
        "<https://example.net/erkenning> a skos:Concept ; "
        f'skos:prefLabel "erkenning {TURTLE}"@nl .\n', encoding="utf-8")
    run = project.run("match", str(source), "--drempel", "0", "--definities")
    project.assert_safe(run, 0, "\\u001b[2J", "\\u001b]52")
    assert_clean(run.out)


def test_the_did_you_mean_hint_shows_escapes_as_text(project: Project) -> None:
    _hostile_vocabulary(project)
    path = project.root / "begrippen/spijtbetuiging.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "https://example.com/andere/spijt]", "https://example.com/andere/spijtt]"))
    run = project.run("check")
    project.assert_safe(run, 1, "begrippen/spijtbetuiging.yaml", "bedoelde je",
                        "\\u001b]8;;")
    assert_clean(run.out)
    run = project.run("check", "--format", "json")
    assert_clean(run.out)
    messages = [f["melding"] for f in json.loads(run.out)["bevindingen"]]
    assert any(PAYLOAD in m for m in messages), "JSON keeps the exact value"


@pytest.mark.parametrize("value", [
    '"term \\e[2J"',  # YAML's own escape for ESC
    '"term \\x9b31m"',
    '"term \\a"',
])
def test_values_in_findings_show_escapes_as_text(project: Project, value: str) -> None:
    project.write("begrippen/proef.yaml", f"voorkeursterm: {value}\ndefinitie: Een proef.\n"
                  f"breder: [{value}]\n")
    run = project.run("check")
    project.assert_safe(run, 1, "begrippen/proef.yaml")
    assert_clean(run.out)


def test_a_file_name_with_escapes_is_named_as_text(project: Project) -> None:
    project.write(f"begrippen/{CLEAR}x{RLO}.yaml", "voorkeursterm: x\ndefinitie: Een x.\n")
    run = project.run("check")
    project.assert_safe(run, 1, "begrippen/\\u001b[2J")
    assert_clean(run.out)


def test_diff_shows_escapes_as_text(project: Project) -> None:
    import shutil

    old = project.tmp / "oud"
    shutil.copytree(project.root, old)
    path = project.root / "begrippen/herstel.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("definitie: ", f"definitie: {RLO}gewijzigd{RLO} ", 1),
                    encoding="utf-8")
    run = project.run("diff", str(old), str(project.root))
    project.assert_safe(run, 0, "\\u202egewijzigd")
    assert_clean(run.out)
    run = project.run("diff", str(old), str(project.root), "--format", "json")
    assert_clean(run.out)
    assert f"{RLO}gewijzigd{RLO}" in json.dumps(json.loads(run.out), ensure_ascii=False)


def test_import_messages_show_escapes_as_text(project: Project) -> None:
    source = project.tmp / "vreemd.ttl"
    source.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://example.net/s> a skos:ConceptScheme ; skos:prefLabel "
        f'"Schema {TURTLE}"@nl .\n'

        "<https://example.net/c> a skos:Concept ; skos:inScheme <https://example.net/s> ; "
        f'skos:prefLabel "begrip {TURTLE}"@nl ; '
        f'skos:definition "Een begrip {TURTLE}"@nl .\n', encoding="utf-8")
    run = project.run("import", str(source), "--out", str(project.tmp / "uit"), root=False)
    assert "Traceback" not in run.out
    assert run.code in (0, 1), run.out
    assert "ongeldig-teken" in run.out, run.out
    assert_clean(run.out)

"""Output that does not drown the signal (issue 27): per code the first five places and a
count, errors first; `--alle` prints everything; `--format json` stays complete. For check,
import and build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import DATA
from kennisbank.core.findings import Finding, Level, report_lines


def _finding(path: str, level: Level, code: str) -> Finding:
    return Finding(path, 1, 1, level, code, "melding")


def test_report_lines_errors_first_five_per_code_and_a_count() -> None:
    findings = [_finding(f"begrippen/w{i}.yaml", Level.WAARSCHUWING, "geen-definitie")
                for i in range(1234)]
    findings += [_finding("begrippen/z.yaml", Level.FOUT, "zelf-fout"),
                 _finding("begrippen/a.yaml", Level.WAARSCHUWING, "andere")]
    lines = report_lines(findings)
    assert lines[0].startswith("begrippen/z.yaml:1:1: fout [zelf-fout]")
    assert lines[1].startswith("begrippen/a.yaml:1:1: waarschuwing [andere]")
    assert [line.split(":")[0] for line in lines[2:7]] == [
        f"begrippen/w{i}.yaml" for i in range(5)]
    assert lines[7] == ("  … en nog 1.229 × waarschuwing [geen-definitie] (1.234 in totaal; "
                        "--alle toont ze allemaal)")
    assert len(lines) == 8
    everything = report_lines(findings, everything=True)
    assert len(everything) == len(findings)
    assert sorted(everything) == sorted(f.format() for f in findings)


def _vocabulary(path: Path, concepts: int) -> Path:
    """A SKOS file of `concepts` concepts without definitions (a warning each under skos)
    and one label with a C0 control character (an error)."""
    rows = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
            "<http://example.org/s> a skos:ConceptScheme ; skos:prefLabel \"Proef\"@nl ."]
    rows += [f"<http://example.org/c{i:05d}> a skos:Concept ; skos:inScheme "
             f"<http://example.org/s> ; skos:prefLabel \"begrip {i}\"@nl ." for i in
             range(concepts)]
    rows.append("<http://example.org/fout> a skos:Concept ; skos:inScheme "
                "<http://example.org/s> ; skos:prefLabel \"stuur\\u0001teken\"@nl .")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_import_and_check_of_a_large_vocabulary_fit_a_screen(tmp_path: Path,
                                                              run_cli) -> None:  # type: ignore[no-untyped-def]
    source = _vocabulary(tmp_path / "groot.ttl", 1200)
    code, out, _ = run_cli("import", str(source), "--out", str(tmp_path / "uit"))
    lines = out.splitlines()
    assert code == 1
    assert len(lines) <= 15, out
    assert lines[0].endswith("1.201 begrippen; controle: 1 fout, 1.201 waarschuwingen")
    assert "fout [ongeldig-teken]" in lines[1]
    assert "… en nog 1.196 × waarschuwing [ontbrekende-sleutel]" in out
    root = tmp_path / "uit"
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1
    assert len(out.splitlines()) <= 15
    assert "fout [ongeldig-teken]" in out.splitlines()[0]
    code, out, _ = run_cli("check", "--root", str(root), "--alle")
    assert len(out.splitlines()) == 1202 + 1
    code, out, _ = run_cli("check", "--root", str(root), "--format", "json")
    report = json.loads(out)
    assert (report["fouten"], report["waarschuwingen"]) == (1, 1201)
    assert len(report["bevindingen"]) == 1202
    code, out, _ = run_cli("import", str(source), "--out", str(tmp_path / "alles"), "--alle")
    assert len(out.splitlines()) == 1 + 1202


def test_build_shows_its_errors_summarised(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "kader"
    shutil.copytree(DATA / "skos-volledig", root)
    for i in range(8):
        (root / "begrippen" / f"los-{i}.yaml").write_text(
            f"voorkeursterm: los {i}\ndefinitie: Los begrip {i}.\nbreder: [bestaat-niet]\n",
            encoding="utf-8")
    code, _, err = run_cli("build", "--root", str(root))
    lines = err.splitlines()
    assert code == 1
    assert [line.split(" [")[1].split("]")[0] for line in lines[:5]] == ["onbekend-begrip"] * 5
    assert lines[5].startswith("  … en nog 3 × fout [onbekend-begrip] (8 in totaal")
    assert "bouwen gestopt" in lines[6]
    assert not (root / "site").exists()
    code, _, err = run_cli("build", "--root", str(root), "--alle")
    assert sum("fout [onbekend-begrip]" in line for line in err.splitlines()) == 8


def test_lossy_import_lists_five_dropped_triples_and_a_count(tmp_path: Path,
                                                              run_cli) -> None:  # type: ignore[no-untyped-def]
    rows = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
            "@prefix dct: <http://purl.org/dc/terms/> .",
            "<http://example.org/s> a skos:ConceptScheme ; skos:prefLabel \"Proef\"@nl ."]
    rows += [f"<http://example.org/c{i:02d}> a skos:Concept ; skos:inScheme "
             f"<http://example.org/s> ; skos:prefLabel \"begrip {i}\"@nl ; "
             f"dct:created \"2020-01-{i + 1:02d}\" ." for i in range(20)]
    source = tmp_path / "klein.ttl"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, _ = run_cli("import", str(source), "--out", str(tmp_path / "b"), "--lossy",
                           "--alle")
    every = [line for line in out.splitlines() if line.startswith("weggelaten: ")]
    assert code == 0 and len(every) >= 20  # each dct:created, and what else has no key
    code, out, _ = run_cli("import", str(source), "--out", str(tmp_path / "a"), "--lossy")
    lines = out.splitlines()
    assert code == 0
    assert lines[:5] == every[:5]
    assert lines[5] == (f"  … en nog {len(every) - 5} weggelaten triples ({len(every)} in "
                        "totaal; --alle toont ze allemaal)")
    assert not any(line.startswith("weggelaten: ") for line in lines[6:])

"""The loader refuses what would be unsafe or lossy, and stays linear on hostile input."""

from __future__ import annotations

from pathlib import Path

from kennisbank.content.yamlsource import read_document
from kennisbank.core.findings import Finding


def _read(tmp_path: Path, text: str | bytes) -> tuple[object, list[Finding]]:
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    findings: list[Finding] = []
    return read_document(path, "x.yaml", findings), findings


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 30):  # 10**30 items if expanded
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    node, findings = _read(tmp_path, "\n".join(lines))
    assert node is None
    assert [f.code for f in findings] == ["yaml-alias"]


def test_merge_keys_and_custom_tags_are_refused(tmp_path: Path) -> None:
    _, findings = _read(tmp_path, "basis: {a: 1}\nb:\n  <<: {a: 2}\nc: !eigen 3\n")
    assert sorted((f.code, f.line) for f in findings) == [("yaml-tag", 3), ("yaml-tag", 4)]


def test_bom_is_accepted_and_invalid_utf8_located(tmp_path: Path) -> None:
    node, findings = _read(tmp_path, b"\xef\xbb\xbfa: b\n")
    assert node is not None and not findings
    _, findings = _read(tmp_path, b"a: b\nc: d\xffe\n")
    assert [(f.code, f.line, f.column) for f in findings] == [("geen-utf8", 2, 5)]


def test_multiple_documents_are_a_syntax_error(tmp_path: Path) -> None:
    _, findings = _read(tmp_path, "a: 1\n---\nb: 2\n")
    assert [f.code for f in findings] == ["yaml-syntax"]
    assert "meer dan één YAML-document" in findings[0].message

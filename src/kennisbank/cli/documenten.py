"""Reading a document for `kennisbank tekst` safely: .txt and .md as text, .docx and .odt as
the paragraphs of their main XML part, within size limits, never a DTD or an entity, never a
zip that unpacks into far more than it holds, nor XML of more elements or levels than a
document has. Every refusal is a Dutch message, exit 2."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from kennisbank.core.findings import KennisbankError, os_reason

MAX_FILE = 20_000_000  # bytes on disk, any kind
MAX_PART = 50_000_000  # bytes of the one XML part we read from a .docx or .odt, unpacked
MAX_RATIO = 200  # unpacked / packed: ordinary XML packs 5 to 20 times, a zip bomb thousands
MAX_MEMBERS = 10_000
EXTENSIONS = (".txt", ".md", ".docx", ".odt")
PARTS = {".docx": "word/document.xml", ".odt": "content.xml"}

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _refuse(path: Path, why: str) -> KennisbankError:
    return KennisbankError(f"{path}: {why}", exit_code=2)


def read_document(path: Path) -> str:
    """The text of a document, one line per paragraph, line breaks as '\\n'."""
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise _refuse(path, f"kan dit soort bestand niet lezen ({suffix or 'geen extensie'}); "
                      "kies een .txt-, .md-, .docx- of .odt-bestand")
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise _refuse(path, f"het bestand is te groot ({size / 1e6:.0f} MB; hoogstens "
                          f"{MAX_FILE // 1_000_000} MB)")
        if path.is_dir():
            raise _refuse(path, "het is een map")
        if suffix in PARTS:
            return _paragraphs(path, suffix, _part(path, PARTS[suffix]))
        return _text(path, path.read_bytes())
    except OSError as exc:
        raise _refuse(path, f"kan het bestand niet lezen: {os_reason(exc)}") from exc


def _text(path: Path, data: bytes) -> str:
    if b"\0" in data:
        raise _refuse(path, "dit is geen tekstbestand (het bevat binaire gegevens)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # an older Windows text file
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _part(path: Path, name: str) -> bytes:
    kind = path.suffix.lower()
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise _refuse(path, f"het {kind}-bestand bevat te veel onderdelen")
            info = next((m for m in members if m.filename == name), None)
            if info is None:
                raise _refuse(path, f"dit is geen {kind}-bestand ({name} ontbreekt)")
            if info.file_size > MAX_PART or \
                    info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse(path, f"het {kind}-bestand pakt uit tot veel meer dan het "
                              "bevat (een zip-bom?); het wordt niet gelezen")
            with archive.open(info) as part:
                data = part.read(MAX_PART + 1)  # the header may lie about the size
            if len(data) > MAX_PART or len(data) > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse(path, f"het {kind}-bestand pakt uit tot veel meer dan het "
                              "bevat (een zip-bom?); het wordt niet gelezen")
            return data
    except zipfile.BadZipFile as exc:
        raise _refuse(path, f"dit is geen geldig {kind}-bestand (geen zip-archief)") from exc
    except (RuntimeError, NotImplementedError, EOFError, zipfile.LargeZipFile) as exc:
        raise _refuse(path, f"kan het {kind}-bestand niet uitpakken (versleuteld of "
                      "beschadigd?)") from exc


def _paragraphs(path: Path, kind: str, data: bytes) -> str:
    # A document needs no DTD; one that brings its own could define entities that expand
    # without end or fetch other files. Refused before the parser sees it.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _refuse(path, f"het {kind}-bestand bevat een DTD of entiteiten; die worden om "
                      "veiligheidsredenen niet gelezen")
    # Every element starts with a '<' that no '/' follows (comments, CDATA and instructions
    # count too, so this is an upper bound): counted in C before a tree is built.
    if data.count(b"<") - data.count(b"</") > MAX_ELEMENTS:
        raise _refuse(path, f"het {kind}-bestand bevat meer dan {_MAX_ELEMENTS_NL} "
                      "XML-elementen; een gewoon document heeft er een paar honderd per "
                      "bladzijde")
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - DTDs and entities refused above
    except ElementTree.ParseError as exc:
        raise _refuse(path, f"het {kind}-bestand is beschadigd (ongeldige XML: {exc})") from exc
    if _deeper_than(root, MAX_DEPTH):
        raise _refuse(path, f"het {kind}-bestand is dieper genest dan {MAX_DEPTH} niveaus; "
                      "een gewoon document heeft er hooguit enkele tientallen")
    lines: list[str] = []
    if kind == ".docx":
        for p in root.iter(f"{W}p"):
            lines.append("".join(_docx_run(p)))
    else:
        _odt(root, lines)
    return "\n".join(lines)


# Word processors nest a few dozen levels at most. A crafted file nests paragraphs or sections
# thousands deep: every paragraph would walk everything below it (quadratic) and the ODF
# reader would recurse until Python stops it.
MAX_DEPTH = 200
# A parsed element costs ElementTree some 170 bytes, an empty paragraph `<w:p/>` 6 bytes of XML
# and far less packed: a 477 kB .docx of 8.2 million of them took 1.4 GB. An ordinary page of
# a Word document holds a few hundred elements (some 43 bytes of XML each), so a million is a
# document of thousands of pages, and at most some 170 MB in memory.
MAX_ELEMENTS = 1_000_000
_MAX_ELEMENTS_NL = f"{MAX_ELEMENTS:,}".replace(",", ".")


def _deeper_than(root: ElementTree.Element, limit: int) -> bool:
    """Whether the tree nests more than `limit` levels (one pass, no recursion)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in node)
    return False


def _docx_run(paragraph: ElementTree.Element) -> list[str]:
    out: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}tab":
            out.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            out.append(" ")  # a line break inside a paragraph: the line stays one line
    return out


def _odt(node: ElementTree.Element, lines: list[str]) -> None:
    """Every paragraph and heading of an ODF text, in document order; notes left out."""
    for child in node:
        if child.tag in (f"{T}p", f"{T}h"):
            lines.append("".join(_odt_text(child)))
        else:
            _odt(child, lines)


def _odt_text(node: ElementTree.Element) -> list[str]:
    out = [node.text or ""]
    for child in node:
        if child.tag == f"{T}s":
            count = child.get(f"{T}c", "1")
            out.append(" " * (min(int(count), 100) if count.isdigit() else 1))
        elif child.tag == f"{T}tab":
            out.append("\t")
        elif child.tag == f"{T}line-break":
            out.append(" ")
        elif child.tag != f"{T}note":
            out.extend(_odt_text(child))
        out.append(child.tail or "")
    return out

"""rdflib's parse errors told in Dutch: one line with the file, line and column, what is wrong
there and what was expected, never rdflib's English or a Python b'…' fragment.

Each parser reports differently: Turtle, N3 and TriG (rdflib's notation3) give the offset
in the text; RDF/XML gives expat's line and column, or rdflib's own "file:line:col:"; JSON
gives line and column; N-Triples names only the bad line's text, so the line is found by
reading the lines one by one. A truncated Turtle file makes rdflib fail with an IndexError:
that is the end of the file, where a statement was cut off.
"""

from __future__ import annotations

import re
from typing import Any

LABELS = {"turtle": "Turtle", "ttl": "Turtle", "n3": "N3", "trig": "TriG", "xml": "RDF/XML",
          "application/rdf+xml": "RDF/XML", "json-ld": "JSON-LD", "nt": "N-Triples",
          "ntriples": "N-Triples", "nquads": "N-Quads", "trix": "TriX"}


class RdfSyntaxError(ValueError):
    """A file that is not valid RDF in its format: where, what, and what was expected."""

    def __init__(self, name: str, line: int, column: int, label: str, problem: str):
        self.name, self.line, self.column = name, line, column
        self.label, self.problem = label, problem
        super().__init__(f"{name}:{line}:{column}: geen geldige {label}: {problem}")


# rdflib's notation3 reasons (its BadSyntax `why`), as a regex → the Dutch problem.
_TURTLE = (
    (r"Prefix \"(.*):\" not bound", "voorvoegsel '{0}:' is niet gedeclareerd; verwachtte "
     "eerder in het bestand '@prefix {0}: <…> .'"),
    (r"expected '\.' or '\}' or '\]' at end of statement", "de uitspraak ervoor is niet "
     "afgesloten; verwachtte '.' (of ';' of ',' met nog een predicaat of object)"),
    (r"'\]' expected", "verwachtte ']' om de blanco knoop af te sluiten"),
    (r"expected qname after @prefix", "verwachtte na @prefix een voorvoegsel met ':' "
     "(zoals 'ex:')"),
    (r"expected <uriref> after @prefix", "verwachtte na het voorvoegsel een IRI tussen < en >"),
    (r"expected <uri> after @base", "verwachtte na @base een IRI tussen < en >"),
    (r"unterminated URI reference", "een IRI zonder afsluitende '>'; verwachtte '>'"),
    (r"newline found in string literal", "een regeleinde binnen een tekst tussen enkele "
     "aanhalingstekens; verwachtte het afsluitende '\"' op dezelfde regel (of \"\"\" voor "
     "tekst over meer regels)"),
    (r"unterminated string literal", "een tekst zonder afsluitende aanhalingstekens; "
     "verwachtte '\"' of '\"\"\"'"),
    (r"bad escape", "een ongeldige escape na '\\'; verwachtte \\t, \\n, \\r, \\\", \\', "
     "\\\\, \\uXXXX of \\UXXXXXXXX"),
    (r"Bad language code syntax", "een ongeldige taalcode na '@'; verwachtte een taalcode "
     "zoals @nl of @en-GB"),
    (r"expected item in list or '\)'", "verwachtte een element of ')' in de lijst"),
    (r"needed '\)', found end", "de lijst is niet afgesloten; verwachtte ')'"),
    (r"needed '\}', found end", "de graaf is niet afgesloten; verwachtte '}'"),
    (r"expected directive or statement", "verwachtte een @prefix- of @base-regel of een "
     "uitspraak (onderwerp predicaat object .)"),
    (r"objectList expected|EOF found after object|EOF found in list of objects",
     "verwachtte een object (een IRI, een tekst of een getal)"),
    (r"property_list expected|expected propertylist", "verwachtte een predicaat en een object"),
    (r"EOF", "het bestand houdt op midden in een uitspraak; verwachtte het vervolg en '.'"),
    (r"Found .* in Turtle mode|keyword|Keyword", "een N3-constructie die Turtle niet kent; "
     "verwachtte Turtle (onderwerp predicaat object .)"),
)

# expat's messages (RDF/XML) → the Dutch problem.
_XML = (
    ("not well-formed", "geen welgevormde XML: een teken dat hier niet mag; verwachtte een "
     "naam, tekst of een volledig element"),
    ("unclosed token", "het bestand houdt op midden in een element of tekst; verwachtte het "
     "vervolg en de sluitelementen"),
    ("no element found", "geen (volledig) XML-element: het bestand is leeg of afgebroken; "
     "verwachtte <rdf:RDF …> … </rdf:RDF>"),
    ("mismatched tag", "dit sluitelement hoort niet bij het laatst geopende element; "
     "verwachtte eerst diens sluitelement"),
    ("junk after document element", "tekst na het einde van het hoofdelement; verwachtte "
     "niets meer na </rdf:RDF>"),
    ("unbound prefix", "een voorvoegsel zonder xmlns-declaratie; verwachtte "
     "xmlns:voorvoegsel=\"…\" op dit of een omvattend element"),
    ("duplicate attribute", "een attribuut staat twee keer in één element; verwachtte elk "
     "attribuut één keer"),
    ("undefined entity", "een onbekende entiteit; verwachtte &amp;, &lt;, &gt;, &quot;, "
     "&apos; of een tekenverwijzing"),
    ("XML declaration not well-formed", "de XML-declaratie klopt niet; verwachtte "
     "<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
    ("invalid character number", "een tekenverwijzing naar een teken dat XML niet toestaat; "
     "verwachtte een teken buiten U+0000–U+0008, U+000B, U+000C en U+000E–U+001F"),
    ("unclosed CDATA section", "een CDATA-sectie zonder ']]>'; verwachtte ']]>'"),
    ("encoding", "een tekencodering die niet klopt; verwachtte UTF-8"),
    ("syntax error", "een XML-syntaxisfout; verwachtte <?xml …?> of een element"),
)

# Python's json messages (JSON-LD) → the Dutch problem.
_JSON = (
    ("Expecting value", "verwachtte een waarde (tekst, getal, object, lijst, true, false of "
     "null)"),
    ("Expecting ',' delimiter", "verwachtte ',' tussen twee waarden (of het einde van het "
     "object of de lijst)"),
    ("Expecting ':' delimiter", "verwachtte ':' na de naam van een eigenschap"),
    ("Expecting property name", "verwachtte de naam van een eigenschap tussen dubbele "
     "aanhalingstekens (een ',' te veel?)"),
    ("Unterminated string", "een tekst zonder afsluitend '\"'; verwachtte '\"'"),
    ("Invalid control character", "een stuurteken binnen een tekst; verwachtte het als "
     "escape (\\n, \\t, \\u0001)"),
    ("Invalid \\uXXXX escape", "een ongeldige \\u-escape; verwachtte \\u met vier "
     "hexadecimale cijfers"),
    ("Invalid \\escape", "een ongeldige escape na '\\'; verwachtte \\\", \\\\, \\/, \\b, \\f, "
     "\\n, \\r, \\t of \\uXXXX"),
    ("Extra data", "tekst na het einde van het JSON-document; verwachtte niets meer"),
)


def _place(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _at(text: str, offset: int) -> str:
    """' (bij «…»)': the text from the place on, to the end of its line, at most 30
    characters; '' at the end of the file."""
    rest = text[offset:].split("\n", 1)[0].strip()
    if not rest:
        return ""
    return f" (bij «{rest[:30]}{'…' if len(rest) > 30 else ''}»)"


def _first(table: tuple[tuple[str, str], ...], message: str, regex: bool = False) -> str | None:
    for pattern, dutch in table:
        if not regex:
            if pattern in message:
                return dutch
            continue
        found = re.search(pattern, message)
        if found:
            return dutch.format(*found.groups()) if found.groups() else dutch
    return None


def _notation3(exc: Any, text: str) -> tuple[int, int, str]:
    if isinstance(exc._str, bytes | bytearray):  # what rdflib parsed: the whole text
        text = exc._str.decode("utf-8", errors="replace")
    offset = int(exc._i)
    if offset < 0:  # rdflib's "at the end": the text ran out
        offset = len(text.rstrip())
    line, column = _place(text, offset)
    problem = _first(_TURTLE, str(exc._why), regex=True) or (
        "ongeldige syntaxis; verwachtte een uitspraak als 'onderwerp predicaat object .'")
    return line, column, problem + _at(text, offset)


def _xml(exc: Any, text: str) -> tuple[int, int, str]:
    if hasattr(exc, "getLineNumber"):  # expat, through xml.sax
        line, column = int(exc.getLineNumber() or 1), int(exc.getColumnNumber() or 0) + 1
        message = str(exc.getMessage())
        problem = _first(_XML, message) or "geen welgevormde XML; verwachtte welgevormde XML"
    else:  # rdflib's own check of the RDF/XML grammar: 'file:line:col: message'
        found = re.search(r":(\d+):(\d+): ", str(exc))
        line, column = (int(found.group(1)), int(found.group(2)) + 1) if found else (1, 1)
        problem = ("welgevormde XML, maar niet zoals RDF/XML een beschrijving opbouwt; "
                   "verwachtte rdf:Description- of getypeerde elementen met daarin "
                   "eigenschappen (rdf:resource, rdf:about, tekst)")
    lines = text.split("\n")
    offset = sum(len(row) + 1 for row in lines[: line - 1]) + column - 1
    return line, column, problem + _at(text, offset)


def _json(exc: Any, text: str) -> tuple[int, int, str]:
    problem = _first(_JSON, str(exc.msg)) or "geen geldige JSON; verwachtte een JSON-document"
    return int(exc.lineno), int(exc.colno), problem + _at(text, int(exc.pos))


def _ntriples(exc: Exception, text: str, fmt: str) -> tuple[int, int, str]:
    """rdflib names only what was left of the bad line when it gave up: the line is the
    first that ends in that rest and does not parse on its own (lines end in LF, CR or
    CRLF, as N-Triples says)."""
    from rdflib import Graph

    rest = str(exc).split(": ", 1)[-1].rstrip()
    rows = re.split(r"\r\n|\r|\n", text)
    for number, row in enumerate(rows, 1):
        stripped = row.rstrip()
        if not stripped or stripped.lstrip().startswith("#") or not stripped.endswith(rest):
            continue
        try:
            Graph(bind_namespaces="none").parse(data=row + "\n", format=fmt)
        except Exception:  # noqa: BLE001 - any failure: this is the bad line
            column = len(stripped) - len(rest) + 1 if rest else 1
            return number, column, ("deze regel is geen geldige triple; verwachtte <onderwerp> "
                                    "<predicaat> object . op één regel" + _at(row, column - 1))
    return len(rows), 1, "deze regel is geen geldige triple; verwachtte <onderwerp> " \
        "<predicaat> object . op één regel"


def rdf_syntax_error(exc: BaseException, data: bytes, fmt: str, name: str) -> RdfSyntaxError:
    """The Dutch RdfSyntaxError for `exc`, raised by rdflib parsing `data` as `fmt`."""
    import json
    import xml.sax

    from rdflib.plugins.parsers.notation3 import BadSyntax

    label = LABELS.get(fmt, fmt)
    if isinstance(exc, UnicodeDecodeError) and isinstance(exc.object, bytes):
        before = exc.object[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        return RdfSyntaxError(name, line, column, label, f"byte 0x{exc.object[exc.start]:02X} "
                              "is geen UTF-8; verwachtte een bestand in UTF-8")
    text = data.decode("utf-8", errors="replace")
    if isinstance(exc, BadSyntax):
        where = _notation3(exc, text)
    elif isinstance(exc, xml.sax.SAXParseException) or fmt in ("xml", "application/rdf+xml"):
        where = _xml(exc, text)
    elif isinstance(exc, json.JSONDecodeError):
        where = _json(exc, text)
    elif fmt in ("nt", "ntriples", "nquads"):
        where = _ntriples(exc if isinstance(exc, Exception) else ValueError(), text, fmt)
    elif isinstance(exc, IndexError) and fmt in ("turtle", "ttl", "n3", "trig"):
        line, column = _place(text, len(text.rstrip()))
        where = (line, column, "het bestand houdt op midden in een uitspraak (afgebroken?); "
                 "verwachtte het vervolg en een afsluitende '.'")
    else:
        where = (1, 1, f"het bestand is niet te lezen als {label}; verwachtte een geldig "
                 f"{label}-document (is het wel {label}?)")
    return RdfSyntaxError(name, *where[:2], label, where[2])

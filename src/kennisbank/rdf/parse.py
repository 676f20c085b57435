"""Reading RDF files without ever touching the network or expanding entities.

rdflib resolves a remote JSON-LD `@context` with urllib (no timeout) and hands RDF/XML to
expat with its DTD support on: a file could make `check`, `import` or `build` call any
address, or hang on a "billion laughs". Every RDF file kennisbank reads comes through
`parse_file`:

- RDF/XML with a DOCTYPE or an entity declaration is refused (no real SKOS file needs one);
- a file rdflib cannot parse raises an RdfSyntaxError (rdf.parseerrors): one Dutch line
  with file, line, column and what was expected;
- a JSON-LD file whose `@context` (or `@import`) names another document is refused: the
  context must be in the file itself;
- and, belt and braces, while rdflib parses, opening a network connection raises instead of
  connecting, so no other code path (owl:imports, an external entity, a plugin) can fetch.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kennisbank.core.findings import KennisbankError
from kennisbank.rdf.parseerrors import rdf_syntax_error

if TYPE_CHECKING:
    from rdflib import Graph

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class NetworkRefusedError(OSError):
    """Raised instead of opening a connection while RDF is parsed."""


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib logs, in English and with a traceback, every literal it cannot convert (an
    xsd:date '2020-13-01') and every IRI it finds odd: the source's own business, which
    the import keeps as it is. Not printed over our Dutch output."""
    logger = logging.getLogger("rdflib")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Make every socket connection fail for the duration (rdflib parsing only)."""
    original_connect = socket.socket.connect
    original_create = socket.create_connection

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkRefusedError("kennisbank gebruikt geen netwerk bij het lezen van RDF")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse
    try:
        yield
    finally:
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.create_connection = original_create


def _remote_contexts(value: Any, inside_context: bool = False) -> Iterator[str]:
    """Strings that a JSON-LD processor would fetch: `@context` references and `@import`."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                yield from _context_references(item)
            elif key == "@import" and inside_context and isinstance(item, str):
                yield item
            else:
                yield from _remote_contexts(item, inside_context)
    elif isinstance(value, list):
        for item in value:
            yield from _remote_contexts(item, inside_context)


def _context_references(value: Any) -> Iterator[str]:
    """The references in a `@context` value: a string, or a string in a list at any depth
    (a processor flattens `[["file:///…"]]`); an embedded context may itself hold more."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _context_references(item)
    else:
        yield from _remote_contexts(value, True)


def refuse_unsafe(data: bytes, fmt: str, name: str) -> None:
    """Raise KennisbankError for RDF that would need the network or expand entities."""
    if fmt in ("xml", "trix") or data.lstrip()[:1] == b"<":
        found = _DECLARATION.search(data)
        if found:
            line = data.count(b"\n", 0, found.start()) + 1
            raise KennisbankError(
                f"{name}:{line}: RDF/XML met een <!{found.group(1).decode().upper()}>-"
                "declaratie wordt geweigerd: entiteiten kunnen het lezen laten vastlopen of "
                "bestanden en adressen buiten de map laten ophalen; verwachtte RDF/XML zonder "
                "DOCTYPE (schrijf de IRI's voluit)", exit_code=1)
    if fmt == "json-ld":
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return  # not JSON: rdflib's own message says so
        for reference in _remote_contexts(document):
            raise KennisbankError(
                f"{name}: de JSON-LD-@context verwijst naar een ander document "
                f"({reference[:200]!r}); kennisbank haalt nooit iets van het netwerk: neem de "
                "context op in het bestand zelf", exit_code=1)


def parse_file(path: Path, fmt: str, name: str | None = None) -> Graph:
    """Parse `path` as `fmt` (an rdflib format name) without network or entities."""
    from rdflib import Graph

    data = path.read_bytes()
    shown = name or str(path)
    refuse_unsafe(data, fmt, shown)
    graph = Graph()
    with no_network(), quiet_rdflib():
        try:
            graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
        except NetworkRefusedError as exc:
            raise KennisbankError(f"{shown}: het bestand laat RDF van het netwerk ophalen; "
                                  "kennisbank gebruikt nooit het netwerk", exit_code=1) from exc
        except Exception as exc:  # rdflib's parsers raise many kinds: told in Dutch
            raise rdf_syntax_error(exc, data, fmt, shown) from exc
    return graph


def parse_text(text: str, fmt: str = "turtle", name: str = "overige_rdf") -> Graph:
    """Parse a snippet (overige_rdf) the same way; a syntax error is an RdfSyntaxError whose
    line and column count within the snippet."""
    from rdflib import Graph

    # No default prefixes: binding rdflib's thirty namespaces cost more than parsing a
    # typical snippet, and the prefixes of a parsed snippet are never used.
    graph = Graph(bind_namespaces="none")
    with no_network(), quiet_rdflib():
        try:
            graph.parse(data=text, format=fmt)
        except NetworkRefusedError:
            raise
        except Exception as exc:  # rdflib's parsers raise many kinds: told in Dutch
            raise rdf_syntax_error(exc, text.encode("utf-8", errors="surrogatepass"), fmt,
                                   name) from exc
    return graph

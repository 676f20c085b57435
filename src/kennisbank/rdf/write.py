"""Fast, deterministic RDF writers: Turtle, JSON-LD, RDF/XML and N-Triples.

rdflib's serialisers cost several milliseconds per concept, which made the site build spend
more time writing RDF than MkDocs spends on the pages. These writers take the triples as
they are (no store, no index), sort them, and write text directly; the tests parse every
output back with rdflib and compare graphs (`rdflib.compare.isomorphic`).

Order everywhere: subjects by IRI (blank nodes after), `rdf:type` first, then predicates and
objects sorted. A blank node that is the object of exactly one triple is written nested
where it is used (Turtle `[ ... ]`), as people expect to read sources.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
RDF_NS = str(RDF)
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def _term_key(term: Node) -> tuple[int, str, str, str]:
    if isinstance(term, URIRef):
        return (0, str(term), "", "")
    if isinstance(term, Literal):
        return (2, str(term), term.language or "", str(term.datatype or ""))
    return (1, str(term), "", "")


_TYPE = RDF.type  # rdflib's namespaces look attributes up at every use


class Index:
    """Triples grouped by subject, sorted, with the blank nodes that can be nested. Made once
    for the documents of one concept in every format (sorting is most of a writer's work)."""

    def __init__(self, triples: Iterable[Triple]):
        by_subject: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        used_as_object: dict[Node, int] = defaultdict(int)
        for s, p, o in set(triples):
            by_subject[s].append((p, o))
            if isinstance(o, BNode):
                used_as_object[o] += 1
        for pairs in by_subject.values():
            pairs.sort(key=lambda po: (po[0] != _TYPE, str(po[0]), _term_key(po[1])))
        self.by_subject = by_subject
        self.nested = {b for b, n in used_as_object.items() if n == 1 and b in by_subject}
        self.subjects = sorted((s for s in by_subject if s not in self.nested), key=_term_key)

    def triples(self) -> Iterator[Triple]:
        return ((s, p, o) for s, pairs in self.by_subject.items() for p, o in pairs)

    def predicates(self) -> set[str]:
        return {str(p) for pairs in self.by_subject.values() for p, _ in pairs}


def _split(iri: str) -> tuple[str, str]:
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    return iri[:cut], iri[cut:]


# -- Turtle ---------------------------------------------------------------------------------

_TURTLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Other control characters (C0, DEL, C1) are legal in Turtle and N-Triples strings, but
# invisible and mangled by many tools: written as \uXXXX, which every parser reads back as
# the same text. RDF/XML and JSON-LD write DEL and C1 as escapes too (&#x84;, \u0084); XML
# cannot hold C0 at all.
_TURTLE_SPECIAL = re.compile('[\\\\"\x00-\x1f\x7f-\x9f]')
_C1 = re.compile("[\x7f-\x9f]")
# What no XML 1.0 document can hold, not even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape_turtle(match: re.Match[str]) -> str:
    char = match.group()
    return _TURTLE_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def _turtle_string(value: str) -> str:
    return '"' + _TURTLE_SPECIAL.sub(_escape_turtle, value) + '"'


def _utf8(text: str, fmt: str) -> bytes:
    """UTF-8 bytes; a lone surrogate (which no UTF-8 can hold) is a ValueError that names
    the format, never a half-written file."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"{fmt} kan het teken U+{ord(text[exc.start]):04X} niet schrijven "
                         f"(in {text[max(0, exc.start - 40):exc.start + 40]!r})") from None


def _literal(term: Literal, iri: Callable[[str], str]) -> str:
    """A literal in Turtle or N-Triples; `iri` writes its datatype."""
    text = _turtle_string(str(term))
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype:
        return f"{text}^^{iri(str(term.datatype))}"
    return text


class _Turtle:
    def __init__(self, index: Index, prefixes: Mapping[str, str]):
        self.index = index
        self.by_namespace = {ns: prefix for prefix, ns in prefixes.items()}
        self.used: set[str] = set()

    def iri(self, iri: str) -> str:
        namespace, local = _split(iri)
        prefix = self.by_namespace.get(namespace)
        if prefix is not None and _LOCAL.match(local):
            self.used.add(prefix)
            return f"{prefix}:{local}"
        return "<" + iri.replace(">", "%3E") + ">"

    def term(self, term: Node, depth: int) -> str:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal):
            return _literal(term, self.iri)
        if term in self.index.nested:
            return "[\n" + self.body(term, depth + 1) + "\n" + "    " * depth + "]"
        return f"_:{term}"

    def body(self, subject: Node, depth: int) -> str:
        indent = "    " * depth
        groups: list[tuple[Node, list[Node]]] = []
        for p, o in self.index.by_subject[subject]:
            if groups and groups[-1][0] == p:
                groups[-1][1].append(o)
            else:
                groups.append((p, [o]))
        lines = []
        for p, objects in groups:
            verb = "a" if p == _TYPE else self.iri(str(p))
            values = [self.term(o, depth) for o in objects]
            if len(values) == 1:
                lines.append(f"{indent}{verb} {values[0]}")
            else:
                inner = ",\n".join(f"{indent}    {v}" for v in values)
                lines.append(f"{indent}{verb}\n{inner}")
        return " ;\n".join(lines)

    def document(self) -> str:
        blocks = [f"{self.term(s, 0)}\n{self.body(s, 1)} .\n" for s in self.index.subjects]
        head = "".join(f"PREFIX {p}: <{ns}>\n" for ns, p in sorted(
            self.by_namespace.items(), key=lambda kv: kv[1]) if p in self.used)
        return head + "\n" + "\n".join(blocks)


Triples = Iterable[Triple] | Index  # what a writer takes


def _index(triples: Triples) -> Index:
    return triples if isinstance(triples, Index) else Index(triples)


def turtle(triples: Triples, prefixes: Mapping[str, str]) -> bytes:
    return _utf8(_Turtle(_index(triples), prefixes).document(), "Turtle")


# -- JSON-LD --------------------------------------------------------------------------------


def jsonld(triples: Triples, prefixes: Mapping[str, str]) -> bytes:
    """Compact JSON-LD with the prefixes as context; one node object per subject."""
    index = _index(triples)
    by_namespace = {ns: prefix for prefix, ns in prefixes.items()}
    used: set[str] = set()

    def key(iri: str) -> str:
        namespace, local = _split(iri)
        prefix = by_namespace.get(namespace)
        if prefix is not None and _LOCAL.match(local):
            used.add(prefix)
            return f"{prefix}:{local}"
        return iri

    def ref(term: Node) -> str:
        return f"_:{term}" if isinstance(term, BNode) else str(term)

    def value(term: Node) -> dict[str, str]:
        if isinstance(term, Literal):
            result = {"@value": str(term)}
            if term.language:
                result["@language"] = term.language
            elif term.datatype:
                result["@type"] = str(term.datatype)
            return result
        return {"@id": ref(term)}

    nodes = []
    for subject in sorted(index.by_subject, key=_term_key):
        node: dict[str, object] = {"@id": ref(subject)}
        for p, o in index.by_subject[subject]:
            if p == _TYPE and not isinstance(o, Literal):
                node.setdefault("@type", []).append(ref(o))  # type: ignore[attr-defined]
            else:
                node.setdefault(key(str(p)), []).append(value(o))  # type: ignore[attr-defined]
        nodes.append(node)
    context = {prefix: prefixes[prefix] for prefix in sorted(used)}
    # One node per line: readable in a diff, and json's C encoder (indent= is pure Python).
    lines = ",\n".join(json.dumps(node, ensure_ascii=False, sort_keys=True) for node in nodes)
    head = json.dumps(context, ensure_ascii=False, sort_keys=True)
    # DEL and C1 can only stand inside JSON strings here: written as \u escapes.
    document = _C1.sub(lambda m: f"\\u{ord(m.group()):04x}",
                       f'{{"@context": {head},\n"@graph": [\n{lines}\n]}}\n')
    return _utf8(document, "JSON-LD")


# -- RDF/XML --------------------------------------------------------------------------------


_XML_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


def xml_split(iri: str) -> tuple[str, str]:
    """(namespace, local name) for an RDF/XML element name: the longest tail of the IRI
    that is an XML name ('http://x/1abc' → ('http://x/1', 'abc')); ('', '') when the IRI
    ends in no such name (like 'http://x/' or 'http://x/12'), which RDF/XML cannot write."""
    namespace, local = _split(iri)
    if local and _XML_LOCAL.match(local):
        return namespace, local
    found = _XML_LOCAL.search(iri)
    if found is None or found.start() == 0:
        return "", ""
    return iri[: found.start()], found.group()


def _xml_reference(match: re.Match[str]) -> str:
    return f"&#x{ord(match.group()):X};"


def rdfxml(triples: Triples, prefixes: Mapping[str, str]) -> bytes:
    """Flat RDF/XML: one rdf:Description per subject, blank nodes by rdf:nodeID."""
    index = _index(triples)
    namespaces = {ns: prefix for prefix, ns in prefixes.items()}
    namespaces[RDF_NS] = "rdf"
    extra = 0
    for iri in sorted(index.predicates()):
        namespace, local = xml_split(iri)
        if not local:
            raise ValueError(f"predicate {iri!r} cannot be written as RDF/XML")
        if namespace not in namespaces:
            extra += 1
            namespaces[namespace] = f"ns{extra}"

    def qname(iri: str) -> str:
        namespace, local = xml_split(iri)
        return f"{namespaces[namespace]}:{local}"

    def node_attr(term: Node, name: str) -> str:
        if isinstance(term, BNode):
            return f"rdf:nodeID={quoteattr(str(term))}"
        return f"rdf:{name}={quoteattr(str(term))}"

    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"  xmlns:{prefix}={quoteattr(ns)}"
              for ns, prefix in sorted(namespaces.items(), key=lambda kv: kv[1])]
    lines[-1] += ">"
    for subject in sorted(index.by_subject, key=_term_key):
        lines.append(f"  <rdf:Description {node_attr(subject, 'about')}>")
        for p, o in index.by_subject[subject]:
            name = qname(str(p))
            if isinstance(o, Literal):
                attrs = ""
                if o.language:
                    attrs = f" xml:lang={quoteattr(o.language)}"
                elif o.datatype:
                    attrs = f" rdf:datatype={quoteattr(str(o.datatype))}"
                # XML parsers turn a bare carriage return into a line feed.
                text = _C1.sub(_xml_reference, escape(str(o), {"\r": "&#13;"}))
                lines.append(f"    <{name}{attrs}>{text}</{name}>")
            else:
                lines.append(f"    <{name} {node_attr(o, 'resource')}/>")
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    document = "\n".join(lines) + "\n"
    bad = _NOT_XML.search(document)
    if bad:  # a control character: XML cannot hold it, so no file rather than a broken one
        raise ValueError(f"RDF/XML kan het stuurteken U+{ord(bad.group()):04X} niet schrijven "
                         f"(in {document[max(0, bad.start() - 40):bad.start() + 40]!r})")
    return _utf8(document, "RDF/XML")


# -- N-Triples ------------------------------------------------------------------------------


def _nt_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return _literal(term, lambda iri: f"<{iri}>")
    return f"_:{term}"


def ntriples(triples: Triples, prefixes: Mapping[str, str] | None = None) -> bytes:
    if isinstance(triples, Index):
        triples = triples.triples()
    lines = sorted({f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)} .\n" for s, p, o in triples})
    return _utf8("".join(lines), "N-Triples")


WRITERS = {"turtle": turtle, "jsonld": jsonld, "rdfxml": rdfxml, "ntriples": ntriples}

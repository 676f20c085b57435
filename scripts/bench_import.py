"""Benchmark `kennisbank import` on generated vocabularies of N concepts, Turtle and RDF/XML.

Usage: python scripts/bench_import.py [N ...] [--echt FILE ...]   (default: 1000 10000)

Each concept has what real vocabularies have (labels in two languages, a definition, a
synonym, a notation, a broader concept, a related one, a mapping, a source) and, like real
thesauri, statements the format has no key for: dct:created, rdfs:seeAlso, an
owl:sameAs, a custom property of the publisher and a blank node (prov:qualifiedAttribution
[...]); the scheme carries DCAT metadata. All of that goes to `overige_rdf`. Times the whole
command (reading, converting, writing YAML, then `check` on the result) in a fresh process,
best of 3, and prints triples per second and the growth ratio between sizes: linear import
gives a time ratio close to the size ratio, and the ratio to the floor (scripts/floors.py):
rdflib parsing the same file in a fresh process. `--echt FILE` times real files as well (such as
the whole OpenSKOS ISO 639-3 export, see tests/data/echt/openskos-iso639/SOURCE.md).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SKOS, XSD

sys.path.insert(0, str(Path(__file__).parent))
import floors  # noqa: E402
from kennisbank.rdf.parse import parse_file
from kennisbank.rdf.write import Triple, rdfxml, turtle

KENNISBANK = Path(sys.executable).parent / "kennisbank"
X = Namespace("https://example.org/thesaurus/")
EIGEN = Namespace("https://example.org/def/eigen#")
PROV = Namespace("http://www.w3.org/ns/prov#")
PREFIXES = {"skos": str(SKOS), "dct": str(DCTERMS), "rdfs": str(RDFS), "owl": str(OWL),
            "xsd": str(XSD), "dcat": str(DCAT), "prov": str(PROV), "x": str(X),
            "eigen": str(EIGEN)}
WORDS = ("net aansluiting meting levering capaciteit transport verbinding installatie "
         "spanning druk gebied contract storing onderhoud meter register").split()


def triples(n: int) -> list[Triple]:
    scheme = X["schema"]
    result: list[Triple] = [
        (scheme, RDF.type, SKOS.ConceptScheme), (scheme, RDF.type, DCAT.Dataset),
        (scheme, DCTERMS.title, Literal("Gegenereerde thesaurus", lang="nl")),
        (scheme, DCAT.keyword, Literal("benchmark", lang="nl")),
        (scheme, DCTERMS.issued, Literal("2026-01-01", datatype=XSD.date))]
    for i in range(n):
        c = X[f"c{i}"]
        word = WORDS[i % len(WORDS)]
        attribution = BNode(f"a{i}")
        result += [
            (c, RDF.type, SKOS.Concept), (c, SKOS.inScheme, scheme),
            (c, SKOS.prefLabel, Literal(f"{word} {i}", lang="nl")),
            (c, SKOS.prefLabel, Literal(f"{word} {i} (en)", lang="en")),
            (c, SKOS.altLabel, Literal(f"synoniem {i}", lang="nl")),
            (c, SKOS.definition, Literal(f"Een {word} {i} is een soort {word} met kenmerk {i}.",
                                         lang="nl")),
            (c, SKOS.notation, Literal(f"{i:05d}")),
            (c, SKOS.exactMatch, URIRef(f"https://example.com/ander/{i}")),
            (c, DCTERMS.source, URIRef(f"https://example.org/bron/{i % 50}")),
            # no key of their own: these go to overige_rdf
            (c, DCTERMS.created, Literal(f"2020-01-{i % 28 + 1:02d}", datatype=XSD.date)),
            (c, RDFS.seeAlso, URIRef(f"https://example.org/pagina/{i}")),
            (c, OWL.sameAs, URIRef(f"https://example.net/id/{i}")),
            (c, EIGEN.gewicht, Literal(i % 7)),
            (c, PROV.qualifiedAttribution, attribution),
            (attribution, RDF.type, PROV.Attribution),
            (attribution, PROV.agent, URIRef(f"https://example.org/redacteur/{i % 9}"))]
        if i:
            result.append((c, SKOS.broader, X[f"c{(i - 1) // 4}"]))
        else:
            result.append((c, SKOS.topConceptOf, scheme))
        if i > 10 and i % 3 == 0:
            result.append((c, SKOS.related, X[f"c{i - 7}"]))
    return result


def best_of(runs: int, command: list[str], out: Path) -> float:
    times = []
    for attempt in range(runs):
        target = out / f"run{attempt}"
        started = time.perf_counter()
        subprocess.run(command + ["--out", str(target)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    args = sys.argv[1:]
    if {"-h", "--help"} & set(args):
        print(__doc__)
        return
    real = [Path(a) for a in args[args.index("--echt") + 1:]] if "--echt" in args else []
    sizes = [int(a) for a in (args[:args.index("--echt")] if "--echt" in args else args)] \
        or [1000, 10000]
    print(f"# {floors.load()}")
    print(f"{'begrippen':>9} {'formaat':>8} {'triples':>8} {'import':>9} {'× rdflib':>8} "
          f"{'triples/s':>10} {'ms/begrip':>9} {'groei tijd':>10} {'groei omvang':>12}")
    first: dict[str, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            generated = triples(n)
            for fmt, writer, suffix in (("turtle", turtle, "ttl"), ("rdfxml", rdfxml, "rdf")):
                path = Path(tmp) / f"thesaurus-{n}.{suffix}"
                path.write_bytes(writer(generated, PREFIXES))
                count = len(parse_file(path, "turtle" if suffix == "ttl" else "xml"))
                seconds = best_of(3, [str(KENNISBANK), "import", str(path)],
                                  Path(tmp) / f"uit-{n}-{fmt}")
                base = first.setdefault(fmt, (n, seconds))
                growth = (f"{seconds / base[1]:>10.1f} {n / base[0]:>12.1f}"
                          if base[0] != n else f"{'':>10} {'':>12}")
                floor = floors.rdf_parse(path)
                print(f"{n:>9} {fmt:>8} {count:>8} {seconds:>7.2f} s "
                      f"{floors.ratio(seconds, floor):>8} {count / seconds:>10,.0f} "
                      f"{1000 * seconds / n:>9.2f} {growth}", flush=True)
        for path in real:
            count = len(parse_file(path, "xml" if path.suffix in (".rdf", ".xml") else
                                   "turtle"))
            seconds = best_of(1, [str(KENNISBANK), "import", str(path)],
                              Path(tmp) / f"echt-{path.stem}")
            print(f"{path.name}: {count} triples, {seconds:.2f} s, "
                  f"{count / seconds:,.0f} triples/s", flush=True)
    print(f"# {floors.load()}")


if __name__ == "__main__":
    main()

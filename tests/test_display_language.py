"""The display language (`taal` in _kader.yaml), notations and ISO 25964 broader kinds in
what the generator writes: the search index, downloads/termen.json, the scheme, concept and
hierarchy pages. Vocabularies are imported (real ones from tests/data/echt and a small
Turtle file written here) and generated without an engine; the browser side is
tests/test_display_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from conftest import DATA, REPO
from kennisbank.checks.pipeline import check
from kennisbank.content.jsonschemas import json_schema
from kennisbank.core.findings import Level
from kennisbank.site.generate import Site
from kennisbank.site.searchindex import ALT, NOTATION, OTHER_ALT, OTHER_PREF, PREF
from kennisbank.skos.importer import import_file
from search_support import label_rows

ECHT = DATA / "echt"

# German is the display language (most prefLabels); 'nur-englisch' has no German label, so
# it falls back to English everywhere, marked as English. 'rad' is a kind of 'fahrzeug'
# (generic) and a part of 'verkehr' (partitive); 'a2' is an instance of 'verkehr' only.
VOCABULARY = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix isothes: <http://purl.org/iso25964/skos-thes#> .
@prefix ex: <https://voorbeeld.de/begriff/> .

<https://voorbeeld.de/schema> a skos:ConceptScheme ;
    skos:prefLabel "Verkehrsbegriffe"@de , "Traffic terms"@en ;
    skos:hasTopConcept ex:verkehr , ex:fahrzeug , ex:nur-englisch .
ex:verkehr a skos:Concept ; skos:inScheme <https://voorbeeld.de/schema> ;
    skos:prefLabel "Verkehr"@de , "traffic"@en ; skos:notation "V" ;
    skos:definition "Die Bewegung von Fahrzeugen und Personen auf Wegen."@de ,
        "The movement of vehicles and people on roads."@en .
ex:fahrzeug a skos:Concept ; skos:inScheme <https://voorbeeld.de/schema> ;
    skos:prefLabel "Fahrzeug"@de , "vehicle"@en ; skos:altLabel "Gefährt"@de , "conveyance"@en ;
    skos:notation "F.1" .
ex:rad a skos:Concept ; skos:inScheme <https://voorbeeld.de/schema> ;
    skos:prefLabel "Fahrrad"@de , "bicycle"@en ; skos:notation "F.1.2" ;
    skos:broader ex:fahrzeug ;
    isothes:broaderGeneric ex:fahrzeug ; isothes:broaderPartitive ex:verkehr .
ex:a2 a skos:Concept ; skos:inScheme <https://voorbeeld.de/schema> ;
    skos:prefLabel "A2"@de ; isothes:broaderInstantial ex:verkehr .
ex:nur-englisch a skos:Concept ; skos:inScheme <https://voorbeeld.de/schema> ;
    skos:prefLabel "only English"@en ;
    skos:definition "A concept without a German label."@en .
"""


def _generate(source: Path, out: Path) -> dict[str, str]:
    folders, _ = import_file(source, out)
    inhoud, findings = check(folders[0])
    assert not [f for f in findings if f.level is Level.FOUT]
    return {name: data.decode("utf-8") if isinstance(data, bytes) else data
            for name, data in Site(inhoud).generate().files.items()}


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("deutsch")
    (tmp / "verkehr.ttl").write_text(VOCABULARY, encoding="utf-8")
    files = _generate(tmp / "verkehr.ttl", tmp / "inhoud")
    assert "taal: de\n" in (tmp / "inhoud" / "begrippen" / "_kader.yaml").read_text()
    return files


def _ids(files: dict[str, str]) -> dict[str, int]:
    index = json.loads(files["zoeken/labels.json"])
    return {row[0]: n for n, row in enumerate(index["begrippen"])}


def test_search_index_terms_in_the_display_language(german: dict[str, str]) -> None:
    index = json.loads(german["zoeken/labels.json"])
    assert index["taal"] == "de"
    rows = {row[0]: row for row in index["begrippen"]}
    assert rows["fahrzeug"] == ["fahrzeug", "Fahrzeug"]  # German: no language named
    # no German label: the English one, with its language (and no status: the source has none)
    assert rows["nur-englisch"] == ["nur-englisch", "only English", None, "en"]
    ids = _ids(german)
    labels = {(row[0], row[1]): row for row in label_rows(german)}
    assert labels["fahrzeug", ids["fahrzeug"]][2] == PREF
    # the English translation is named (with its language) when it is what was found
    assert labels["vehicle", ids["fahrzeug"]] == ["vehicle", ids["fahrzeug"], OTHER_PREF,
                                                  "vehicle", "en"]
    # the alternatieve term the page shows is German; the English one finds but is not named
    assert labels["gefahrt", ids["fahrzeug"]] == ["gefahrt", ids["fahrzeug"], ALT, "Gefährt"]
    assert labels["conveyance", ids["fahrzeug"]] == ["conveyance", ids["fahrzeug"], OTHER_ALT]
    definitions = json.loads(german["zoeken/definities-0.json"])
    assert definitions[ids["verkehr"]].startswith("Die Bewegung")
    assert definitions[ids["nur-englisch"]] == ["A concept without a German label.", "en"]


def test_full_text_holds_the_display_language(german: dict[str, str]) -> None:
    words = {key for name, data in german.items() if name.startswith("zoeken/tekst-")
             for key in json.loads(data)}
    assert "bewegung" in words  # German text, under the Dutch stemmer
    assert "movement" not in words and "label" in words  # English only where no German


def test_notations_are_labels_of_their_own_kind(german: dict[str, str]) -> None:
    ids = _ids(german)
    notations = {row[0]: row for row in label_rows(german) if row[2] == NOTATION}
    # normalised like every key ('F.1.2' → 'f 1 2'), shown as written, never with a language
    assert notations == {"v": ["v", ids["verkehr"], NOTATION, "V"],
                         "f 1": ["f 1", ids["fahrzeug"], NOTATION, "F.1"],
                         "f 1 2": ["f 1 2", ids["rad"], NOTATION, "F.1.2"]}


def test_label_download_in_the_display_language(german: dict[str, str]) -> None:
    data = json.loads(german["downloads/termen.json"])
    jsonschema.Draft202012Validator(json_schema("termen")).validate(data)
    assert data["taal"] == "de" and data["titel"] == "Verkehrsbegriffe"
    by_label = {row["label"]: row for row in data["termen"]}
    assert by_label["vehicle"]["voorkeursterm"] == "Fahrzeug"
    assert by_label["vehicle"]["voorkeursterm_taal"] == "de"
    assert by_label["only English"]["voorkeursterm_taal"] == "en"
    assert {row["status"] for row in data["termen"]} == {None}


def test_scheme_page_title_in_the_display_language_marked(german: dict[str, str]) -> None:
    page = german["downloads/begrippenkader.md"]
    assert 'title: "Verkehrsbegriffe"' in page or "title: Verkehrsbegriffe" in page
    assert '# Verkehrsbegriffe {: lang="de" }' in page
    assert "Traffic terms" not in page


def test_broader_kinds_on_both_sides_of_the_relation(german: dict[str, str]) -> None:
    rad = german["begrippen/rad.md"]
    relations = rad[rad.index("## Relaties"):].split("\n## ")[0]
    assert '<div class="kb-geen-links" markdown="1">' in relations  # wording is no term link
    assert "- **Is een soort van:** [<span lang=\"de\">Fahrzeug</span>](fahrzeug.md)" in relations
    assert "- **Is onderdeel van:** [<span lang=\"de\">Verkehr</span>](verkehr.md)" in relations
    assert "**Breder:**" not in relations  # skos:broader with a kind is shown once, by kind
    verkehr = german["begrippen/verkehr.md"]
    assert re.search(r"- \*\*Onderdelen:\*\* \[<span lang=\"de\">Fahrrad</span>\]", verkehr)
    assert re.search(r"- \*\*Exemplaren:\*\* \[<span lang=\"de\">A2</span>\]", verkehr)
    fahrzeug = german["begrippen/fahrzeug.md"]
    assert "- **Soorten:** [<span lang=\"de\">Fahrrad</span>](rad.md)" in fahrzeug


def test_hierarchy_labels_the_kind_and_follows_kinds_alone(german: dict[str, str]) -> None:
    page = german["begrippen/hierarchie.md"]
    assert "*soort* (het is een soort van het bredere begrip)" in page
    label = '<span class="kb-relatiesoort kb-geen-links">{}</span>'
    # A2 has only isothes:broaderInstantial: it still stands under Verkehr, labelled
    assert "    - [<span lang=\"de\">A2</span>](a2.md) " + label.format("exemplaar") in page
    assert "    - `F.1.2` [<span lang=\"de\">Fahrrad</span>](rad.md) " + \
        label.format("onderdeel") in page
    assert "    - `F.1.2` [<span lang=\"de\">Fahrrad</span>](rad.md) " + \
        label.format("soort") in page
    assert "Zonder topbegrip" not in page  # every concept under a declared top concept
    # the fallback concept is marked English among the German ones
    assert "- [<span lang=\"en\">only English</span>](nur-englisch.md)" in page


def test_a_to_z_shows_notations(german: dict[str, str]) -> None:
    page = german["begrippen/index.md"]
    assert "- `F.1` [<span lang=\"de\">Fahrzeug</span>](fahrzeug.md)" in page
    assert "- [<span lang=\"de\">A2</span>](a2.md)" in page


def test_real_german_vocabulary_in_german_everywhere(tmp_path: Path) -> None:
    """SkoHub's classification (340 concepts, taal: de): every term in the search index and
    the label download German; English and Ukrainian labels only as translations."""
    files = _generate(ECHT / "skohub-systematik" / "systematik.ttl", tmp_path / "inhoud")
    index = json.loads(files["zoeken/labels.json"])
    assert index["taal"] == "de" and len(index["begrippen"]) == 340
    assert [row for row in index["begrippen"] if len(row) > 2] == []  # none falls back
    terms = {row[0]: row[1] for row in index["begrippen"]}
    assert terms["n001"] == "Ägyptologie" and terms["n0128"] == "Physik"
    termen = json.loads(files["downloads/termen.json"])
    assert {row["voorkeursterm_taal"] for row in termen["termen"]} == {"de"}
    assert {row["voorkeursterm"] for row in termen["termen"] if row["id"] == "n001"} == \
        {"Ägyptologie"}
    scheme = files["downloads/begrippenkader.md"]
    assert re.search(r"^# Destatis-Systematik .*\{: lang=\"de\" \}$", scheme, re.M)
    notations = [row for row in label_rows(files) if row[2] == NOTATION]
    assert len({row[1] for row in notations}) == 340


def test_iso_639_codes_are_searchable(tmp_path: Path) -> None:
    files = _generate(ECHT / "openskos-iso639" / "iso-639-3-clavas.rdf", tmp_path / "inhoud")
    index = json.loads(files["zoeken/labels.json"])
    notations = {row[0]: index["begrippen"][row[1]][1] for row in label_rows(files)
                 if row[2] == NOTATION}
    assert len(notations) == 300
    assert notations["kel"] == "Kela" and notations["kcl"] == "Kela"
    assert notations["zxx"] == "no linguistic content"


def test_own_content_reads_with_kinds() -> None:
    """Our own content states a kind on 81 broader links (always together with `breder`):
    each is shown once, by its kind, on both concepts' pages and in the hierarchy."""
    from kennisbank.content.load import load

    inhoud, _ = load(REPO)
    files = Site(inhoud).generate().files
    page = files["begrippen/commissie.md"]
    page = page.decode() if isinstance(page, bytes) else page
    assert re.search(r"- \*\*Exemplaren:\*\* .*\(commissie-hamer\.md\)", page)
    assert "**Smaller:**" not in page
    hamer = files["begrippen/commissie-hamer.md"]
    hamer = hamer.decode() if isinstance(hamer, bytes) else hamer
    assert "- **Is een exemplaar van:** [commissie](commissie.md)" in hamer
    assert "**Breder:**" not in hamer
    hierarchy = files["begrippen/hierarchie.md"]
    hierarchy = hierarchy.decode() if isinstance(hierarchy, bytes) else hierarchy
    kinds = sum(len(getattr(b, key)) for b in inhoud.begrippen.values()
                for key in ("breder_generiek", "breder_partitief", "breder_instantie"))
    assert kinds >= 80
    assert hierarchy.count('class="kb-relatiesoort') >= kinds

"""The IRIs of the model by the Dutch URI strategy, as plain text: concepts at
{basis_uri}{id}; the scheme and the collections under the same domain, at
/id/begrippenkader/{naam} and /id/collectie/{id}. Without rdflib, so that `kennisbank check`
loads it only for content that holds RDF (`skos.mapping` makes rdflib terms of these)."""

from __future__ import annotations

import re

from kennisbank.content.model import Begrip, Inhoud, Kader
from kennisbank.content.schema import slugify

MAIN = ""  # the id of the scheme of _kader.yaml itself among a concept's schemes


def domain(basis_uri: str) -> str:
    """'https://x.nl/id/begrip/' → 'https://x.nl/' (the part before /id/, else the host)."""
    if "/id/" in basis_uri:
        return basis_uri[: basis_uri.index("/id/") + 1]
    match = re.match(r"https?://[^/]+/", basis_uri + "/")
    return match.group(0) if match else basis_uri


def scheme_iri(kader: Kader) -> str:
    if kader.uri:
        return kader.uri
    name = slugify(kader.titel.get("nl") or next(iter(kader.titel.values()), "begrippenkader"))
    return f"{domain(kader.basis_uri)}id/begrippenkader/{name}"


def nevenkader_iri(kader: Kader, ident: str) -> str:
    """The IRI of one of the project's other schemes (`kaders` in _kader.yaml)."""
    neven = kader.kaders.get(ident)
    if neven is not None and neven.uri:
        return neven.uri
    return f"{domain(kader.basis_uri)}id/begrippenkader/{ident}"


def collection_iri(kader: Kader, ident: str) -> str:
    collectie = kader.collecties.get(ident)
    if collectie is not None and collectie.uri:
        return collectie.uri
    return f"{domain(kader.basis_uri)}id/collectie/{ident}"


def concept_iris(inhoud: Inhoud) -> dict[str, str]:
    """Concept id → IRI: basis_uri + id, unless the concept gives its own 'uri'."""
    base = inhoud.kader.basis_uri if inhoud.kader else ""
    return {ident: b.uri or base + ident for ident, b in inhoud.begrippen.items()}


def schemes_of(b: Begrip) -> list[str]:
    """The ids of the schemes a concept is in: MAIN ('') for the kader of _kader.yaml unless
    `buiten_hoofdkader`, then its `kaders`. Empty for a concept in no scheme at all."""
    return ([] if b.buiten_hoofdkader else [MAIN]) + list(b.kaders)


def places_of(b: Begrip) -> list[str | None]:
    """`schemes_of`, or [None] for a concept in no scheme (a group of its own)."""
    places: list[str | None] = [*schemes_of(b)]
    return places or [None]

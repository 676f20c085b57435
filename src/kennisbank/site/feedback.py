"""'Meld een fout of stel een vraag': the link on every concept page and leidraad step.

The address comes from `contact` in begrippen/_kader.yaml: an e-mail address (a mailto:
link) and/or a meldformulier (an http(s) address in which {onderwerp} and {tekst} are filled
in). The subject and text name what the reader is looking at (the concept's IRI, the step)
and the version, so a message can be traced to the text it is about. Every value is
content, so untrusted: it is percent-encoded completely (nothing in it can add a header, a
recipient or a query parameter) and the whole link is HTML-escaped for the attribute.
"""

from __future__ import annotations

from urllib.parse import quote

from kennisbank.content.model import Contact
from kennisbank.site.markup import attr, plain

LINK_TEXT = "Meld een fout of stel een vraag"


def _encode(value: str) -> str:
    return quote(value, safe="")


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: URL (RFC 6068): line breaks as CRLF, every other character percent-encoded."""
    body = "\r\n".join(body.split("\n"))
    return f"mailto:{address}?subject={_encode(subject)}&body={_encode(body)}"


def form_url(template: str, subject: str, body: str) -> str:
    return template.replace("{onderwerp}", _encode(subject)).replace("{tekst}", _encode(body))


def href(contact: Contact, subject: str, body: str) -> str | None:
    """Where the link goes: the meldformulier if there is one, else an e-mail."""
    if contact.formulier:
        return form_url(contact.formulier, subject, body)
    if contact.email:
        return mailto(contact.email, subject, body)
    return None


def block(contact: Contact, subject: str, facts: list[tuple[str, str]], about: str) -> list[str]:
    """A raw HTML paragraph with the link (nothing without a contact). `facts` are the lines
    filled in above the reader's own text ('IRI', 'https://...'); `about` ends the sentence
    ('over dit begrip')."""
    body = "\n".join(f"{name}: {value}" for name, value in facts if value) + \
        "\n\nMijn opmerking of vraag:\n"
    target = href(contact, subject, body)
    if target is None:
        return []
    also = ""
    if contact.formulier and contact.email:
        also = (f' Liever per e-mail: <a href="{attr(mailto(contact.email, subject, body))}">'
                f"{plain(contact.email)}</a>.")
    return [f'<p class="kb-melden"><a href="{attr(target)}">{LINK_TEXT}</a> '
            f"{plain(about)}.{also}</p>", ""]

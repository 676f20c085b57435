"""The site's Content-Security-Policy: one policy for the `<meta>` in every page and for the
header in the server configurations; and the Referrer-Policy the server configurations send.

No page runs an inline script or an event-handler attribute (the theme's small inline
scripts are replaced by files in `overrides/`), so `script-src 'self'` needs no hashes and
one missed escape in content is text, not a script. 'self' admits every script the site
serves, so `kennisbank check` makes sure the site serves only kennisbank's own
(checks/pages.py: SHIPPED_SCRIPTS, no markup that runs or loads something in a page, no HTML
or XML file in docs/). Narrowing script-src further was weighed and left: a path in a
source needs the host, which the site does not know (previews, loopback tests, any host an
organisation chooses), and browsers ignore the path after a redirect; a hash of an external
script needs an `integrity` attribute on every script element, which neither engine's
`extra_javascript` nor the theme's own script tags write. Styles allow 'unsafe-inline' because
the theme and Mermaid set `style` attributes; styles cannot run script.
"""

from __future__ import annotations

# Directives a <meta> cannot carry (frame-ancestors) are only in the header form.
_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

CSP_META = "; ".join(f"{name} {value}" for name, value in _DIRECTIVES)
CSP_HEADER = CSP_META + "; frame-ancestors 'self'"

# Other sites learn at most our origin, never the page a reader came from (and nothing over
# plain HTTP).
REFERRER_POLICY = "strict-origin-when-cross-origin"

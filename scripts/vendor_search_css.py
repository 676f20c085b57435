"""Extract Material for MkDocs' CSS rules for the header search box into
src/kennisbank/site/thema/assets/vendor/material-search/search.css (the engine's theme).

Usage: python scripts/vendor_search_css.py   (run again after upgrading mkdocs-material)

The header search box (the theme's partials/search.html, driven by assets/zoeken.js) uses
Material's markup and classes. Material's stylesheet styles it; Zensical's does not (its own
search has other markup), so under Zensical the box and its result list were unstyled and
the results shown in the header. This copies every rule whose selector names `md-search`
(top level and inside @media blocks), from the installed Material's main and palette
stylesheets, unchanged. Under MkDocs the same rules are loaded twice, to the same effect.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import material

REPO = Path(__file__).resolve().parent.parent
TARGET = (REPO / "src" / "kennisbank" / "site" / "thema" / "assets" / "vendor" / "material-search"
          / "search.css")


def blocks(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs of a minified stylesheet."""
    out, depth, start, prelude = [], 0, 0, ""
    i = 0
    while i < len(css):
        c = css[i]
        if c == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude, css[start:i]))
                start = i + 1
        i += 1
    return out


def wanted(css: str) -> str:
    kept = []
    for prelude, body in blocks(css):
        if prelude.startswith("@media") or prelude.startswith("@supports"):
            inner = wanted(body)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif not prelude.startswith("@") and "md-search" in prelude:
            kept.append(f"{prelude}{{{body}}}")
    return "".join(kept)


def main() -> int:
    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    version = re.search(r"^Version: (.+)$", (Path(material.__file__).parent.parent / next(
        p.name for p in Path(material.__file__).parent.parent.iterdir()
        if p.name.startswith("mkdocs_material-") and p.suffix == ".dist-info")
        / "METADATA").read_text(encoding="utf-8"), re.M)
    parts = [wanted(path.read_text(encoding="utf-8"))
             for name in ("main", "palette") for path in sorted(folder.glob(f"{name}.*.min.css"))]
    header = (f"/* Material for MkDocs {version.group(1) if version else '?'} (MIT licence, "
              "Martin Donath): the rules for .md-search*, extracted unchanged by "
              "scripts/vendor_search_css.py */\n")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(header + "\n".join(p for p in parts if p) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(REPO)}: {TARGET.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

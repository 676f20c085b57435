"""The tenth attack (issue 24, December 2026): each finding reproduced as a test of what
should happen, marked xfail(strict=True) with the finding's id until it is fixed (then the
mark goes and the test guards the fix); what held and is cheap to keep is a plain guard.

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit, and the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, _no_traceback, project  # noqa: F401, F811 (a fixture)

# -- Held: attributes through attr_list (enabled in every configuration) -----------------
# The reviewed and the default configuration enable attr_list and md_in_html, which let a page
# set any attribute on the element before it; `check` reads the rendered HTML, so an event
# handler or a script address set that way is refused like one written as HTML (with the
# file, line and column), whatever its case or entity encoding, and `build` stops.

ATTRIBUTES = {
    "kop": '# Aanval { onclick="alert(1)" }\n',
    "alinea": 'Tekst\n{: onmouseover="alert(2)" }\n',
    "hoofdletters": "[a](https://x.nl){ ONCLICK=alert(3) }\n",
    "href": '[b](https://x.nl){ href="java&#x73;cript:alert(4)" }\n',
    "spatie": '[c](https://x.nl){ href=" javascript:alert(5)" }\n',
    "tab": '<a href="jav&#x09;ascript:alert(6)">d</a>\n',
    "srcset": '![e](x.png){ srcset="javascript:alert(7)" }\n',
}


@pytest.mark.parametrize("how", sorted(ATTRIBUTES))
def test_attributes_set_through_attr_list_are_refused(project: Path, tmp_path: Path,
                                                     how: str) -> None:  # noqa: F811
    page = project / "docs" / "aanval.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text("# Pagina\n\n" + ATTRIBUTES[how], encoding="utf-8")
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    _no_traceback(built)
    said = built.stdout + built.stderr
    assert built.returncode == 1, said
    assert "docs/aanval.md:" in said and "[onveilige-html]" in said, said
    assert not (project / "site").exists()

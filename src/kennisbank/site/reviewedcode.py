"""The reviewed code MkDocs reads while it builds, compared as it is read (issue 24, R13-3).

`check` (and the preview before each build) compares overrides/ with the fingerprints the
maintainers recorded in gekeurde-code.sha256 (content.reviewed). But MkDocs reads the
templates only after it has read and converted every page, seconds later in a full build:
a template that arrives in between (a branch switched while the preview runs) would be
rendered by Jinja outside a sandbox, and a theme file (a script in overrides/assets/) copied
into the site. So every build gets the plugin `Reviewed`:

- a template from inside the project is parsed only when the text Jinja read is the recorded
  one (`ReviewedTemplates`, the loader of the build's Jinja environment);
- a theme file from inside the project goes into the site as bytes read once and compared
  with the record, not copied from the path afterwards;
- a page or file of docs/ (content, checked) is read once with no link followed: one that
  arrives after the check cannot bring a file from elsewhere on the machine into the site
  (R13-4's MkDocs side).

Anything else stops the build with a message; nothing of it is read or copied. Templates
and files of the installed themes (Material, ours) are outside the project and not compared.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from kennisbank.content.reviewed import REVIEWED, recorded
from kennisbank.core.safewrite import read_inside

NAME = "kennisbank-gekeurd"  # the plugin's name in MkDocs' plugin collection


def _inside(path: str, root: Path) -> str | None:
    """The path relative to root (as the record names it) when it lies inside, else None.
    Lexical, with root as given and as resolved: what is read from there is compared by its
    content, so a link there gains nothing."""
    for base in {os.path.abspath(root), os.path.realpath(root)}:
        relative = os.path.relpath(os.path.abspath(path), base)
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            return Path(relative).as_posix()
    return None


def _refusal(rel: str) -> str:
    return (f"kennisbank: {rel} is niet zoals gekeurd in {REVIEWED} (veranderd sinds de "
            "controle, of nieuw); niets ervan gelezen. Sla een bestand op om opnieuw te "
            "controleren (kennisbank check).")


class ReviewedTemplates(FileSystemLoader):
    """Jinja's file loader that hands over a template from inside the project only when its
    text is the one recorded (the text it read, so no later change slips in between)."""

    def __init__(self, searchpath: list[str], root: Path) -> None:
        super().__init__(searchpath)
        self.root = root

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        rel = _inside(filename, self.root)
        if rel is not None and recorded(self.root).get(rel) != \
                hashlib.sha256(source.encode("utf-8")).hexdigest():
            raise PluginError(_refusal(rel))  # not TemplateNotFound: MkDocs skips those
        return source, filename, uptodate


class Reviewed(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Templates and theme files from inside the project, as recorded (see above)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.abspath(root))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:  # noqa: ARG002
        record = recorded(self.root)
        docs = os.path.abspath(config.docs_dir)
        for file in files:
            if file.abs_src_path is None or file.src_dir is None:
                continue  # a file in memory
            if os.path.abspath(file.src_dir) == docs:  # content, checked: never via a link
                if not file.is_documentation_page():
                    file.copy_file = functools.partial(_copy, file, self.root)  # type: ignore[method-assign]
                continue
            rel = _inside(file.abs_src_path, self.root)
            if rel is None:
                continue  # a file of an installed theme
            data = read_inside(self.root, Path(file.abs_src_path))
            if data is None or record.get(rel) != hashlib.sha256(data).hexdigest():
                raise PluginError(_refusal(rel))
            file.content_bytes = data  # written as compared, never copied from the path
        return files

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:  # noqa: ARG002
        """A page's Markdown, read once with no link followed (MkDocs' own read follows
        one that arrived after the check: a page of someone's private file)."""
        if page.file.abs_src_path is None:
            return None
        data = read_inside(self.root, Path(page.file.abs_src_path))
        if data is None:
            raise PluginError(_not_plain(page.file, self.root))
        return data.decode("utf-8-sig")

    def on_env(self, env: Environment, config: MkDocsConfig,  # noqa: ARG002
               files: Files) -> Environment:  # noqa: ARG002
        searchpath: Any = getattr(env.loader, "searchpath", [])
        env.loader = ReviewedTemplates(list(searchpath), self.root)
        return env


def _copy(file: File, root: Path, dirty: bool = False) -> None:
    """MkDocs' File.copy_file for a file of docs/: read once, following no link."""
    if dirty and not file.is_modified():
        return
    data = read_inside(root, Path(file.abs_src_path or ""))
    if data is None:
        raise PluginError(_not_plain(file, root))
    write_file(data, file.abs_dest_path)


def _not_plain(file: File, root: Path) -> str:
    rel = _inside(file.abs_src_path or "", root) or file.src_uri
    return (f"kennisbank: {rel} is geen gewoon bestand in het project (een symbolische "
            "koppeling, in een gekoppelde map, of verdwenen sinds de controle); niets ervan "
            "gelezen. Sla een bestand op om opnieuw te controleren (kennisbank check).")

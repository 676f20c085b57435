"""Both engines read their configuration without constructing Python objects.

MkDocs and Zensical read mkdocs.yml, zensical.yml and the files they INHERIT with PyYAML's full
loader, which runs `!!python/object/apply:` and imports `!!python/name:` tags. `check` refuses
a configuration the maintainers did not review (`ongekeurde-code`), but an engine may read its
configuration again later: Zensical's preview does whenever its configuration, a watched
file or a template changes, with no check in between (a branch switched while the preview
runs; issue 24, R8-1), and MkDocs' preview reloads it for every build. So the engines get
PyYAML's safe loader, with the tags MkDocs configurations use (`!ENV`, and MkDocs' own
`!relative`): no configuration, reviewed or not, can run code as it is read.

- MkDocs, in this process: `protect_mkdocs()` before a configuration is loaded.
- Zensical, a process of its own: `python -P -m kennisbank.site.safeyaml build|serve ...`
  (the arguments of `zensical`) replaces the loader before Zensical starts.

A configuration is code without any tag, too (`plugins: [macros]` runs a `main.py` and
renders pages as unsandboxed Jinja; `hooks:` imports Python). So every configuration file an
engine reads must be one approved when kennisbank last checked the project: `approved(root)`
fingerprints the configuration files at the project's top (after `check` found the reviewed
ones as recorded and kennisbank wrote its own), and a configuration that differs since, or
another file in the INHERIT chain, is refused as the engine reads it: Zensical through
KENNISBANK_CONFIGS in its environment, the MkDocs preview with `changed()` before each build
and ApprovedLoader as MkDocs reads each file (a branch switched while a preview runs; issue
24, R9-1, R9-2, R13-1).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path
from typing import IO, Any, ClassVar

import yaml

APPROVED = "KENNISBANK_CONFIGS"  # Zensical's environment: the approved configuration files
CONFIG_SUFFIXES = (".yml", ".yaml", ".toml")


class ConfigLoader(yaml.SafeLoader):
    """Standard YAML only; the engines add `!ENV` (and MkDocs `!relative`) themselves."""


class ApprovedLoader(ConfigLoader):
    """The safe loader that reads a configuration file only when it is one approved (the
    MkDocs preview): the bytes it parses are the bytes it compared, so a file that arrives
    between the last check and this read is refused, not loaded (issue 24, R13-1)."""

    fingerprints: ClassVar[dict[str, str]] = {}
    root: ClassVar[Path] = Path()

    def __init__(self, stream: Any) -> None:
        if not isinstance(stream, str | bytes):
            name = getattr(stream, "name", "")
            data = stream.read()
            data = data.encode("utf-8") if isinstance(data, str) else data
            path = key(name) if isinstance(name, str) and name else ""
            if not path or os.path.islink(path) or \
                    self.fingerprints.get(path) != _digest(data) or \
                    not _reviewed(path, data, self.root):
                raise yaml.YAMLError(
                    f"kennisbank: {name or 'een configuratie'} is niet de configuratie die "
                    "kennisbank bij de laatste controle goedkeurde (veranderd, of een ander "
                    "bestand); niets gelezen. Sla een bestand op om opnieuw te controleren "
                    "(kennisbank check).")
            stream = io.BytesIO(data)
            stream.name = name
        super().__init__(stream)


def protect_mkdocs(fingerprints: dict[str, str] | None = None, root: Path | None = None) -> None:
    """MkDocs' configuration loader derives from the safe loader from now on; with
    `fingerprints` (the preview: what the last check approved in `root`) it also reads only
    approved files (ApprovedLoader)."""
    from mkdocs.utils import yaml as mkdocs_yaml

    base: type[ConfigLoader] = ConfigLoader
    if fingerprints is not None:
        base = type("ApprovedLoader", (ApprovedLoader,),
                    {"fingerprints": dict(fingerprints), "root": (root or Path()).resolve()})
    loader = mkdocs_yaml.get_yaml_loader
    defaults = loader.__defaults__ or ()
    if defaults and defaults[0] is not base:
        loader.__defaults__ = (base, *defaults[1:])


def key(path: str | Path) -> str:
    """How a configuration file is named in fingerprints: its folder resolved, its own name
    not (a link at the top is judged as the link, never as what it points to; R14-1)."""
    path = os.path.abspath(path)
    return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))


def approved(root: Path) -> dict[str, str]:
    """The configuration files at the project's top as they are now: key → SHA-256 of a
    regular file; a link or anything else at such a name is there too, as what it is, so its
    arrival during a check makes the approval unsteady (and it is never approved to read)."""
    found = {}
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if not entry.name.endswith(CONFIG_SUFFIXES):
            continue
        if entry.is_symlink():
            found[key(entry.path)] = f"koppeling naar {os.readlink(entry.path)}"
        elif entry.is_file(follow_symlinks=False):
            found[key(entry.path)] = _digest(Path(entry.path).read_bytes())
        else:
            found[key(entry.path)] = "geen gewoon bestand"
    return found


def changed(root: Path, fingerprints: dict[str, str]) -> list[str]:
    """The configuration files at the top that differ from `fingerprints` (or are new)."""
    now = approved(root)
    return sorted(Path(path).name for path in now.keys() | fingerprints.keys()
                  if now.get(path) != fingerprints.get(path))


def ours(path: str) -> bool:
    """A configuration file kennisbank writes itself (it writes it again before use)."""
    return Path(path).name.startswith(".kennisbank-")


def steady(before: dict[str, str], after: dict[str, str]) -> bool:
    """Whether no configuration file but kennisbank's own changed between two fingerprints
    taken before and after a check (one that arrived meanwhile was not checked)."""
    return all(before.get(path) == digest for path, digest in after.items() if not ours(path))


def approval(before: dict[str, str], after: dict[str, str],
             written: dict[str, str]) -> dict[str, str] | None:
    """The configuration files an engine may read after a check: the project's own as the
    check saw them (the same before and after it) and kennisbank's as it wrote them (not as
    read back); None when one arrived during the check (then check again)."""
    if not steady(before, after):
        return None
    return {**{path: digest for path, digest in after.items() if not ours(path)}, **written}


def moved(configs: dict[str, str], engine: dict[str, str], besides: str) -> bool:
    """Whether a checked configuration differs from what a running engine was given
    (`besides`: the name of the one the engine alone reads)."""
    return any(configs.get(path) != digest for path, digest in engine.items()
               if Path(path).name != besides)


def environment(fingerprints: dict[str, str]) -> dict[str, str]:
    """The environment for Zensical: this one, with the approved configuration files."""
    return {**os.environ, APPROVED: json.dumps(fingerprints)}


def _reviewed(path: str, data: bytes, root: Path | None = None) -> bool:
    """A reviewed configuration (mkdocs.yml, zensical.yml at the top of `root`, by default
    the working folder) must be as the maintainers recorded it, whatever was approved
    (issue 24, R10-1)."""
    from kennisbank.content.reviewed import CONFIGS, recorded

    top = (root or Path.cwd()).resolve()
    name = Path(path).name
    if name not in CONFIGS or Path(path).parent != top:
        return True
    return recorded(top).get(name) == _digest(data)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main() -> None:
    """Zensical's command line, with the safe loader for every configuration it reads and
    only the approved configuration files (when KENNISBANK_CONFIGS says which)."""
    import zensical.config
    from zensical.main import cli

    setattr(zensical.config, "Loader", ConfigLoader)  # noqa: B010 (its module global)
    if APPROVED in os.environ:
        fingerprints = json.loads(os.environ[APPROVED])
        load: Any = zensical.config._yaml_load  # noqa: SLF001 (the one function that reads them)

        def checked(source: IO[str] | str) -> Any:
            if isinstance(source, str):
                return load(source)
            text = source.read()
            path = key(source.name)
            data = text.encode("utf-8")
            if os.path.islink(path) or fingerprints.get(path) != _digest(data) or \
                    not _reviewed(path, data):
                raise zensical.config.ConfigurationError(
                    f"kennisbank: {source.name} is niet de configuratie die kennisbank bij het "
                    "starten heeft gecontroleerd (veranderd, of een ander bestand); niets "
                    "gelezen. Start de voorvertoning opnieuw (kennisbank check).")
            copy = io.StringIO(text)
            copy.name = source.name
            return load(copy)

        setattr(zensical.config, "_yaml_load", checked)  # noqa: B010
    cli()


if __name__ == "__main__":
    main()

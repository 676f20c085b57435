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
"""

from __future__ import annotations

import yaml


class ConfigLoader(yaml.SafeLoader):
    """Standard YAML only; the engines add `!ENV` (and MkDocs `!relative`) themselves."""


def protect_mkdocs() -> None:
    """MkDocs' configuration loader derives from the safe loader from now on."""
    from mkdocs.utils import yaml as mkdocs_yaml

    loader = mkdocs_yaml.get_yaml_loader
    defaults = loader.__defaults__ or ()
    if defaults and defaults[0] is not ConfigLoader:
        loader.__defaults__ = (ConfigLoader, *defaults[1:])


def main() -> None:
    """Zensical's command line, with the safe loader for every configuration it reads."""
    import zensical.config
    from zensical.main import cli

    setattr(zensical.config, "Loader", ConfigLoader)  # noqa: B010 (its module global)
    cli()


if __name__ == "__main__":
    main()

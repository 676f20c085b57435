"""argparse in Dutch, without touching argparse itself: the parser class sets its own group
titles and help option, its formatter its own usage prefix, and its `error` translates
argparse's English messages before raising them as a usage error (exit 2)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from kennisbank.core.findings import KennisbankError

# argparse's own texts in Dutch. argparse looks them up through module-level gettext
# functions; replacing those is the one place to set them (no .mo catalogue needed).
_DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "the following arguments are required: %s": "dit ontbreekt: %s",
    "one of the arguments %s is required": "een van de argumenten %s is verplicht",
    "not allowed with argument %s": "niet toegestaan samen met %s",
    "ignored explicit argument %r": "waarde %r wordt genegeerd",
    "expected one argument": "verwachtte één waarde",
    "expected at most one argument": "verwachtte hooguit één waarde",
    "expected at least one argument": "verwachtte minstens één waarde",
    "ambiguous option: %(option)s could match %(matches)s":
        "optie %(option)s is dubbelzinnig: bedoelde je %(matches)s?",
    "unexpected option string: %s": "onverwachte optie: %s",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "onbekend commando %(parser_name)r (kies uit %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}


def _pattern(template: str) -> tuple[re.Pattern[str], str]:
    """An English template of argparse as a regular expression, and the Dutch one as its
    replacement: '%(value)r' and '%s' become groups, in the same order in both."""
    dutch = _DUTCH[template]
    regex, replacement, n = "", dutch, 0
    for part in re.split(r"(%\(\w+\)[sr]|%[sr])", template):
        if not part.startswith("%"):
            regex += re.escape(part)
        elif part.startswith("%("):
            regex += f"(?P<{part[2:-2]}>.+?)"
            replacement = replacement.replace(part, f"\\g<{part[2:-2]}>")
        else:
            n += 1
            regex += f"(?P<p{n}>.+?)"
            replacement = replacement.replace(part, f"\\g<p{n}>", 1)
    return re.compile(regex + "$" if template.endswith(")s") or template.endswith("%s")
                      else regex), replacement


_PATTERNS = [_pattern(t) for t in sorted(_DUTCH, key=len, reverse=True)
             if "%" in t and not t.startswith("%(prog)s")]
_EXPECTED = re.compile(r"expected (\d+) arguments?")


def dutch(message: str) -> str:
    """argparse's English error message in Dutch (unknown messages stay as they are)."""
    if message in _DUTCH:
        return _DUTCH[message]
    message = _EXPECTED.sub(lambda m: f"verwachtte {m.group(1)} waarde"
                            f"{'' if m.group(1) == '1' else 'n'}", message)
    for regex, replacement in _PATTERNS:
        message = regex.sub(replacement, message)
    for english, translated in _DUTCH.items():
        if "%" not in english and english in message:
            message = message.replace(english, translated)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _DUTCH["usage: "] if prefix is None else prefix)


class DutchParser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts are Dutch and whose errors are KennisbankErrors."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = _DUTCH["positional arguments"]
        self._optionals.title = _DUTCH["options"]
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=_DUTCH["show this help message and exit"])

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None,
                         ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        # argparse (3.11) strips every '--' and then gives a positional that got nothing an
        # empty list instead of an error (`diff -- v1.0.0 --`): a missing argument after all.
        for action in self._actions:
            if not action.option_strings and action.nargs is None and \
                    getattr(parsed, action.dest, None) == []:
                self.error(f"the following arguments are required: {action.dest}")
        return parsed, extras

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise KennisbankError(f"kennisbank: {dutch(message)}", exit_code=2)

"""Text that is safe on a terminal: control characters shown as escapes instead of obeyed.

A value from content, a vocabulary, a file name or git can hold an escape sequence that clears
the screen, writes the clipboard (OSC 52), hides a link (OSC 8) or reorders what a reader sees
(bidi controls). Every character that a terminal may act on is shown as a `\\uXXXX` escape:
C0 controls (except the tab and the newline of our own layout), DEL, C1 controls, and the
bidi embedding, override and isolate characters and marks, and the line and paragraph
separators. The escape is the JSON one, so a JSON document passed through here stays valid
JSON with the same values (JSON allows `\\uXXXX` in a string, and outside strings a JSON
document holds none of these characters)."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[{_CONTROLS}]")
UNSAFE_IN_LINE = re.compile(f"[\t\n{_CONTROLS}]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str, one_line: bool = False) -> str:
    """`text` with every character a terminal may act on shown as `\\uXXXX`; with
    `one_line` the tab and newline too (a finding is one line, a value may not add one)."""
    return (UNSAFE_IN_LINE if one_line else UNSAFE).sub(_escape, text)


class SafeStream:
    """A text stream that writes everything through `visible` to the stream it wraps; every
    other attribute is the wrapped stream's. Its binary `buffer` is therefore the wrapped
    stream's own: bytes written there (an export to standard output) stay exact."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, buffer, encoding, isatty, fileno, ...
        return getattr(self.stream, name)


@contextlib.contextmanager
def safe_output() -> Iterator[None]:
    """Standard output and standard error through `visible` while the block runs. A stream
    the process was started without (`>&-`: None) stays None, which print() skips."""
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeStream(saved[0]) if saved[0] is not None else None
    sys.stderr = SafeStream(saved[1]) if saved[1] is not None else None
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved

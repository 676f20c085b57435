"""Parsed content files kept from one check to the next in a long-running process (`kennisbank
serve`): a file whose bytes are the same as at the previous check is not parsed again.

A file is compared by its bytes, not its time (two saves within one tick of the file clock
would look the same). Results are kept pickled, so nothing a check or the generator does to
the model it got reaches the next check; a result is kept only when the file still holds the
bytes it was compared by after parsing (a save during the parse is parsed again next time).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kennisbank.content.yamlsource import read_bytes
from kennisbank.core.findings import Finding

Job = tuple[str, Path, str, bool]  # (id, path, path relative to the root, is a step)
Result = tuple[str, Any, list[Finding]]  # (id, the parsed item or None, its findings)


class ParseCache:
    def __init__(self) -> None:
        self.items: dict[str, tuple[bytes, bytes]] = {}  # relative path → (bytes, result)

    def parse_all(self, jobs: list[Job],
                  parse: Callable[[list[Job]], list[Result]]) -> list[Result]:
        """The results of `jobs`, in order: from the cache where the bytes are the same,
        the rest by `parse`."""
        results: list[Result | None] = [None] * len(jobs)
        misses: list[tuple[int, bytes | None]] = []
        for i, (_, path, rel, _) in enumerate(jobs):
            data = read_bytes(path)
            kept = self.items.get(rel)
            if data is not None and kept is not None and kept[0] == data:
                results[i] = pickle.loads(kept[1])  # noqa: S301 (written by this process)
            else:
                misses.append((i, data))
        for (i, data), result in zip(misses, parse([jobs[i] for i, _ in misses]),
                                     strict=True):
            results[i] = result
            _, path, rel, _ = jobs[i]
            if data is not None and read_bytes(path) == data:
                self.items[rel] = (data, pickle.dumps(result))
            else:
                self.items.pop(rel, None)
        wanted = {rel for _, _, rel, _ in jobs}
        self.items = {rel: kept for rel, kept in self.items.items() if rel in wanted}
        return [result for result in results if result is not None]

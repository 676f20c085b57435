from __future__ import annotations

from kennisbank.cli import run

run()

from __future__ import annotations

from kennisbank.cli.main import run

run()

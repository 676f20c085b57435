"""kennisbank: validates, exports and publishes a begrippenkader and a leidraad."""

from __future__ import annotations

__version__ = "0.1.0"

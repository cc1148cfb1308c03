"""Fixtures shared across test modules.

``workspace`` is a fresh copy of a two-commune workspace (written once per module into ``cache``); the
build, CLI and interrupt tests use it.
"""

from build_helpers import cache, workspace

__all__ = ["cache", "workspace"]

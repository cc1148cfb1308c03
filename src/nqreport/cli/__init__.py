"""The command line (``nqreport …``): a thin layer over the library; see :mod:`nqreport.cli.app`."""

from nqreport.cli import commands as _commands  # noqa: F401  (registers the commands on the group)
from nqreport.cli import serve_cmd as _serve_cmd  # noqa: F401  (registers nqreport serve)
from nqreport.cli.app import main

__all__ = ["main"]

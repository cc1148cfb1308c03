"""Click's own words (usage errors, help headings) in Vietnamese, through click's gettext hooks.

Click passes every message it shows through :func:`gettext.gettext`; the package ships a catalog of them
(``data/locale/vi/LC_MESSAGES/nqreport.po``, compiled by ``tools/make_locale.py``), and the command line
makes it the process's text domain. gettext picks the language from the environment, so ``LANGUAGE`` is
set to Vietnamese for this process: the people who run nqreport read Vietnamese only.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "nqreport"


def install_translations() -> None:
    """Make click speak Vietnamese in this process (idempotent)."""
    gettext.bindtextdomain(DOMAIN, str(Path(__file__).resolve().parent.parent / "data" / "locale"))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "vi"

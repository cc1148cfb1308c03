"""Rewrite the generated section of docs/huong-dan-mau.md (the variables and filters) from the code:

    python tools/make_guide.py            # rewrites the section in place
    python tools/make_guide.py --check    # exit 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nqreport.scaffold.guide import with_reference

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "huong-dan-mau.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only compare with the committed file")
    args = parser.parse_args(argv)
    text = GUIDE.read_text(encoding="utf-8")
    wanted = with_reference(text)
    if wanted == text:
        return 0
    if args.check:
        print(f"differs: {GUIDE.name}")
        return 1
    GUIDE.write_text(wanted, encoding="utf-8")
    print(f"wrote: {GUIDE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

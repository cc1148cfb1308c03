"""Regenerate the example workbooks in inputs/ from nqreport.scaffold.examples (the seed targets).

python tools/make_examples.py
"""

from pathlib import Path

from nqreport.scaffold.examples import write_examples

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for path in write_examples(root / "inputs", overwrite=True):
        print(path.relative_to(root))

"""What the two holiday-table builders share (scripts/build_holiday_data.py for the official table,
scripts/build_statutory_data.py for the provisional one): the one-entry-per-line JSON rendering and the
write / ``--check`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path


def render(doc: dict) -> str:
    """Serialise with one entry per line so that yearly or package updates give small, readable diffs."""
    lines = ["{", f'  "source": {json.dumps(doc["source"])},', '  "years": {']
    year_blocks = []
    for year, data in doc["years"].items():
        parts = []
        for key in ("holidays", "workdays"):
            entries = ",\n".join(f"        {json.dumps(e, ensure_ascii=False)}" for e in data[key])
            parts.append(f'      "{key}": [\n{entries}\n      ]' if entries else f'      "{key}": []')
        year_blocks.append(f'    "{year}": {{\n' + ",\n".join(parts) + "\n    }")
    lines.append(",\n".join(year_blocks))
    lines += ["  }", "}", ""]
    text = "\n".join(lines)
    assert json.loads(text) == doc, "hand-rolled JSON rendering diverged from the data"
    return text


def run(build: Callable[[], dict], default_output: Path, script: str, description: str, argv=None) -> int:
    """Write ``render(build())`` to the output file, or with ``--check`` only say whether it is up to date."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--output", type=Path, default=default_output, help="file to write")
    parser.add_argument("--check", action="store_true", help="only verify the file is up to date")
    args = parser.parse_args(argv)

    text = render(build())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date; rerun scripts/{script}", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="\n")
    years = list(json.loads(text)["years"])
    print(f"wrote {args.output} ({years[0]}–{years[-1]}, {len(years)} years)")
    return 0

"""``arbeidsmigratie verify DIR``: is an output folder a complete, unchanged set?"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

HELP = """\
Check an output folder of compare --output or costing --output against its manifest.json (written
last, so a folder without it is incomplete): every listed file present with its size and sha256,
no file that is not listed. Prints the command and the receipt's package version when complete.

Exit codes: 0 complete and unchanged; 2 incomplete, changed or not an output folder (each problem
is listed).
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="check an output folder against its manifest (complete and unchanged?)",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folder", metavar="DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie.output import MANIFEST, verify_output_set  # noqa: PLC0415

    folder = pathlib.Path(args.folder)
    if not folder.is_dir():
        print(f"arbeidsmigratie verify: {folder}: not a folder", file=sys.stderr)
        return 2
    try:
        problems = verify_output_set(folder)
    except (OSError, ValueError, KeyError, TypeError) as error:
        problems = [f"{folder / MANIFEST}: unreadable ({type(error).__name__}: {error})"]
    if problems:
        print(f"arbeidsmigratie verify: {folder}: not a complete output set:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    version = manifest.get("receipt", {}).get("version", "?")
    print(
        f"{folder}: complete, {len(manifest['files'])} files as written by "
        f"arbeidsmigratie {manifest.get('command', '?')} (version {version})"
    )
    return 0

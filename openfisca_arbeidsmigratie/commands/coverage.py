"""``arbeidsmigratie coverage``: which law the YAML tests exercise, for drafters."""

from __future__ import annotations

import argparse
import contextlib
import json
import pathlib

from openfisca_arbeidsmigratie.commands._common import InputError

HELP = """\
Run every YAML test case under PATH (default tests/yaml) with OpenFisca's tracer and report which
variables, dated formulas (variable@start date) and parameters the tests exercise, per file and in
total, and which articles cited by the variables' references and the parameters' metadata no test
reaches. Outputs are calculated, not asserted (run the tests for that). A case that fails to run is
listed and the rest still counts.

Exit codes: 0 success, 2 bad input.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "coverage",
        help="test coverage: which law the YAML tests exercise (variables, formulas, parameters, articles)",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="YAML test files or folders (default tests/yaml)")
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown", help="output format (default markdown)")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--max-items", type=int, default=200, metavar="N", help="markdown: longest list shown (default 200)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_arbeidsmigratie.explain.test_coverage import markdown, measure_test_coverage  # noqa: PLC0415 (fast --help)
    from openfisca_arbeidsmigratie.output import output_file  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    paths = args.paths or ["tests/yaml"]
    # --output is checked before the tests are read, and written whole or not at all
    with output_file(args.output) if args.output else contextlib.nullcontext() as partial:
        try:
            resultaat = measure_test_coverage(baseline_system(), paths, pathlib.Path.cwd()).as_dict()
        except (FileNotFoundError, ValueError) as fout:
            raise InputError(str(fout)) from None
        tekst = json.dumps(resultaat, indent=2, ensure_ascii=False) + "\n" if args.format == "json" else markdown(resultaat, args.max_items)
        if partial is not None:
            partial.write_text(tekst, encoding="utf-8")
    if args.output:
        print(f"Wrote {args.output}")
    else:
        print(tekst, end="")
    return 0

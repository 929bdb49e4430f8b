"""Schema-based fuzzing of `arbeidsmigratie serve` with schemathesis: no answer may be a 5xx.

Starts the server on a free 127.0.0.1 port, runs ``schemathesis run`` against its OpenAPI
document (``/spec``: OpenFisca's endpoints plus /compare, /costing and /regimes) with the
``not_a_server_error`` check, then stops the server and prints the summary.

    pip install schemathesis            # benchmark-only dependency (see docs/api.md)
    python benchmarks/fuzz_api.py                       # default: 60 examples per operation
    python benchmarks/fuzz_api.py --max-examples 200 --max-time 600

Exit code 0 when schemathesis found no failure, else schemathesis's exit code.
Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from openfisca_arbeidsmigratie.api.local_server import local_server


def schemathesis_command() -> list[str]:
    executable = shutil.which("schemathesis") or shutil.which("st")
    if executable is None:
        raise SystemExit("schemathesis is not installed: pip install schemathesis")
    return [executable]


def summary(report: pathlib.Path) -> dict:
    """Counts of answers per status class from schemathesis's NDJSON event stream."""
    statuses: dict[str, int] = {}
    for line in report.read_text(encoding="utf-8").splitlines():
        for status in re.findall(r'"status_code":\s*(\d{3})', line):
            key = f"{status[0]}xx"
            statuses[key] = statuses.get(key, 0) + 1
    return statuses


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--max-examples", type=int, default=60, help="test cases per operation")
    parser.add_argument("--max-time", type=int, default=600, help="seconds for the whole run")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--checks", default="not_a_server_error", help="schemathesis checks")
    parser.add_argument("--log", help="write the server log to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fuzz-api-") as folder:
        events = pathlib.Path(folder) / "events.ndjson"
        with local_server(workers=args.workers, log=args.log) as url:
            command = [
                *schemathesis_command(),
                "run",
                f"{url}/spec",
                "--checks",
                args.checks,
                "--max-examples",
                str(args.max_examples),
                "--max-time",
                str(args.max_time),
                "--seed",
                str(args.seed),
                "--workers",
                "2",
                "--request-timeout",
                "60",
                "--generation-database",
                "none",
                "--no-color",
                "--report",
                "ndjson",
                "--report-ndjson-path",
                str(events),
            ]
            print("$", " ".join(command), flush=True)
            code = subprocess.call(command)
        statuses = summary(events) if events.exists() else {}
    print(json.dumps({"schemathesis_exit_code": code, "answers_by_status": statuses}))
    return code


if __name__ == "__main__":
    sys.exit(main())

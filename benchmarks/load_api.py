"""Load test of `arbeidsmigratie serve` on 127.0.0.1: concurrent requests, latency percentiles, errors.

Starts the server on a free loopback port in a subprocess (gunicorn, ``--workers`` processes),
drives it, prints a table and stops the server. Bounded in count and time: every phase has a fixed
number of requests, every request a timeout, the whole run a deadline (``--deadline``).

    python benchmarks/load_api.py                 # the full run (about a minute or two)
    python benchmarks/load_api.py --quick         # smaller, for a smoke check

Phases (defaults):
  calculate        4 threads x 50 POST /calculate, one applicant (the spec's example situation)
  compare-1k       4 threads x 50 POST /compare, ~1,000 rows as JSON records, one reform
  compare-100k     3 x POST /compare, 100,000 applicants (~150,000 rows with families), one reform,
                   each as JSON records, columnar JSON and a Parquet upload
Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import json
import math
import statistics
import sys
import time
import urllib.error
import urllib.request

import pyarrow as pa
import pyarrow.parquet as pq

from openfisca_arbeidsmigratie.api.local_server import local_server
from openfisca_arbeidsmigratie.population import derive_schema
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.reforms import baseline_system
from openfisca_arbeidsmigratie.situation_examples import single_applicant

REFORM = "brede_welvaartstoets"


def post(url: str, body: bytes, content_type: str, timeout: float) -> tuple[int, float, int]:
    """(status, seconds, response bytes); status 0 for a transport error."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            size = len(answer.read())
            return answer.status, time.perf_counter() - started, size
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, len(error.read())
    except OSError:
        return 0, time.perf_counter() - started, 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))  # nearest rank
    return ordered[index]


def run_phase(name, url, body, content_type, *, threads, requests, timeout, deadline) -> dict:
    results = []

    def one(_):
        if time.monotonic() > deadline:
            return (None, 0.0, 0)
        return post(url, body, content_type, timeout)

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    done = [r for r in results if r[0] is not None]
    latencies = [r[1] for r in done]
    return {
        "phase": name,
        "threads": threads,
        "requests": len(done),
        "skipped": len(results) - len(done),
        "errors": sum(1 for r in done if r[0] != 200),
        "statuses": sorted({r[0] for r in done}),
        "body_mib": len(body) / 2**20,
        "answer_mib": statistics.mean([r[2] for r in done]) / 2**20 if done else 0.0,
        "throughput_rps": len(done) / wall if wall else 0.0,
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "p99_ms": 1000 * percentile(latencies, 99),
        "max_ms": 1000 * max(latencies, default=float("nan")),
    }


def populations(size_small: int, size_large: int):
    schema = derive_schema(baseline_system())
    return generate(size_small, 1, schema=schema), generate(size_large, 2, schema=schema)


def json_records(table: pa.Table, **options) -> bytes:
    return json.dumps({"population": table.to_pylist(), **options}, default=str).encode()


def json_columns(table: pa.Table, **options) -> bytes:
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    return json.dumps({"population": columns, **options}, default=str).encode()


def parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def calculate_body() -> bytes:
    return json.dumps(single_applicant).encode()


def print_table(rows: list[dict]) -> None:
    head = [
        "phase",
        "threads",
        "requests",
        "errors",
        "body_mib",
        "answer_mib",
        "throughput_rps",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "max_ms",
    ]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        cells = [f"{row[h]:.2f}" if isinstance(row[h], float) else str(row[h]) for h in head]
        print("| " + " | ".join(cells) + " |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer requests and 10,000 applicants")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--requests", type=int, default=50, help="requests per thread (small phases)"
    )
    parser.add_argument("--large", type=int, default=100_000, help="applicants in the large phase")
    parser.add_argument("--large-requests", type=int, default=3)
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds for the whole run")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if args.quick:
        args.requests, args.large, args.large_requests = 10, 10_000, 1
    deadline = time.monotonic() + args.deadline
    small, large = populations(670, args.large)
    options = {"regimes": [REFORM], "period": "2026-01"}
    json_type, parquet_type = "application/json", "application/vnd.apache.parquet"
    concurrent_phase = {
        "threads": args.threads,
        "requests": args.threads * args.requests,
        "timeout": 60,
    }
    large_phase = {"threads": 1, "requests": args.large_requests, "timeout": 120}
    large_name = f"compare-{args.large}-applicants"
    phases = [
        ("calculate", "/calculate", calculate_body(), json_type, concurrent_phase),
        (
            f"compare-{small.num_rows}-rows-records",
            "/compare",
            json_records(small, **options),
            json_type,
            concurrent_phase,
        ),
        (
            f"{large_name}-records",
            "/compare",
            json_records(large, **options),
            json_type,
            large_phase,
        ),
        (
            f"{large_name}-columns",
            "/compare",
            json_columns(large, **options),
            json_type,
            large_phase,
        ),
        (
            f"{large_name}-parquet",
            f"/compare?regimes={REFORM}&period=2026-01",
            parquet_bytes(large),
            parquet_type,
            large_phase,
        ),
    ]
    print(
        f"server on 127.0.0.1, {args.workers} gunicorn workers; large population: {large.num_rows} rows",
        flush=True,
    )
    with local_server(workers=args.workers, extra=("--max-body-mib", "512")) as base:
        rows = [
            run_phase(name, base + path, body, content_type, deadline=deadline, **phase)
            for name, path, body, content_type, phase in phases
        ]
    print_table(rows)
    errors = sum(r["errors"] for r in rows)
    print(f"\ntotal requests: {sum(r['requests'] for r in rows)}, errors (non-200): {errors}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=2)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fuzzing of `arbeidsmigratie serve`: no answer may be a 5xx, a valid body must reach the engine.

Two modes, both on a free 127.0.0.1 port (the server runs in a subprocess and is stopped after):

* default, **population fuzzing**: bodies generated from the population schema (the columns,
  types, ranges, code lists and roles of ``derive_schema``), so that most of them are valid and
  reach the engine; a share (``--mutate``, default 0.3) carries one fault each (a wrong type, a
  value out of range, an unknown code, a duplicate id, a missing id column, a household without
  its applicant, employers whose inputs disagree, a nested value, ...). Sent to ``POST /compare``
  as JSON records, columnar JSON, CSV, Parquet and multipart, and single persons to
  ``POST /calculate``. Checked: no 5xx; every valid body answered 200 (it reached the engine);
  every faulty body answered 4xx with an ``error`` message.
* ``--schemathesis``: ``schemathesis run`` against the server's ``/spec`` with the
  ``not_a_server_error`` check (``pip install schemathesis``, a benchmark-only dependency).

    python benchmarks/fuzz_api.py --cases 400 --max-time 180
    python benchmarks/fuzz_api.py --schemathesis --max-examples 60 --max-time 600

Prints one JSON summary: cases per endpoint and form, answers by status, how many reached the
engine (200), valid bodies refused and faulty bodies accepted (each a finding, with examples).
Exit code 0 when there was no 5xx and no valid body was refused.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import io
import json
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from openfisca_arbeidsmigratie.api.local_server import local_server
from openfisca_arbeidsmigratie.population import derive_schema
from openfisca_arbeidsmigratie.population.schema import ROLE_COLUMN
from openfisca_arbeidsmigratie.reforms import available_regimes, baseline_system

FORMS = ("records", "columns", "csv", "parquet", "multipart")
PERIODS = ("2023-01", "2024-06", "2025-01", "2025-12", "2026-01", "2026-07")
OUTPUTS = ("toegelaten", "toelatingsroute", "weigeringsgrond", "kennismigrant_looncriterium")
ISCO = ("2512", "2511", "2211", "7212", "9312", "1", "25")


# ---- valid populations from the schema -----------------------------------------------------------


def cell(rng: random.Random, column):
    """A valid value of ``column`` (JSON-able)."""
    if column.kind == "bool":
        return rng.random() < 0.5
    if column.kind == "enum":
        return rng.choice(column.enum_names)
    if column.kind == "date":
        return (datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(16000))).isoformat()
    if column.codes is not None:
        return rng.choice(sorted(column.codes))
    if column.pattern is not None:
        return rng.choice(ISCO)
    if column.kind == "str":
        return "tekst"
    low = column.minimum if column.minimum is not None else 0
    high = column.maximum if column.maximum is not None else (12000 if column.kind == "float" else 60)
    if column.kind == "int":
        return rng.randint(int(low) + (0 if column.minimum_inclusive else 1), int(high))
    value = round(rng.uniform(low, high), 2)
    return value if column.minimum_inclusive or value > low else low + 0.5


def population(rng: random.Random, schema) -> list[dict]:
    """1-8 households of an applicant with maybe a partner and children, 1-3 employers; each
    person fills a random subset of the columns, employers' inputs agree within an employer."""
    person_columns = [c for c in schema.columns.values() if c.entity == "persoon"]
    employer_columns = [c for c in schema.columns.values() if c.entity == "werkgever"]
    employers = {
        e: {c.name: cell(rng, c) for c in rng.sample(employer_columns, rng.randint(0, len(employer_columns)))}
        for e in range(1, rng.randint(1, 3) + 1)
    }
    rows, next_id = [], 1
    for household in range(1, rng.randint(1, 8) + 1):
        roles = ["aanvrager"] + (["partner"] if rng.random() < 0.4 else []) + ["kind"] * rng.choice((0, 0, 1, 2))
        for role in roles:
            employer = rng.choice(list(employers))
            row = {"persoon_id": next_id, "werkgever_id": employer, "huishouden_id": household}
            if role != "aanvrager" or rng.random() < 0.5:
                row[ROLE_COLUMN] = role
            for column in rng.sample(person_columns, rng.randint(0, min(12, len(person_columns)))):
                row[column.name] = cell(rng, column)
            if "gewicht" in row:
                row["gewicht"] = round(rng.uniform(0.5, 20), 2)
            row.update(employers[employer])
            rows.append(row)
            next_id += 1
    return rows


# ---- one fault each ------------------------------------------------------------------------------


def _numeric(schema):
    return [c.name for c in schema.columns.values() if c.kind in ("int", "float")]


MUTATIONS = {
    "text_in_number": lambda rng, rows, s: rows[0].__setitem__(rng.choice(_numeric(s)), "veel"),
    "negative_wage": lambda rng, rows, s: rows[0].__setitem__("bruto_maandloon", -1),
    "hours_above_60": lambda rng, rows, s: rows[0].__setitem__("arbeidsuren_per_week", 61),
    "unknown_enum": lambda rng, rows, s: rows[0].__setitem__("sector_sbi", "Z"),
    "lower_case_country": lambda rng, rows, s: rows[0].__setitem__("nationaliteit", "pl"),
    "unknown_country": lambda rng, rows, s: rows[0].__setitem__("nationaliteit", "XX"),
    "bad_isco": lambda rng, rows, s: rows[0].__setitem__("beroep_isco08", "25a"),
    "bad_date": lambda rng, rows, s: rows[0].__setitem__("geboortedatum", "1990-02-30"),
    "duplicate_id": lambda rng, rows, s: rows.append({**rows[0], "huishouden_id": 999}),
    "missing_id_column": lambda rng, rows, s: [r.pop("huishouden_id", None) for r in rows],
    "no_applicant": lambda rng, rows, s: rows.append(
        {"persoon_id": 10_000, "werkgever_id": 1, "huishouden_id": 777, ROLE_COLUMN: "partner"}
    ),
    "two_applicants": lambda rng, rows, s: rows.append(
        {"persoon_id": 10_001, "werkgever_id": 1, "huishouden_id": rows[0]["huishouden_id"], ROLE_COLUMN: "aanvrager"}
    ),
    "employers_disagree": lambda rng, rows, s: rows.extend(
        [
            {"persoon_id": 20_001, "werkgever_id": 50, "huishouden_id": 501, "erkend_referent": True},
            {"persoon_id": 20_002, "werkgever_id": 50, "huishouden_id": 502, "erkend_referent": False},
        ]
    ),
    "unknown_column": lambda rng, rows, s: rows[0].__setitem__("salaris", 5000),
    "negative_weight": lambda rng, rows, s: rows[0].__setitem__("gewicht", -2),
    "nested_value": lambda rng, rows, s: rows[0].__setitem__("bruto_maandloon", {"a": [1]}),
    "unknown_role": lambda rng, rows, s: rows[-1].__setitem__(ROLE_COLUMN, "oma"),
    "empty": lambda rng, rows, s: rows.clear(),
}
JSON_ONLY = {"nested_value"}  # a CSV or Parquet cell cannot hold an object


# ---- bodies --------------------------------------------------------------------------------------


def _table(rows: list[dict]) -> pa.Table:
    names = list(dict.fromkeys(k for r in rows for k in r))
    return pa.table({n: pa.array([None if r.get(n) is None else str(r.get(n)) for r in rows], pa.string()) for n in names})


def body_of(form: str, rows: list[dict], options: dict) -> tuple[str, bytes, str]:
    """(query string, body, content type) of a /compare request in ``form``."""
    query = "&".join(f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in options.items())
    if form == "records":
        return "", json.dumps({"population": rows, **options}).encode(), "application/json"
    if form == "columns":
        names = list(dict.fromkeys(k for r in rows for k in r))
        columns = {n: [r.get(n) for r in rows] for n in names}
        return "", json.dumps({"population": columns, **options}).encode(), "application/json"
    table = _table(rows) if rows else pa.table({"persoon_id": pa.array([], pa.string())})
    buffer = io.BytesIO()
    if form == "parquet":
        pq.write_table(table, buffer)
        return query, buffer.getvalue(), "application/vnd.apache.parquet"
    pacsv.write_csv(table, buffer)
    if form == "csv":
        return query, buffer.getvalue(), "text/csv"
    boundary = uuid.uuid4().hex
    part = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"population\"; filename=\"p.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n"
    ).encode() + buffer.getvalue() + f"\r\n--{boundary}--\r\n".encode()
    return query, part, f"multipart/form-data; boundary={boundary}"


def situation_of(rows: list[dict], schema) -> dict:
    """A /calculate situation for the first person of ``rows`` (asks toegelaten)."""
    row = dict(rows[0]) if rows else {}
    period = "2026-01"
    person, employer = {"toegelaten": {period: None}}, {}
    for name, value in row.items():
        column = schema.columns.get(name)
        if column is None:
            continue
        key = "ETERNITY" if column.definition_period == "eternity" else period
        (employer if column.entity == "werkgever" else person)[name] = {key: value}
    return {
        "personen": {"p": person},
        "werkgevers": {"w": {"werknemers": ["p"], **employer}},
        "huishoudens": {"h": {"aanvragers": ["p"]}},
    }


# ---- the run -------------------------------------------------------------------------------------


def post(url: str, body: bytes, content_type: str, timeout: float = 120) -> tuple[int, dict | None]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, None
    except OSError:
        return 0, None


def make_case(rng: random.Random, schema, regimes: list[str], mutate: float) -> dict:
    rows = population(rng, schema)
    mutation = None
    endpoint = "/calculate" if rng.random() < 0.15 else "/compare"
    form = "situation" if endpoint == "/calculate" else rng.choice(FORMS)
    if rng.random() < mutate:
        allowed = [m for m in MUTATIONS if form in ("records", "columns", "situation") or m not in JSON_ONLY]
        if endpoint == "/calculate":  # one person: the population-level faults do not apply
            allowed = [m for m in allowed if m in ("text_in_number", "negative_wage", "hours_above_60",
                                                    "unknown_enum", "lower_case_country", "unknown_country",
                                                    "bad_isco", "bad_date", "nested_value")]
        mutation = rng.choice(allowed)
        MUTATIONS[mutation](rng, rows, schema)
    options = {}
    if endpoint == "/compare":
        if rng.random() < 0.8:
            options["regimes"] = rng.sample(regimes, rng.randint(1, min(2, len(regimes))))
        options["period"] = rng.choice(PERIODS)
        if rng.random() < 0.3:
            options["outputs"] = rng.sample(OUTPUTS, rng.randint(1, 3))
    return {"endpoint": endpoint, "form": form, "mutation": mutation, "rows": rows, "options": options}


def run_case(url: str, case: dict, schema) -> dict:
    if case["endpoint"] == "/calculate":
        body = json.dumps(situation_of(case["rows"], schema)).encode()
        status, answer = post(f"{url}/calculate", body, "application/json")
    else:
        query, body, content_type = body_of(case["form"], case["rows"], case["options"])
        status, answer = post(f"{url}/compare{'?' + query if query else ''}", body, content_type)
    message = answer.get("error") if isinstance(answer, dict) else None
    return {**{k: case[k] for k in ("endpoint", "form", "mutation")}, "status": status, "error": message}


def population_fuzz(args) -> int:
    rng = random.Random(args.seed)
    system = baseline_system()
    schema = derive_schema(system)
    regimes = [r for r in available_regimes() if r != "huidig_recht"]
    cases = [make_case(rng, schema, regimes, args.mutate) for _ in range(args.cases)]
    results, started = [], time.monotonic()
    with (
        local_server(workers=args.workers, log=args.log) as url,
        concurrent.futures.ThreadPoolExecutor(args.threads) as pool,
    ):
        futures = [pool.submit(run_case, url, case, schema) for case in cases]
        for future in futures:
            remaining = args.max_time - (time.monotonic() - started)
            try:
                results.append(future.result(timeout=max(remaining, 0.1)))
            except concurrent.futures.TimeoutError:
                break
        for future in futures:
            future.cancel()
    return report(results, time.monotonic() - started)


def report(results: list[dict], seconds: float) -> int:
    by_status: dict[str, int] = {}
    by_form: dict[str, dict[str, int]] = {}
    for r in results:
        by_status[str(r["status"])] = by_status.get(str(r["status"]), 0) + 1
        key = f"{r['endpoint']} {r['form']}"
        by_form.setdefault(key, {}).setdefault(str(r["status"]), 0)
        by_form[key][str(r["status"])] += 1
    valid = [r for r in results if r["mutation"] is None]
    faulty = [r for r in results if r["mutation"] is not None]
    server_errors = [r for r in results if r["status"] >= 500 or r["status"] == 0]
    valid_refused = [r for r in valid if r["status"] != 200]
    faulty_accepted = [r for r in faulty if r["status"] == 200]
    # OpenFisca's own /calculate errors echo the situation with messages instead of an "error" text
    faulty_without_message = [
        r for r in faulty if 400 <= r["status"] < 500 and not r["error"] and r["endpoint"] != "/calculate"
    ]
    accepted_kinds: dict[str, int] = {}
    for r in faulty_accepted:
        key = f"{r['endpoint']} {r['mutation']}"
        accepted_kinds[key] = accepted_kinds.get(key, 0) + 1
    summary = {
        "cases": len(results),
        "seconds": round(seconds, 1),
        "valid_bodies": len(valid),
        "faulty_bodies": len(faulty),
        "reached_engine": sum(r["status"] == 200 for r in results),
        "answers_by_status": dict(sorted(by_status.items())),
        "answers_by_endpoint_and_form": by_form,
        "server_errors": len(server_errors),
        "valid_refused": len(valid_refused),
        "faulty_accepted_by_kind": accepted_kinds,
        "faulty_4xx_without_message": len(faulty_without_message),
        "examples": {
            "server_errors": server_errors[:5],
            "valid_refused": valid_refused[:5],
            "faulty_accepted": faulty_accepted[:10],
        },
    }
    print(json.dumps(summary, indent=1, default=str))
    return 1 if server_errors or valid_refused else 0


# ---- schemathesis mode (as before) ---------------------------------------------------------------


def schemathesis_command() -> list[str]:
    executable = shutil.which("schemathesis") or shutil.which("st")
    if executable is None:
        raise SystemExit("schemathesis is not installed: pip install schemathesis")
    return [executable]


def summary(report_path: pathlib.Path) -> dict:
    """Counts of answers per status class from schemathesis's NDJSON event stream."""
    statuses: dict[str, int] = {}
    for line in report_path.read_text(encoding="utf-8").splitlines():
        for status in re.findall(r'"status_code":\s*(\d{3})', line):
            key = f"{status[0]}xx"
            statuses[key] = statuses.get(key, 0) + 1
    return statuses


def schemathesis_fuzz(args) -> int:
    with tempfile.TemporaryDirectory(prefix="fuzz-api-") as folder:
        events = pathlib.Path(folder) / "events.ndjson"
        with local_server(workers=args.workers, log=args.log) as url:
            command = [
                *schemathesis_command(), "run", f"{url}/spec", "--checks", args.checks,
                "--max-examples", str(args.max_examples), "--max-time", str(args.max_time),
                "--seed", str(args.seed), "--workers", "2", "--request-timeout", "60",
                "--generation-database", "none", "--no-color", "--report", "ndjson",
                "--report-ndjson-path", str(events),
            ]  # fmt: skip
            print("$", " ".join(command), flush=True)
            code = subprocess.call(command)
        statuses = summary(events) if events.exists() else {}
    print(json.dumps({"schemathesis_exit_code": code, "answers_by_status": statuses,
                      "reached_engine": statuses.get("2xx", 0)}))  # fmt: skip
    return code


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=300, help="population fuzzing: requests")
    parser.add_argument("--mutate", type=float, default=0.3, help="share of bodies with one fault")
    parser.add_argument("--threads", type=int, default=2, help="concurrent requests")
    parser.add_argument("--max-time", type=int, default=180, help="seconds for the whole run")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--log", help="write the server log to this file")
    parser.add_argument("--schemathesis", action="store_true", help="run schemathesis on /spec instead")
    parser.add_argument("--max-examples", type=int, default=60, help="schemathesis: cases per operation")
    parser.add_argument("--checks", default="not_a_server_error", help="schemathesis checks")
    args = parser.parse_args(argv)
    return schemathesis_fuzz(args) if args.schemathesis else population_fuzz(args)


if __name__ == "__main__":
    sys.exit(main())

"""``arbeidsmigratie serve``: the web API (OpenFisca's endpoints plus /compare, /costing, /regimes).

Runs under gunicorn (a dependency of openfisca-core) with ``--workers`` processes of ``--threads``
threads each (gthread), the app built once before the workers fork; a read on a connection gives
up after ``--read-timeout`` seconds, so slow or stalled clients cannot hold the workers.
``--server werkzeug`` runs Flask's threaded development server instead (one process, for
debugging). Listens on 127.0.0.1 by default: the API has no authentication, so a wider ``--host``
is for a trusted network behind a proxy only. CORS is off unless ``--cors ORIGIN`` names the
origins whose web pages may call the API.
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys
import urllib.parse

from openfisca_arbeidsmigratie.api.limits import Limits

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
HELP = """\
Serve the web API: OpenFisca's endpoints (/calculate, /trace, /variables, /parameters, /spec, ...)
plus POST /compare, POST /costing and GET /regimes, with a receipt on every answer.
See docs/api.md for the endpoints, limits and error format.

Limits: --max-body-mib per request body (chunked uploads included; 413), --max-rows per population
(413), --max-persons per /calculate or /trace situation (axes included; 413), --calculate-seconds
per /calculate or /trace computation (503). CORS: off by default; --cors https://app.example.org
(repeatable) allows exactly those origins.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the web page at / and the web API (OpenFisca endpoints plus /compare, /costing, /explain, /regimes, /requirements)",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="address to listen on (default %(default)s, loopback)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default %(default)s)")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes (default %(default)s)"
    )
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per worker (default %(default)s)"
    )
    parser.add_argument(
        "--read-timeout",
        type=int,
        default=30,
        help="seconds a read on a connection may wait for data before it is closed (default %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=300,
        help="seconds before a busy worker is restarted (default %(default)s)",
    )
    parser.add_argument(
        "--max-body-mib",
        type=int,
        default=Limits.max_body_bytes // 2**20,
        help="largest request body in MiB (default %(default)s); larger bodies get 413",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=Limits.max_rows,
        help="most population rows per request (default %(default)s); more get 413",
    )
    parser.add_argument(
        "--max-persons",
        type=int,
        default=Limits.max_persons,
        help="most persons per /calculate or /trace situation, axes included (default %(default)s); more get 413",
    )
    parser.add_argument(
        "--calculate-seconds",
        type=int,
        default=int(Limits.calculate_seconds),
        help="time limit of a /calculate or /trace computation (default %(default)s s); then 503",
    )
    parser.add_argument(
        "--cors",
        action="append",
        metavar="ORIGIN",
        default=None,
        help="allow web pages of this origin (scheme://host[:port]) to call the API; repeatable; "
        "default: no CORS headers (other origins' pages cannot read the answers)",
    )
    parser.add_argument(
        "--parameter-dir",
        default=None,
        help="folder of regime parameter files that requests may name as 'reform@file.yaml' (default: none allowed)",
    )
    parser.add_argument(
        "--server",
        choices=("gunicorn", "werkzeug"),
        default="gunicorn",
        help="gunicorn (default; processes) or werkzeug (Flask's threaded server, one process)",
    )
    parser.set_defaults(func=run)


def _check(args) -> str | None:
    for name in (
        "port",
        "workers",
        "threads",
        "timeout",
        "read_timeout",
        "max_body_mib",
        "max_rows",
        "max_persons",
        "calculate_seconds",
    ):
        value = getattr(args, name)
        if value < (0 if name == "port" else 1):
            return f"--{name.replace('_', '-')} {value}: allowed: a positive integer"
    if args.port > 65535:
        return f"--port {args.port}: allowed: 0 to 65535"
    for origin in args.cors or ():
        if not _is_origin(origin):
            return (
                f"--cors {origin!r}: allowed: one origin, scheme://host[:port] (no path, no '*'), "
                "e.g. https://app.example.org"
            )
    return None


def _is_origin(text: str) -> bool:
    parsed = urllib.parse.urlsplit(text)
    return (
        parsed.scheme in ("http", "https")
        and bool(parsed.hostname)
        and "*" not in text
        and parsed.path == ""
        and not (parsed.query or parsed.fragment or parsed.username)
    )


def _bind_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (address in use, unknown host), else None."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return f"--host {host} --port {port}: cannot listen there ({error.strerror or error}); allowed: a free port on an address of this machine"
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_app(args):
    from openfisca_arbeidsmigratie.api import create_app  # noqa: PLC0415 (loads the law)

    limits = Limits(
        max_body_bytes=args.max_body_mib * 2**20,
        max_rows=args.max_rows,
        max_persons=args.max_persons,
        calculate_seconds=float(args.calculate_seconds),
    )
    return create_app(limits=limits, parameter_dir=args.parameter_dir, cors_origins=args.cors)


def _gunicorn(app, args) -> None:
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415 (optional server)

    from openfisca_arbeidsmigratie.api import workers  # noqa: PLC0415

    workers.READ_TIMEOUT = float(args.read_timeout)  # inherited by the forked workers

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("worker_class", workers.WORKER_CLASS)
            self.cfg.set("threads", args.threads)
            self.cfg.set("timeout", args.timeout)
            self.cfg.set("accesslog", "-")

        def load(self):
            return app

    Server().run()


def run(args) -> int:
    problem = _check(args) or _bind_problem(args.host, args.port)
    if problem:
        print(f"arbeidsmigratie serve: {problem}", file=sys.stderr)
        return 2
    if not _is_loopback(args.host):
        print(
            f"arbeidsmigratie serve: warning: listening on {args.host}, not a loopback address; "
            "the API has no authentication.",
            file=sys.stderr,
        )
    app = build_app(args)
    if args.server == "werkzeug":
        app.run(host=args.host, port=args.port, threaded=True)
    else:
        _gunicorn(app, args)
    return 0

"""Run ``arbeidsmigratie serve`` on a free 127.0.0.1 port in a subprocess (benchmarks, fuzzing).

with local_server(workers=2) as url:      # "http://127.0.0.1:PORT"
    ...                                   # the server is stopped (SIGTERM) on exit
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _wait_ready(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/regimes", timeout=5) as answer,
        ):
            if answer.status == 200:  # noqa: PLR2004
                return
        time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def local_server(
    *, workers: int = 2, extra: tuple[str, ...] = (), log: str | None = None, timeout: float = 90.0
) -> Iterator[str]:
    """Start the server on a free loopback port; yield its base URL; stop it afterwards."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "openfisca_arbeidsmigratie.cli",
        "serve",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--workers",
        str(workers),
        *extra,
    ]
    with open(log or os.devnull, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        url = f"http://{LOOPBACK}:{port}"
        try:
            _wait_ready(url, process, timeout)
            yield url
        finally:
            _stop(process)

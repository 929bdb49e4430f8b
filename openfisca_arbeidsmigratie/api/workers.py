"""The gunicorn worker of ``arbeidsmigratie serve``: threads, and a read timeout on every connection.

gunicorn's threaded worker (gthread) waits for a connection to become readable before it gives it to
a thread, so idle clients cost no thread. A client that sends part of a request (headers and one
byte, say) and then stalls would still hold its thread for as long as it likes; here every read on
the connection gives up after ``READ_TIMEOUT`` seconds without data and the connection is closed.
With several threads per worker, stalled clients do not hold up the others.
"""

from __future__ import annotations

from gunicorn.workers.gthread import ThreadWorker

WORKER_CLASS = "openfisca_arbeidsmigratie.api.workers.ReadTimeoutThreadWorker"
READ_TIMEOUT = 30.0  # seconds; set by `arbeidsmigratie serve --read-timeout` before the workers fork


class ReadTimeoutThreadWorker(ThreadWorker):
    """gthread, with a timeout on each read of a request (headers and body)."""

    def enqueue_req(self, conn):
        conn.init()
        conn.sock.settimeout(READ_TIMEOUT)
        future = self.tpool.submit(self.handle, conn)
        self._wrap_future(future, conn)

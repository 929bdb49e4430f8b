"""Limits that hold for every request, whatever the endpoint (see docs/api.md, "Limits").

* **Body size, chunked uploads included.** A body sent with ``Transfer-Encoding: chunked`` has no
  ``Content-Length`` for Werkzeug to check, and Werkzeug's limited stream stops silently at the limit
  (the rest of the rows would be dropped and the truncated population answered 200).
  :class:`ChunkedBodyLimit` reads such a body itself, at most limit + 1 bytes: above the limit the
  answer is 413 (and the connection is closed, the rest is never read); otherwise the body goes on
  with its length set, like any other.
* **Situations of /calculate and /trace**: JSON nested more than ``MAX_JSON_DEPTH`` levels is 400
  (a situation needs five); more than ``Limits.max_persons`` persons (axes counted: persons times the
  points of every axis) is 413; a computation that runs longer than ``Limits.calculate_seconds`` is
  stopped and answered 503. The computation runs in the request's own thread; at the limit a timer
  raises :class:`CalculationTimeout` in that thread (CPython's ``PyThreadState_SetAsyncExc``), which
  takes effect at its next Python instruction (a running numpy call finishes first). The situation's
  simulation is built per request and dropped with the exception; the tax-benefit system it reads
  is not changed by a computation (OpenFisca 46 reads the parameters at an instant afresh).
* **CORS** is off unless origins are given (``arbeidsmigratie serve --cors ORIGIN``); OpenFisca's
  own ``Access-Control-Allow-Origin: *`` is removed.
"""

from __future__ import annotations

import ctypes
import functools
import io
import threading

from flask import Flask, current_app, jsonify, request

from openfisca_arbeidsmigratie.api.state import state

MAX_JSON_DEPTH = 32
SITUATION_VIEWS = ("calculate", "trace")
READ_BLOCK = 2**16
TOO_LARGE = "arbeidsmigratie.body_too_large"


class ChunkedBodyLimit:
    """WSGI middleware: a chunked request body is read up front, at most ``limit + 1`` bytes."""

    def __init__(self, app, flask_app: Flask) -> None:
        self.app = app
        self.flask_app = flask_app

    def __call__(self, environ, start_response):
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH"):
            limit = self.flask_app.config.get("MAX_CONTENT_LENGTH")
            data = _read_at_most(environ["wsgi.input"], None if limit is None else limit + 1)
            if limit is not None and len(data) > limit:
                # Werkzeug answers 413 (our JSON) on a declared length above the limit.
                environ[TOO_LARGE] = True
                environ["CONTENT_LENGTH"] = str(len(data))
                data = b""
            else:
                environ["CONTENT_LENGTH"] = str(len(data))
            environ["wsgi.input"] = io.BytesIO(data)
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)


def _read_at_most(stream, size: int | None) -> bytes:
    parts, total = [], 0
    while size is None or total < size:
        block = stream.read(READ_BLOCK if size is None else min(READ_BLOCK, size - total))
        if not block:
            break
        parts.append(block)
        total += len(block)
    return b"".join(parts)


# ---- /calculate and /trace ----------------------------------------------------------------------


def json_depth(node) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            return depth
        stack.extend((child, depth + 1) for child in children)
    return deepest


def situation_persons(situation: dict, plural: str) -> int:
    """Persons the situation makes OpenFisca compute: its persons times each axis group's points."""
    persons = situation.get(plural)
    count = len(persons) if isinstance(persons, dict) else 0
    axes = situation.get("axes")
    if isinstance(axes, list):
        for group in axes:
            points = [a.get("count") for a in group if isinstance(a, dict)] if isinstance(group, list) else []
            points = [p for p in points if isinstance(p, int) and not isinstance(p, bool) and p > 0]
            count *= max(points, default=1)
    return count


class CalculationTimeout(BaseException):  # noqa: N818 (a BaseException: no `except Exception` stops it)
    """Raised inside a request thread whose computation ran past its time limit."""


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


def run_with_time_limit(function, seconds: float):
    """``function()``; past ``seconds`` a CalculationTimeout is raised in this thread (the
    computation stops at its next Python instruction) and the result is ``None, True``."""
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state_ = {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state_["done"]:
                state_["fired"] = True
                _raise_in(thread_id, CalculationTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    try:
        timer.start()
        try:
            result = function()
        finally:
            with lock:
                state_["done"] = True
                if state_["fired"]:
                    _raise_in(thread_id, None)  # clear an exception not yet delivered
            timer.cancel()
    except CalculationTimeout:
        return None, True
    return result, state_["fired"]


def _error(status: int, message: str):
    return jsonify({"error": message}), status


def _guard_situation(view):
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        limits = state(current_app).limits
        try:
            situation = request.get_json(silent=True) if request.is_json else None
        except RecursionError:
            situation, depth = None, MAX_JSON_DEPTH + 1
        else:
            depth = json_depth(situation)
        if depth > MAX_JSON_DEPTH:
            return _error(
                400,
                f"Invalid JSON: nested more than {MAX_JSON_DEPTH} levels deep; a situation needs "
                "five (entities, id, variable, period, value).",
            )
        if isinstance(situation, dict):
            plural = state(current_app).system.person_entity.plural
            persons = situation_persons(situation, plural)
            if persons > limits.max_persons:
                return _error(
                    413,
                    f"The situation has {persons} persons (axes included); allowed: at most "
                    f"{limits.max_persons} per request. For populations use POST /compare, which "
                    "takes up to a million rows.",
                )
        answer, timed_out = run_with_time_limit(
            lambda: view(*args, **kwargs), limits.calculate_seconds
        )
        if timed_out:
            return _error(
                503,
                f"The computation took longer than the limit of {limits.calculate_seconds:g} s and "
                "was stopped; send fewer persons or axis points.",
            )
        return answer

    return guarded


def guard_situation_views(app: Flask) -> None:
    """Depth, person and time limits around OpenFisca's /calculate and /trace (outermost guard)."""
    for name in SITUATION_VIEWS:
        app.view_functions[name] = _guard_situation(app.view_functions[name])


# ---- CORS ---------------------------------------------------------------------------------------


def configure_cors(app: Flask, origins: tuple[str, ...] | list[str] | None) -> None:
    """No CORS headers unless ``origins`` are given; then only those origins are allowed."""
    for key, functions in app.after_request_funcs.items():
        app.after_request_funcs[key] = [f for f in functions if f.__name__ != "cors_after_request"]
    for name in ("handle_exception", "handle_user_exception"):  # flask-cors wraps these too
        app.__dict__.pop(name, None)
    if origins:
        from flask_cors import CORS  # noqa: PLC0415 (OpenFisca's web API depends on it)

        CORS(app, origins=list(origins))

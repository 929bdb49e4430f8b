"""Fault catalogue, HTTP: every bad or hostile request gets a JSON 4xx/5xx that says what is wrong.

Most cases use the Flask test client; the cases that depend on the server (chunked transfer through
gunicorn, stalled clients) run ``arbeidsmigratie serve`` on a free loopback port.
"""

from __future__ import annotations

import copy
import http.client
import io
import socket
import time
import urllib.parse

import pytest

from openfisca_arbeidsmigratie.api import Limits, create_app
from openfisca_arbeidsmigratie.api.hardening import MAX_JSON_DEPTH, json_depth, situation_persons
from openfisca_arbeidsmigratie.api.local_server import local_server
from openfisca_arbeidsmigratie.reforms import baseline_system
from openfisca_arbeidsmigratie.situation_examples import single_applicant

DEEP = b"[" * 1000 + b"]" * 1000
CSV_HEAD = b"persoon_id,werkgever_id,huishouden_id,bruto_maandloon\n"


@pytest.fixture(scope="module")
def system():
    return baseline_system()


@pytest.fixture(scope="module")
def client(system):
    return create_app(system).test_client()


@pytest.fixture(scope="module")
def small_client(system):
    limits = Limits(max_body_bytes=4096, max_persons=3)
    return create_app(system, limits=limits).test_client()


def json_error(answer, status: int) -> dict:
    assert answer.status_code == status, answer.get_data(as_text=True)
    assert answer.mimetype == "application/json"
    body = answer.get_json()
    assert body["error"] and "Traceback" not in body["error"]
    return body


def situation(persons: int = 1) -> dict:
    base = copy.deepcopy(single_applicant)
    (person,) = base["personen"].values()
    people = {f"p{i}": {**copy.deepcopy(person), "toegelaten": {"2026-01": None}} for i in range(persons)}
    return {
        "personen": people,
        "werkgevers": {"w": {"werknemers": list(people), "erkend_referent": {"2026-01": True}}},
        "huishoudens": {f"h{i}": {"aanvragers": [f"p{i}"]} for i in range(persons)},
    }


def csv_rows(count: int, wage: int = 6000) -> bytes:
    return CSV_HEAD + b"".join(b"%d,%d,%d,%d\n" % (i, i, i, wage) for i in range(1, count + 1))


# ---- deep JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/calculate", "/trace", "/compare"])
def test_json_nested_1000_levels_is_400(client, path):
    body = json_error(client.post(path, data=DEEP, content_type="application/json"), 400)
    assert "nested" in body["error"]


def test_json_depth_is_counted_without_recursion():
    assert json_depth(1) == 0 and json_depth({"a": [1]}) == 2
    assert json_depth(situation()) < MAX_JSON_DEPTH
    nested: list = []
    for _ in range(10_000):
        nested = [nested]
    assert json_depth(nested) == MAX_JSON_DEPTH + 1


# ---- persons and time on /calculate and /trace ---------------------------------------------------


@pytest.mark.parametrize("path", ["/calculate", "/trace"])
def test_more_persons_than_the_cap_is_413(small_client, path):
    assert small_client.post(path, json=situation(3)).status_code == 200
    body = json_error(small_client.post(path, json=situation(4)), 413)
    assert "4 persons" in body["error"] and "at most 3" in body["error"]


def test_axes_count_towards_the_cap(small_client):
    asked = situation(1)
    asked["axes"] = [[{"count": 50, "name": "bruto_maandloon", "min": 0, "max": 9000, "period": "2026-01"}]]
    assert situation_persons(asked, "personen") == 50
    body = json_error(small_client.post("/calculate", json=asked), 413)
    assert "50 persons (axes included)" in body["error"]


def test_computation_past_the_time_limit_is_503_and_the_next_request_is_fine(system, monkeypatch):
    from openfisca_web_api import handlers  # noqa: PLC0415

    real = handlers.calculate

    def slow(*args, **kwargs):  # a computation of 20 s, in small Python steps
        for _ in range(2000):
            time.sleep(0.01)
        return real(*args, **kwargs)

    client = create_app(system, limits=Limits(calculate_seconds=0.3)).test_client()
    monkeypatch.setattr(handlers, "calculate", slow)
    began = time.monotonic()
    body = json_error(client.post("/calculate", json=situation(2)), 503)
    assert time.monotonic() - began < 5
    assert "longer than the limit of 0.3 s" in body["error"]
    monkeypatch.setattr(handlers, "calculate", real)
    assert client.post("/calculate", json=situation(2)).status_code == 200
    time.sleep(0.5)  # past the limit again: no late exception reaches the thread
    assert client.get("/spec").status_code == 200


# ---- JSON for every error, the root unchanged ----------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("get", "/bestaat-niet", 404), ("get", "/variable/bestaat_niet", 404), ("get", "/calculate", 405), ("delete", "/spec", 405)],
)
def test_every_error_is_json(client, method, path, status):
    json_error(getattr(client, method)(path), status)


def test_root_keeps_the_openfisca_welcome_for_api_clients(client):
    answer = client.get("/", headers={"Accept": "application/json"})
    assert answer.status_code == 300
    assert "welcome" in answer.get_json()


# ---- CORS ----------------------------------------------------------------------------------------


def test_no_cors_by_default(client):
    origin = {"Origin": "https://evil.example"}
    assert "Access-Control-Allow-Origin" not in client.get("/spec", headers=origin).headers
    preflight = client.options(
        "/calculate", headers={**origin, "Access-Control-Request-Method": "POST"}
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_cors_only_for_the_origins_given(system):
    client = create_app(system, cors_origins=["https://app.example.org"]).test_client()
    allowed = client.get("/spec", headers={"Origin": "https://app.example.org"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example.org"
    other = client.get("/spec", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.parametrize("origin", ["*", "https://*.example.org", "app.example.org", "https://a.org/path"])
def test_serve_refuses_a_cors_wildcard_or_a_non_origin(origin, capsys):
    from openfisca_arbeidsmigratie.cli import build_parser  # noqa: PLC0415
    from openfisca_arbeidsmigratie.commands import serve  # noqa: PLC0415

    assert serve.run(build_parser().parse_args(["serve", "--cors", origin])) == 2
    assert "--cors" in capsys.readouterr().err


# ---- chunked uploads (Flask test client, as gunicorn passes them) --------------------------------


def chunked_post(client, data: bytes):
    return client.post(
        "/compare",
        input_stream=io.BytesIO(data),
        content_type="text/csv",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""},  # as gunicorn
    )


def test_chunked_upload_above_the_limit_is_413_not_truncated(small_client):
    data = csv_rows(400)
    assert len(data) > 4096
    body = json_error(chunked_post(small_client, data), 413)
    assert "larger than the limit of 4096 bytes" in body["error"]


def test_chunked_upload_below_the_limit_is_read_whole(client):
    answer = chunked_post(client, csv_rows(50))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["population"]["rows"] == 50


# ---- the real server: chunked through gunicorn, stalled clients ----------------------------------


@pytest.fixture(scope="module")
def server():
    extra = ("--max-body-mib", "1", "--read-timeout", "5")
    with local_server(workers=1, extra=extra) as url:
        yield urllib.parse.urlsplit(url)


def send_chunked(server, data: bytes, chunk: int = 65536) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(server.hostname, server.port, timeout=60)
    connection.putrequest("POST", "/compare?per_applicant=columns&outputs=toegelaten")
    connection.putheader("Content-Type", "text/csv")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    try:
        for start in range(0, len(data), chunk):
            part = data[start : start + chunk]
            connection.send(b"%x\r\n%s\r\n" % (len(part), part))
        connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered 413 and closed without reading the rest
    answer = connection.getresponse()
    import json  # noqa: PLC0415

    body = json.loads(answer.read())
    connection.close()
    return answer.status, body


def test_server_chunked_upload_above_the_limit_is_413(server):
    data = csv_rows(60_000)
    assert len(data) > 2**20
    status, body = send_chunked(server, data)
    assert status == 413 and body["code"] == "payload_too_large"


def test_server_chunked_upload_below_the_limit_keeps_every_row(server):
    status, body = send_chunked(server, csv_rows(20_000), chunk=4096)
    assert status == 200
    assert body["population"]["rows"] == 20_000
    assert body["applicants"]["rows"] == 20_000


def test_server_sends_no_cors_header_and_json_404(server):
    connection = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
    connection.request("GET", "/bestaat-niet", headers={"Origin": "https://evil.example"})
    answer = connection.getresponse()
    assert answer.status == 404 and answer.getheader("Content-Type") == "application/json"
    assert answer.getheader("Access-Control-Allow-Origin") is None
    answer.read()
    connection.close()


def test_stalled_clients_do_not_block_a_third_request(server):
    """Two clients send a request's start and one byte more, then nothing; a third is answered."""
    stalled = []
    for start in (b"P", b"POST /compare HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\np"):
        s = socket.create_connection((server.hostname, server.port), timeout=30)
        s.sendall(start)
        stalled.append(s)
    time.sleep(0.5)  # let the worker take both connections
    began = time.monotonic()
    connection = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
    connection.request("GET", "/regimes")
    answer = connection.getresponse()
    assert answer.status == 200
    answer.read()
    assert time.monotonic() - began < 4.5, "answered before the stalled reads time out"
    # the stalled connections are closed once the read timeout (5 s) has passed
    for s in stalled:
        s.settimeout(15)
        try:
            rest = s.recv(65536)
            while rest and s.recv(65536):
                pass
        except (ConnectionResetError, TimeoutError):
            pytest.fail("the stalled connection was not closed by the server")
        s.close()


def test_compare_per_applicant_columns_are_the_outputs_asked_and_the_routes_stay_right(client):
    from openfisca_arbeidsmigratie.api.spec import EXAMPLE_POPULATION  # noqa: PLC0415

    def ask(outputs):
        body = {"population": EXAMPLE_POPULATION, "regimes": ["brede_welvaartstoets"], "per_applicant": "columns"}
        answer = client.post("/compare", json={**body, **({"outputs": outputs} if outputs else {})})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return answer.get_json()

    full, narrow = ask(None), ask(["toegelaten"])
    assert narrow["routes"] == full["routes"]
    assert [c for c in narrow["applicants"]["columns"] if "." in c] == [
        "huidig_recht.toegelaten",
        "brede_welvaartstoets.toegelaten",
    ]

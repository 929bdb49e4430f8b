"""Bad input to the web API: a 4xx JSON answer that says what is wrong, never a 500 or a traceback."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.api import Limits, create_app
from openfisca_arbeidsmigratie.api import endpoints as api_endpoints
from openfisca_arbeidsmigratie.api.spec import EXAMPLE_POPULATION
from openfisca_arbeidsmigratie.cli import EXIT_BAD_INPUT, main
from openfisca_arbeidsmigratie.reforms import baseline_system

ONE = [{"persoon_id": 1, "werkgever_id": 1, "huishouden_id": 1, "bruto_maandloon": 3000}]


@pytest.fixture(scope="module")
def client():
    return create_app(baseline_system()).test_client()


@pytest.fixture(scope="module")
def small_client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parameterbestanden")
    (folder / "drempel.yaml").write_text(
        "parameters:\n  voorstellen.brede_welvaartstoets.toelatingsdrempel: 20\n", encoding="utf-8"
    )
    limits = Limits(max_body_bytes=4096, max_rows=3)
    return create_app(baseline_system(), limits=limits, parameter_dir=folder).test_client()


def error_of(answer, status: int, code: str | None = None) -> dict:
    text = answer.get_data(as_text=True)
    assert answer.status_code == status, text
    assert "Traceback" not in text
    body = answer.get_json()
    assert body["status"] == status and body["error"]
    if code:
        assert body["code"] == code, body
    assert "receipt" in body
    return body


def post_json(client, body: dict):
    return client.post("/compare", json=body)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'{"population": [', "malformed_json"),
        (b'{"population": NaN}', "malformed_json"),
        (b"\xff\xfe", "malformed_json"),
        (b"[1, 2]", "invalid_body"),
    ],
)
def test_malformed_json_is_400(client, data, code):
    answer = client.post("/compare", data=data, content_type="application/json")
    error_of(answer, 400, code)


@pytest.mark.parametrize(
    ("population", "fragment"),
    [
        ("everyone", "expected a list of records"),
        ([1, 2], "population[0]: expected an object"),
        ([], "no rows"),
        ([{"persoon_id": 1}], "population rejected, 2 problem(s)"),
        ([{**ONE[0], "bruto_maandloon": {"bedrag": 1}}], "row 1, column 'bruto_maandloon'"),
        ({"persoon_id": [1, 2], "werkgever_id": [1]}, "different lengths"),
        ({"persoon_id": 1}, "expected a list of values"),
    ],
)
def test_population_of_the_wrong_shape_is_422(client, population, fragment):
    body = error_of(post_json(client, {"population": population}), 422, "invalid_population")
    assert fragment in body["error"]


def test_missing_population_is_422(client):
    error_of(post_json(client, {"regimes": []}), 422, "missing_population")


def test_wrong_cell_types_are_listed_by_row_and_column(client):
    population = [
        {**ONE[0], "bruto_maandloon": "veel"},
        {"persoon_id": 2, "werkgever_id": 2, "huishouden_id": 2, "geboortedatum": "1990-02-30"},
        {"persoon_id": 3, "werkgever_id": 3, "huishouden_id": 3, "erkend_referent": 7},
    ]
    body = error_of(post_json(client, {"population": population}), 422, "invalid_population")
    problems = "\n".join(body["problems"])
    assert "row 1, column 'bruto_maandloon', value 'veel': not a number" in problems
    assert "row 2, column 'geboortedatum'" in problems
    assert "row 3, column 'erkend_referent'" in problems
    assert body["total_problems"] == 3


def test_unknown_column_and_missing_id_column(client):
    unknown = error_of(
        post_json(client, {"population": [{**ONE[0], "salaris": 1}]}), 422, "invalid_population"
    )
    assert "unknown column 'salaris'" in unknown["problems"][0]
    missing = error_of(
        post_json(client, {"population": [{"persoon_id": 1, "huishouden_id": 1}]}),
        422,
        "invalid_population",
    )
    assert "missing required column 'werkgever_id'" in missing["problems"][0]


@pytest.mark.parametrize(
    ("regimes", "code", "fragment"),
    [
        ([42], "invalid_regime", "regimes[0]: expected a regime name"),
        ("brede_welvaartstoets@drempel.yaml", "parameter_files_disabled", "--parameter-dir"),
        (["brede_welvaartstoets@/etc/passwd"], "invalid_regime", "is not a parameter file name"),
        (
            [{"regime": "brede_welvaartstoets", "kleur": 1}],
            "invalid_regime",
            "unknown field(s) kleur",
        ),
        ([{"regime": "brede_welvaartstoets", "label": "a b"}], "invalid_regime", "label"),
        (["vijfjarige_vergunning"] * 7, "too_many_regimes", "at most 6"),
        (["vijfjarige_vergunning", "vijfjarige_vergunning"], "invalid_regime", "repeated"),
    ],
)
def test_bad_regimes_are_422(client, regimes, code, fragment):
    body = error_of(post_json(client, {"population": ONE, "regimes": regimes}), 422, code)
    assert fragment in body["error"]


BAD_SPECS = {
    "": "the spec is empty",
    "@": "nothing after '@'",
    "brede_welvaartstoets@": "nothing after '@'",
    "@scores.yaml": "no reform name before '@'",
    "brede_welvaartstoets@a@b.yaml": "more than one '@'",
    "+": "a '+' at the start or end",
    "+brede_welvaartstoets": "a '+' at the start or end",
    "brede_welvaartstoets+": "a '+' at the start or end",
    "brede_welvaartstoets++bandbreedte": "'++'",
    "geen_idee": "unknown reform 'geen_idee'",
    "a+a": "unknown reform 'a'",
    "brede_welvaartstoets+brede_welvaartstoets": "'brede_welvaartstoets' more than once",
    "huidig_recht+bandbreedte": "'huidig_recht' (current law) combined with a reform",
}


@pytest.mark.parametrize(("spec", "fragment"), BAD_SPECS.items())
def test_a_bad_regime_spec_is_400_with_the_message_the_command_line_prints(
    client, capsys, spec, fragment
):
    body = error_of(post_json(client, {"population": ONE, "regimes": [spec]}), 400, "invalid_regime")
    assert body["error"].startswith(f"regimes[0]: regime spec {spec!r}: {fragment}")
    assert "NAME one of: huidig_recht, aanscherping_kennismigranten" in body["error"]
    assert main(["compare", "--reform", spec]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    message = body["error"].removeprefix("regimes[0]: ")
    assert err == f"arbeidsmigratie compare: --reform: {message}\n"  # one line, the same message


def test_inline_parameters_errors_name_the_regime_not_a_temporary_file(client):
    regime = {"regime": "brede_welvaartstoets", "parameters": {"voorstellen.bestaat_niet": 1}}
    body = error_of(
        post_json(client, {"population": ONE, "regimes": [regime]}), 422, "invalid_parameters"
    )
    assert body["error"].startswith("regimes[0]: parameters.voorstellen.bestaat_niet")
    assert "/tmp" not in body["error"]
    value = {"regime": "huidig_recht", "parameters": {"algemeen": 1}}
    error_of(post_json(client, {"population": ONE, "regimes": [value]}), 422, "invalid_parameters")


def test_parameter_files_only_inside_the_parameter_dir(small_client):
    ok = small_client.post(
        "/compare", json={"population": ONE, "regimes": ["brede_welvaartstoets@drempel.yaml"]}
    )
    assert ok.status_code == 200, ok.get_data(as_text=True)
    assert ok.get_json()["regimes"][1] == "brede_welvaartstoets@drempel"
    assert ok.get_json()["specs"]["brede_welvaartstoets@drempel"].endswith("drempel.yaml")
    missing = small_client.post(
        "/compare", json={"population": ONE, "regimes": ["brede_welvaartstoets@elders.yaml"]}
    )
    error_of(missing, 422, "unknown_parameter_file")


@pytest.mark.parametrize("period", ["2026-13", "volgend jaar", "2026-01-15", "1990-01", True, 3.5])
def test_invalid_period_is_422(client, period):
    body = error_of(post_json(client, {"population": ONE, "period": period}), 422, "invalid_period")
    assert "period" in body["error"]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("outputs", ["bestaat_niet"], "unknown_variable"),
        ("outputs", ["erkend_referent"], "unknown_variable"),  # a werkgever variable
        ("outputs", [], "invalid_outputs"),
        ("per_applicant", "alles", "invalid_option"),
        ("kleur", "blauw", "unknown_field"),
    ],
)
def test_bad_options_are_422(client, field, value, code):
    error_of(post_json(client, {"population": ONE, field: value}), 422, code)


def test_oversized_body_is_413(small_client):
    big = [{**ONE[0], "persoon_id": i, "huishouden_id": i} for i in range(200)]
    body = error_of(
        small_client.post("/compare", json={"population": big}), 413, "payload_too_large"
    )
    assert "4096 bytes" in body["error"]


def test_too_many_rows_is_413_for_json_and_parquet(small_client):
    rows = [{**ONE[0], "persoon_id": i, "huishouden_id": i} for i in range(4)]
    error_of(small_client.post("/compare", json={"population": rows}), 413, "too_many_rows")
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buffer)
    answer = small_client.post(
        "/compare", data=buffer.getvalue(), content_type="application/vnd.apache.parquet"
    )
    error_of(answer, 413, "too_many_rows")


def test_unsupported_content_type_and_malformed_files(client):
    error_of(client.post("/compare", data="x", content_type="text/html"), 415)
    parquet = client.post(
        "/compare", data=b"PAR1 not really", content_type="application/vnd.apache.parquet"
    )
    assert "not a readable Parquet file" in error_of(parquet, 400, "malformed_file")["error"]
    empty = client.post("/compare", data=b"", content_type="text/csv")
    error_of(empty, 400, "empty_body")
    ragged = client.post(
        "/compare", data=b"persoon_id,werkgever_id,huishouden_id\n1,2\n", content_type="text/csv"
    )
    assert "malformed CSV" in error_of(ragged, 400, "malformed_file")["error"]
    nested = pa.table(
        {"persoon_id": [1], "werkgever_id": [1], "huishouden_id": [1], "bruto_maandloon": [[1]]}
    )
    buffer = io.BytesIO()
    pq.write_table(nested, buffer)
    answer = client.post(
        "/compare", data=buffer.getvalue(), content_type="application/vnd.apache.parquet"
    )
    assert "could not be read" in error_of(answer, 422, "invalid_population")["error"]


def test_multipart_without_a_file_or_with_an_unknown_type(client):
    error_of(
        client.post("/compare", data={"options": "{}"}, content_type="multipart/form-data"),
        400,
        "missing_population",
    )
    upload = {"population": (io.BytesIO(b"x"), "mensen.xlsx")}
    error_of(client.post("/compare", data=upload, content_type="multipart/form-data"), 415)
    bad_options = {"population": (io.BytesIO(b"a"), "p.csv"), "options": "[1]"}
    error_of(client.post("/compare", data=bad_options, content_type="multipart/form-data"), 400)


def test_wrong_method_and_unknown_path_are_json(client):
    error_of(client.get("/compare"), 405)
    assert client.get("/bestaat-niet").status_code == 404


def test_unexpected_exception_is_a_500_json_without_traceback(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(api_endpoints, "compare", broken)
    body = error_of(client.post("/compare", json={"population": EXAMPLE_POPULATION}), 500)
    assert body["code"] == "internal_error"
    assert "secret internal detail" not in body["error"]


def test_openfisca_calculate_keeps_its_own_error_format(client):
    answer = client.post("/calculate", data=b"{", content_type="application/json")
    assert answer.status_code == 400
    assert "Invalid JSON" in answer.get_json()["error"]


@pytest.mark.parametrize("period", ["2004-01", "2099-12"])
def test_month_outside_the_law_of_the_package_is_422(client, period):
    """2004-01 predates the permit-validity parameters; 2099-12 has no published salary criterion."""
    body = error_of(
        post_json(client, {"population": EXAMPLE_POPULATION, "period": period}),
        422,
        "invalid_period",
    )
    assert "not in this package" in body["error"]


def test_calculate_and_trace_without_json_outside_the_law_or_with_empty_ids_are_4xx(client):
    for path in ("/calculate", "/trace"):
        assert client.post(path).status_code == 415
        assert client.post(path, data=b"x", content_type="text/plain").status_code == 415
        situation = {"personen": {"a": {"toegelaten": {"1800-01": None}}}}
        answer = client.post(path, json=situation)
        assert answer.status_code == 400
        assert "not in this package" in answer.get_json()["error"]
        numeric_id = client.post(path, json={"personen": {"999999999": {"toegelaten": {"x": 1}}}})
        assert numeric_id.status_code == 400
        assert "is a number above" in numeric_id.get_json()["error"]
        empty_id = client.post(path, json={"personen": {"": {}}})
        assert empty_id.status_code == 400
        assert "entity id is empty" in empty_id.get_json()["error"]


def test_records_without_fields_are_422(client):
    body = error_of(post_json(client, {"population": [{}, {}]}), 422, "invalid_population")
    assert "no fields" in body["error"]

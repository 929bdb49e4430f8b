"""The web API's own endpoints (POST /compare, POST /costing, GET /regimes) and the receipt.

Everything runs in-process through Flask's test client: no server, no network.
"""

from __future__ import annotations

import copy
import io
import json

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.api import RECEIPT_HEADER, create_app
from openfisca_arbeidsmigratie.api import endpoints as api_endpoints
from openfisca_arbeidsmigratie.api.spec import EXAMPLE_POPULATION, example_request
from openfisca_arbeidsmigratie.law_coverage import default_period
from openfisca_arbeidsmigratie.receipt import parameter_hash
from openfisca_arbeidsmigratie.reforms import available_regimes, baseline_system

EXAMPLE_REQUEST = example_request()
CRITERION_30_PLUS_2026 = 5942.0  # kennismigrant, 30 and over, from 2026-01-01 (parameter file)


@pytest.fixture(scope="module")
def client():
    return create_app(baseline_system()).test_client()


def applicant(persoon_id: int, loon: float, **extra) -> dict:
    """An Indian applicant aged 31 in January 2026 with a recognised sponsor of their own."""
    return {
        "persoon_id": persoon_id,
        "werkgever_id": 100 + persoon_id,
        "huishouden_id": persoon_id,
        "nationaliteit": "IN",
        "geboortedatum": "1994-05-17",
        "bruto_maandloon": loon,
        "erkend_referent": True,
        **extra,
    }


def records(response) -> dict[int, dict]:
    return {row["persoon_id"]: row for row in response.get_json()["applicants"]}


def route_totals(body: dict, regime: str = "huidig_recht") -> dict[str, float]:
    return {row["route"]: row[regime] for row in body["routes"]}


def test_spec_example_situation_calculates(client):
    """The example situation of GET /spec answers 200 on POST /calculate (admitted as kennismigrant)."""
    spec = client.get("/spec").get_json()
    situation = spec["components"]["schemas"]["SituationInput"]["example"]
    answer = client.post("/calculate", json=situation)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["personen"]["aanvrager"]["toegelaten"]["2026-01"] is True


def test_spec_lists_our_endpoints_and_their_example_computes(client):
    spec = client.get("/spec").get_json()
    assert {"/compare", "/costing", "/regimes", "/calculate"} <= set(spec["paths"])
    example = spec["components"]["schemas"]["CompareRequest"]["example"]
    answer = client.post("/compare", json=example)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert client.get("/spec/arbeidsmigratie").get_json()["paths"].keys() == {
        "/compare",
        "/costing",
        "/regimes",
        "/requirements",
    }


def test_2026_01_salary_criterion_at_threshold_through_the_api(client):
    """January 2026, kennismigrant aged 30+: a wage of exactly 5942 passes, 5941.99 does not."""
    population = [
        applicant(1, CRITERION_30_PLUS_2026 - 0.01),
        applicant(2, CRITERION_30_PLUS_2026),
        applicant(3, CRITERION_30_PLUS_2026 + 0.01),
    ]
    answer = client.post(
        "/compare", json={"population": population, "period": "2026-01", "per_applicant": True}
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    rows = records(answer)
    assert rows[1]["huidig_recht.toelatingsroute"] != "kennismigrant"
    assert rows[2]["huidig_recht.toelatingsroute"] == "kennismigrant"
    assert rows[3]["huidig_recht.toelatingsroute"] == "kennismigrant"
    assert rows[2]["huidig_recht.toegelaten"] is True


def test_2025_12_criterion_of_2025_applies_the_month_before(client):
    """December 2025: the 2025 criterion (5688) applies, so 5700 passes then but not in January 2026."""
    population = [applicant(1, 5700.0)]
    december = client.post(
        "/compare", json={"population": population, "period": "2025-12", "per_applicant": True}
    )
    january = client.post(
        "/compare", json={"population": population, "period": "2026-01", "per_applicant": True}
    )
    assert records(december)[1]["huidig_recht.toelatingsroute"] == "kennismigrant"
    assert records(january)[1]["huidig_recht.toelatingsroute"] != "kennismigrant"


def test_records_columns_csv_parquet_and_multipart_give_the_same_answer(client):
    table = pa.Table.from_pylist(EXAMPLE_POPULATION)
    expected = client.post("/compare", json={"population": EXAMPLE_POPULATION}).get_json()
    columns = client.post("/compare", json={"population": table.to_pydict()}).get_json()
    csv_buffer = io.BytesIO()
    pacsv.write_csv(table, csv_buffer)
    parquet_buffer = io.BytesIO()
    pq.write_table(table, parquet_buffer)
    as_csv = client.post("/compare", data=csv_buffer.getvalue(), content_type="text/csv")
    as_parquet = client.post(
        "/compare", data=parquet_buffer.getvalue(), content_type="application/vnd.apache.parquet"
    )
    multipart = client.post(
        "/compare",
        data={"population": (io.BytesIO(parquet_buffer.getvalue()), "mensen.parquet")},
        content_type="multipart/form-data",
    )
    for answer in (as_csv, as_parquet, multipart):
        assert answer.status_code == 200, answer.get_data(as_text=True)
    for body in (columns, as_csv.get_json(), as_parquet.get_json(), multipart.get_json()):
        assert body["routes"] == expected["routes"]
        assert body["transition_matrix"] == expected["transition_matrix"]
    assert route_totals(expected)["kennismigrant"] == 1.0
    assert multipart.get_json()["population"]["source"] == "mensen.parquet"


def test_upload_options_in_query_string_and_options_field(client):
    table = pa.Table.from_pylist(EXAMPLE_POPULATION)
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer)
    by_query = client.post(
        "/compare?regimes=brede_welvaartstoets%2Bvijfjarige_vergunning&period=2026-02&per_applicant=columns",
        data=buffer.getvalue(),
        content_type="text/csv",
    ).get_json()
    assert by_query["regimes"] == ["huidig_recht", "brede_welvaartstoets+vijfjarige_vergunning"]
    assert by_query["period"] == "2026-02"
    assert by_query["applicants"]["rows"] == 2
    options = {"regimes": [{"regime": "vijfjarige_vergunning", "label": "vijf"}]}
    by_field = client.post(
        "/compare",
        data={
            "population": (io.BytesIO(buffer.getvalue()), "p.csv"),
            "options": json.dumps(options),
        },
        content_type="multipart/form-data",
    ).get_json()
    assert by_field["regimes"] == ["huidig_recht", "vijf"]


def test_per_applicant_results_as_records_or_columns(client):
    request = {**EXAMPLE_REQUEST, "per_applicant": "columns"}
    columns = client.post("/compare", json=request).get_json()["applicants"]
    assert columns["rows"] == 2
    assert columns["columns"]["persoon_id"] == [1, 2]
    assert "brede_welvaartstoets.toegelaten" in columns["columns"]
    without = client.post("/compare", json={**EXAMPLE_REQUEST, "per_applicant": False}).get_json()
    assert "applicants" not in without


def test_inline_parameter_override_changes_outcome_hash_and_label(client):
    """Raising the 2026 criterion to 6001 inline refuses the 6000 applicant under that regime only."""
    override = {
        "regime": "huidig_recht",
        "parameters": {"kennismigranten.looncriterium.dertig_jaar_en_ouder": {"2026-01-01": 6001}},
    }
    answer = client.post(
        "/compare",
        json={"population": [applicant(1, 6000.0)], "regimes": [override], "per_applicant": True},
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    label = body["regimes"][1]
    assert label.startswith("huidig_recht@inline-")
    row = records(answer)[1]
    assert row["huidig_recht.toelatingsroute"] == "kennismigrant"
    assert row[f"{label}.toelatingsroute"] != "kennismigrant"
    hashes = {k: v["parameter_hash"] for k, v in body["receipt"]["regimes"].items()}
    assert hashes["huidig_recht"] != hashes[label]
    assert "inline:sha256:" in body["specs"][label]


def test_receipt_header_on_openfisca_endpoints_and_body_of_ours(client):
    answer = client.get("/variable/toegelaten")
    receipt = json.loads(answer.headers[RECEIPT_HEADER])
    assert receipt["regimes"]["huidig_recht"]["parameter_hash"] == parameter_hash(baseline_system())
    compared = client.post("/compare", json=EXAMPLE_REQUEST)
    assert json.loads(compared.headers[RECEIPT_HEADER]) == compared.get_json()["receipt"]
    assert compared.get_json()["receipt"]["specs"]["brede_welvaartstoets"] == "brede_welvaartstoets"


def test_regimes_lists_every_registered_regime(client):
    answer = client.get("/regimes")
    names = [r["name"] for r in answer.get_json()["regimes"]]
    assert names == available_regimes()
    assert "receipt" in answer.get_json()


def test_costing_passes_population_regimes_period_and_years(client, monkeypatch):
    seen = {}

    class Result:
        def to_dict(self):
            return {"total": float("nan"), "regimes": seen["regimes"]}

    def run_costing(population, regimes, period, years=5, seed=0):
        seen.update(
            rows=population.count, regimes=[r.label for r in regimes], period=period, years=years
        )
        return Result()

    monkeypatch.setattr(api_endpoints, "run_costing", run_costing)
    request = copy.deepcopy(EXAMPLE_REQUEST)
    request.pop("per_applicant")
    answer = client.post("/costing", json={**request, "years": 7, "seed": 3})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert seen == {"rows": 2, "regimes": ["brede_welvaartstoets"], "period": default_period(), "years": 7}
    assert answer.get_json()["total"] is None  # NaN is not JSON: it becomes null
    assert "receipt" in answer.get_json()


def test_records_with_different_keys_leave_missing_cells_empty(client):
    """A key missing from a record is an empty cell (the default), as in a CSV."""
    ragged = [applicant(1, 6000.0), {**applicant(2, 6000.0), "erkend_referent": None}]
    del ragged[1]["erkend_referent"]
    ragged[0]["arbeidsuren_per_week"] = 40
    answer = client.post("/compare", json={"population": ragged, "per_applicant": "columns"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    routes = answer.get_json()["applicants"]["columns"]["huidig_recht.toelatingsroute"]
    assert routes[0] == "kennismigrant"  # recognised sponsor
    assert routes[1] != "kennismigrant"  # no sponsor: erkend_referent defaults to false


def test_costing_runs_the_costing_module_on_the_request(client):
    request = {k: v for k, v in EXAMPLE_REQUEST.items() if k != "per_applicant"}
    answer = client.post("/costing", json={**request, "draws": 0, "years": 2})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    assert body["regimes"] == ["huidig_recht", "brede_welvaartstoets"]
    assert body["years"] == [2026, 2027]
    assert body["receipt"]["population"]["persons"] == 2
    assert json.loads(answer.headers[RECEIPT_HEADER]) == body["receipt"]
    too_early = client.post("/costing", json={**request, "draws": 0, "period": "2025-12"})
    assert too_early.status_code == 422
    assert too_early.get_json()["code"] == "invalid_costing"
    too_many = client.post("/costing", json={**request, "draws": 201})
    assert too_many.status_code == 422
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(EXAMPLE_POPULATION), buffer)
    upload = client.post(
        "/costing?regimes=vijfjarige_vergunning&draws=0&years=1",
        data=buffer.getvalue(),
        content_type="application/vnd.apache.parquet",
    )
    assert upload.status_code == 200, upload.get_data(as_text=True)
    assert (upload.get_json()["draws"], upload.get_json()["years"]) == (0, [2026])


def test_regimes_lists_the_parameters_every_reform_declares(client):
    """Each reform's own parameter_path, also for the kennismigrant variants (0 before)."""
    regimes = client.get("/regimes").get_json()["regimes"]
    for regime in regimes[1:]:
        assert regime["parameters"], regime["name"]
        assert all(p.startswith(f"{regime['parameter_path']}.") for p in regime["parameters"])
    by_name = {r["name"]: r["parameters"] for r in regimes}
    for variant in ("kennismigrant_onder_30_verhoogd", "kennismigrant_gemiddeld_loon",
                    "kennismigrant_verlaagd_beperkt", "referent_betrouwbaarheid_strenger"):
        assert "voorstellen.aanscherping_kennismigranten.onder_30_verhoogd.verhoging" in by_name[variant]
    assert "voorstellen.brede_welvaartstoets.toelatingsdrempel" in by_name["brede_welvaartstoets"]


def test_compare_warns_when_a_reform_does_not_apply_in_the_month(client):
    request = {**EXAMPLE_REQUEST, "period": "2025-06", "per_applicant": False}
    body = client.post("/compare", json=request).get_json()
    (warning,) = [w for w in body["warnings"] if "does not apply" in w]
    assert warning.startswith(
        "regime brede_welvaartstoets: reform brede_welvaartstoets does not apply in 2025-06"
    )
    assert "it applies from 2026-01-01" in warning
    assert body["receipt"]["not_in_force"] == [warning]
    current = client.post("/compare", json={**request, "period": "2026-01"}).get_json()
    assert not [w for w in current["warnings"] if "does not apply" in w]

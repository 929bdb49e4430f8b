"""POST /compare with `projected`: a marked projection; without it a 422 for an unpublished period."""

from __future__ import annotations

import pytest

from openfisca_arbeidsmigratie.api import create_app
from openfisca_arbeidsmigratie.reforms import baseline_system

POPULATION = [
    {"persoon_id": 1, "werkgever_id": 101, "huishouden_id": 1, "nationaliteit": "IN",
     "geboortedatum": "1990-05-17", "bruto_maandloon": 6300, "erkend_referent": True},
    {"persoon_id": 2, "werkgever_id": 102, "huishouden_id": 2, "nationaliteit": "IN",
     "geboortedatum": "1990-05-17", "bruto_maandloon": 6100, "erkend_referent": True},
]


@pytest.fixture(scope="module")
def client():
    return create_app(baseline_system()).test_client()


def test_an_unpublished_period_without_projected_is_a_422(client):
    answer = client.post("/compare", json={"population": POPULATION, "period": "2027-01", "regimes": []})
    assert answer.status_code == 422, answer.get_data(as_text=True)


def test_projected_fills_2027_and_marks_body_and_receipt(client):
    answer = client.post(
        "/compare", json={"population": POPULATION, "period": "2027-01", "regimes": [], "projected": True, "per_applicant": True}
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    assert body["projection"][0].startswith("PROJECTION (not law)")
    assert body["receipt"]["projection"] == body["projection"]
    assert "kennismigranten.looncriterium.dertig_jaar_en_ouder from 2027-01-01: 6207" in " ".join(body["projection"])
    # the projected 2027 criterion (30+: EUR 6,207) admits the wage of 6,300 as kennismigrant, not 6,100
    routes = {a["persoon_id"]: a["huidig_recht.toelatingsroute"] for a in body["applicants"]}
    assert routes[1] == "kennismigrant"
    assert routes[2] != "kennismigrant"


def test_projected_in_a_published_month_changes_nothing_and_says_nothing(client):
    body = client.post("/compare", json={"population": POPULATION, "regimes": [], "projected": True}).get_json()
    assert "projection" not in body
    assert "projection" not in body["receipt"]


def test_projected_must_be_a_boolean(client):
    answer = client.post("/compare", json={"population": POPULATION, "projected": "perhaps"})
    assert answer.status_code == 422
    assert answer.get_json()["code"] == "invalid_option"
    assert "projected" in answer.get_json()["error"]


def test_costing_with_projected_marks_the_answer(client):
    answer = client.post(
        "/costing", json={"population": POPULATION, "period": "2027-01", "projected": True, "draws": 0, "years": 1, "regimes": []}
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    assert body["warnings"][0].startswith("PROJECTION (not law)")
    assert body["receipt"]["projection"][0].startswith("PROJECTION (not law)")


def test_costing_of_an_unpublished_period_without_projected_is_a_422(client):
    answer = client.post("/costing", json={"population": POPULATION, "period": "2027-01", "draws": 0, "years": 1, "regimes": []})
    assert answer.status_code == 422, answer.get_data(as_text=True)

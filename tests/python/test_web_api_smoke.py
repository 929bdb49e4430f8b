"""Smoke test of `openfisca serve`: the Flask app answers /spec and a /calculate for one applicant."""

from __future__ import annotations

import copy

from openfisca_web_api.app import create_app

from openfisca_arbeidsmigratie.reforms import baseline_system
from openfisca_arbeidsmigratie.situation_examples import single_applicant


def test_spec_and_calculate_for_one_applicant():
    client = create_app(baseline_system()).test_client()
    assert client.get("/spec").status_code == 200

    situatie = copy.deepcopy(single_applicant)
    aanvrager = situatie["personen"]["aanvrager"]
    for naam in ["tewerkstellingsvergunning_vereist", "twv_verleend", "twv_maximale_geldigheidsduur", "wettelijk_minimumloon_maand"]:
        aanvrager[naam] = {"2026-01": None}
    antwoord = client.post("/calculate", json=situatie)
    assert antwoord.status_code == 200, antwoord.get_data(as_text=True)
    uitkomst = antwoord.get_json()["personen"]["aanvrager"]
    assert uitkomst["twv_maximale_geldigheidsduur"]["2026-01"] == 24
    assert abs(uitkomst["wettelijk_minimumloon_maand"]["2026-01"] - 2294.76) < 0.01
    assert uitkomst["tewerkstellingsvergunning_vereist"]["2026-01"] in (True, False)

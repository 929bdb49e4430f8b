"""The web page's server side: content negotiation at /, POST /explain, the YAML case, the form's
fields and the law browser's lists (Flask test client; the browser tests are in tests/browser)."""

from __future__ import annotations

import io
import pathlib
import re

import pyarrow.parquet as pq
import pytest
import yaml

from openfisca_arbeidsmigratie.api import create_app

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def test_a_browser_gets_the_page_and_other_clients_openfiscas_welcome(client):
    page = client.get("/", headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 200
    assert page.content_type.startswith("text/html")
    assert b"/web/static/app.js" in page.data
    for accept in (None, "*/*", "application/json"):
        answer = client.get("/", headers={"Accept": accept} if accept else {})
        assert answer.content_type == "application/json"
        assert "welcome" in answer.get_json()


def test_static_files_are_served_and_a_missing_one_is_a_json_404(client):
    assert client.get("/web/static/app.js").status_code == 200
    missing = client.get("/web/static/nothing.js")
    assert missing.status_code == 404
    assert missing.get_json()["code"] == "not_found"


def test_the_page_loads_nothing_from_elsewhere():
    static = pathlib.Path(__file__).parents[2] / "openfisca_arbeidsmigratie" / "web" / "static"
    page = (static / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)="(?!/|#|data:)[^"]*"', page) == []
    assert "url(" not in (static / "app.css").read_text(encoding="utf-8")
    script = (static / "app.js").read_text(encoding="utf-8")
    literals = re.findall(r"(?:fetch|getJSON|postJSON)\([\"`]([^\"`]*)", script)
    assert literals
    assert [u for u in literals if not u.startswith("/")] == []  # paths of this server only
    assert set(re.findall(r"https?://[^\"'`\s)]*", script)) == {"http://www.w3.org/2000/svg"}  # SVG's namespace
    assert "import(" not in script


def _explain(client, **body):
    return client.post("/explain", json=body)


def test_explain_gives_decision_route_validity_ground_and_citation_per_regime(client):
    answer = _explain(
        client,
        inputs={"nationaliteit": "IN", "bruto_maandloon": "3000", "prioriteitgenietend_aanbod_beschikbaar": "true"},
        period="2026-01",
        regimes=["vijfjarige_vergunning"],
    )
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["outcomes"]["huidig_recht"] == {
        "toegelaten": False,
        "toelatingsroute": "geweigerd",
        "verblijfsvergunning_geldigheidsduur_maanden": 0,
        "gezinshereniging_toegestaan": False,
        "weigeringsgrond": "wav_8_1_a_prioriteitgenietend_aanbod",
    }
    person = body["explanation"]["regimes"][0]["persons"]["0"]
    assert person["weigeringsgrond"]["url"].startswith("https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8")
    failed = [e["weigeringsgrond"] for e in person["failed_requirements"]]
    assert failed[0] == "wav_8_1_a_prioriteitgenietend_aanbod"  # the deciding ground first
    assert "kennismigrant_geen_erkend_referent" in failed  # and the other routes' requirements
    assert "vijfjarige_vergunning" in body["outcomes"]


def test_explain_of_an_admitted_applicant_at_the_2026_criterion(client):
    inputs = {"nationaliteit": "IN", "geboortedatum": "1990-01-01", "erkend_referent": True, "beoogde_duur_arbeid_weken": 300}
    at = _explain(client, inputs={**inputs, "bruto_maandloon": 5942}).get_json()["outcomes"]["huidig_recht"]
    assert (at["toelatingsroute"], at["verblijfsvergunning_geldigheidsduur_maanden"]) == ("kennismigrant", 60)
    below = _explain(client, inputs={**inputs, "bruto_maandloon": 5941.99}).get_json()["outcomes"]["huidig_recht"]
    assert below["toelatingsroute"] != "kennismigrant"


def test_a_code_given_by_its_index_is_explained_as_its_name(client):
    by_name = _explain(client, inputs={"nationaliteit": "IN", "bruto_maandloon": 3000, "taalniveau_nederlands": "A2"}, regimes=["brede_welvaartstoets"])
    by_index = _explain(client, inputs={"nationaliteit": "IN", "bruto_maandloon": 3000, "taalniveau_nederlands": "3"}, regimes=["brede_welvaartstoets"])
    assert by_index.status_code == 200
    assert by_index.get_json()["inputs"]["taalniveau_nederlands"] == "A2"
    assert by_index.get_json()["explanation"] == by_name.get_json()["explanation"]


def test_the_yaml_case_is_a_test_the_runner_accepts(client, tmp_path):
    answer = client.get("/web/case.yaml?period=2026-01&regimes=brede_welvaartstoets&nationaliteit=IN&bruto_maandloon=3000")
    assert answer.status_code == 200
    cases = yaml.safe_load(answer.data)
    assert [c.get("reforms") for c in cases] == [None, "openfisca_arbeidsmigratie.reforms.brede_welvaartstoets.BredeWelvaartstoets"]
    assert cases[0]["input"] == {"nationaliteit": "IN", "bruto_maandloon": 3000}
    assert cases[0]["output"]["toelatingsroute"] == "twv_gvva"
    from openfisca_core.tools.test_runner import run_tests  # noqa: PLC0415

    from openfisca_arbeidsmigratie import CountryTaxBenefitSystem  # noqa: PLC0415

    path = tmp_path / "case.yaml"
    path.write_bytes(answer.data)
    assert run_tests(CountryTaxBenefitSystem(), [str(path)], {}) == 0


def test_bad_values_are_named_per_field_with_the_validators_message(client):
    answer = _explain(client, inputs={"bruto_maandloon": "veel", "geboortedatum": "1990-13-01", "sector_sbi": "ZZ"})
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["code"] == "invalid_inputs"
    assert set(body["fields"]) == {"bruto_maandloon", "geboortedatum", "sector_sbi"}
    assert body["fields"]["bruto_maandloon"].startswith("row 1, column 'bruto_maandloon', value 'veel': not a number")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"inputs": {"geen_variabele": 1}}, 422, "unknown_variable"),
        ({"inputs": {"nationaliteit": ["IN"]}}, 422, "invalid_inputs"),
        ({"inputs": [], "period": "2026-01"}, 422, "invalid_inputs"),
        ({"period": "1990-01"}, 422, "invalid_period"),
        ({"period": "2026-13"}, 422, "invalid_period"),
        ({"regimes": ["bestaat_niet"]}, 400, "invalid_regime"),
        ({"regimes": [{"regime": "brede_welvaartstoets"}]}, 422, "invalid_regime"),
        ({"extra": 1}, 422, "unknown_field"),
    ],
)
def test_explain_refuses_bad_requests_with_a_json_4xx(client, body, status, code):
    answer = _explain(client, **body)
    assert (answer.status_code, answer.get_json()["code"]) == (status, code)


def test_explain_by_get_is_a_json_405(client):
    answer = client.get("/explain")
    assert (answer.status_code, answer.get_json()["code"]) == (405, "method_not_allowed")


def test_explain_without_a_json_object_is_a_400(client):
    answer = client.post("/explain", data="nonsense", content_type="text/plain")
    assert answer.status_code == 400
    assert answer.get_json()["code"] == "invalid_body"


def test_a_month_whose_criterion_is_not_published_is_a_422_not_a_500(client):
    inputs = {"nationaliteit": "IN", "bruto_maandloon": 6000, "erkend_referent": True}
    assert _explain(client, inputs=inputs, period="2026-06").status_code == 200
    answer = _explain(client, inputs=inputs, period="2027-01")
    assert answer.status_code == 422
    assert answer.get_json()["code"] == "invalid_period"
    assert "not yet published" in answer.get_json()["error"]


def test_a_month_the_explanation_cannot_cover_still_gives_the_decision(client):
    answer = _explain(client, inputs={"nationaliteit": "IN", "bruto_maandloon": 3000}, period="2008-01")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["outcomes"]["huidig_recht"]["toegelaten"] is True
    assert body["explanation"] is None
    assert body["warnings"][0].startswith("No explanation for this month")


def test_the_form_fields_carry_documentation_allowed_values_and_defaults(client):
    fields = {f["name"]: f for f in client.get("/web/inputs").get_json()["fields"]}
    assert "gewicht" not in fields
    assert fields["bruto_maandloon"]["unit"] == "currency-EUR"
    assert fields["vacature_gemeld_bij_uwv"]["default"] is True  # the ordinary lawful case
    assert "A2" in [v["name"] for v in fields["taalniveau_nederlands"]["values"]]
    assert fields["nationaliteit"]["allowed"].startswith("an upper-case ISO 3166-1")


def test_the_law_lists_and_the_refusal_grounds(client):
    law = client.get("/web/law").get_json()
    parameters = {p["id"]: p for p in law["parameters"]}
    assert parameters["voorstellen.brede_welvaartstoets.toelatingsdrempel"]["assumption"] is True
    assert parameters["kennismigranten.looncriterium.dertig_jaar_en_ouder"]["assumption"] is False
    assert "toegelaten" in {v["id"] for v in law["variables"]}
    grounds = {r["name"]: r for r in client.get("/requirements").get_json()["requirements"]}
    assert "geen" not in grounds
    assert grounds["wav_8_1_a_prioriteitgenietend_aanbod"]["citation"]["bwb_id"] == "BWBR0007149"


def test_the_yaml_cases_naming_a_variable(client):
    cases = client.get("/web/cases/erkend_referent").get_json()
    assert cases["available"] is True
    inputs = [c for c in cases["cases"] if c["as"] == "input"]
    assert inputs and all(c["file"].startswith("tests/yaml/") for c in inputs)
    assert {c["value"] for c in inputs} <= {True, False}
    assert client.get("/web/cases/geen_variabele").status_code == 404


def test_the_bundled_population_is_served_for_the_page(client):
    answer = client.get("/web/population.parquet")
    assert answer.status_code == 200
    assert pq.read_table(io.BytesIO(answer.data)).num_rows > 1000


def test_a_defect_is_a_json_500_without_a_traceback(client, monkeypatch):
    from openfisca_arbeidsmigratie.web import applicant  # noqa: PLC0415

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(applicant, "explain", broken)
    answer = _explain(client, inputs={"nationaliteit": "IN"})
    assert answer.status_code == 500
    body = answer.get_json()
    assert body["code"] == "internal_error"
    assert "secret internals" not in body["error"]
    assert "Traceback" not in answer.get_data(as_text=True)

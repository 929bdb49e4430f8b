"""The registry of requirements (openfisca_arbeidsmigratie.eisen): complete, consistent, cited to
the letter, and the one place a new refusal ground is declared."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from openfisca_arbeidsmigratie import eisen
from openfisca_arbeidsmigratie.enums import Toelatingsroute
from openfisca_arbeidsmigratie.enums import Weigeringsgrond as G
from openfisca_arbeidsmigratie.reforms import available_regimes, baseline_system, build_regime

RELEASED_0_1_0 = [
    "geen",
    "wav_8_1_a_prioriteitgenietend_aanbod",
    "wav_8_1_b_vacature_niet_tijdig_gemeld",
    "wav_8_1_c_onvoldoende_wervingsinspanningen",
    "wav_8_1_d_arbeidsvoorwaarden",
    "wav_8_1_e_geen_verblijfsrecht",
    "wav_8_1_f_minimumloon",
    "wav_8_1_g_aangewezen_arbeid",
    "wav_8_1_h_quotum",
    "wav_9_1_facultatief",
    "wav_9_girale_betaling",
    "wav_9_economische_activiteit",
    "kennismigrant_looncriterium",
    "kennismigrant_geen_erkend_referent",
    "europese_blauwe_kaart_looncriterium",
    "europese_blauwe_kaart_kwalificatie",
    "europese_blauwe_kaart_contractduur",
    "puntentoets_stap_1",
    "puntentoets_totaal",
    "bandbreedte_bereikt",
    "overig",
]
"""Weigeringsgrond members of release 0.1.0 in index order (population files may hold the codes)."""


def test_member_names_and_indices_of_0_1_0_are_stable_and_new_members_are_appended():
    assert [member.name for member in G][: len(RELEASED_0_1_0)] == RELEASED_0_1_0
    assert [member.name for member in G][len(RELEASED_0_1_0) :] == [
        *(f"wav_9_1_{letter}" for letter in "abcdefghij"),
        "bandbreedte_saldo_bovengrens",
        "asielzoeker_werkverbod",
    ]


def test_every_member_but_geen_has_exactly_one_entry_at_its_index():
    assert sorted(eis.index for eis in eisen.EISEN) == list(range(1, len(G)))
    for eis in eisen.EISEN:
        assert G[eis.name].index == eis.index
        assert G[eis.name].value == eis.label
    assert len({eis.name for eis in eisen.EISEN}) == len(eisen.EISEN)


def test_every_entry_has_its_failed_variable_and_no_failed_variable_lacks_an_entry():
    variables = baseline_system().variables
    failed = {name for name in variables if name.startswith("niet_voldaan_")}
    assert failed == {eis.failed_variable for eis in eisen.EISEN}
    for eis in eisen.EISEN:
        assert variables[eis.failed_variable].value_type is bool


def test_every_entry_reads_a_variable_that_exists_under_current_law_or_a_reform():
    systems = [baseline_system(), *(build_regime(name) for name in available_regimes())]
    for eis in eisen.EISEN:
        defined = [system.variables[eis.variable] for system in systems if eis.variable in system.variables]
        assert defined, f"{eis.name}: variable {eis.variable} is defined nowhere"
        assert defined[0].value_type is bool, eis.name
        assert defined[0].entity.key == eis.entity, eis.name


def test_orders_are_unique_routes_known_and_one_family_per_entry():
    orders = [eis.order for eis in eisen.EISEN]
    assert len(set(orders)) == len(orders)
    for eis in eisen.EISEN:
        assert eis.routes and set(eis.routes) <= set(eisen.ROUTES), eis.name
        assert len({eisen.ROUTES[route].family for route in eis.routes}) == 1, eis.name
    route_names = {route for route, spec in eisen.ROUTES.items() if spec.variable and route != "puntentoets"}
    assert route_names <= set(Toelatingsroute.__members__)


def test_the_tvw_grounds_decide_in_the_order_of_the_statute():
    assert [eis.name for eis in eisen.deciding_order("twv_gvva")] == [
        *(eis.name for eis in eisen.EISEN if eis.name.startswith("wav_8_1_")),
        *(f"wav_9_1_{letter}" for letter in "abcdefghij"),
        "wav_9_girale_betaling",
        "wav_9_economische_activiteit",
    ]
    assert [eis.name for eis in eisen.deciding_order("kennismigrant")] == [
        "kennismigrant_geen_erkend_referent",
        "kennismigrant_looncriterium",
        "overig",
    ]


@pytest.mark.parametrize("letter", "abcdefghij")
def test_each_letter_of_wav_art_9_lid_1_is_cited_on_its_own(letter):
    citation = eisen.BY_NAME[f"wav_9_1_{letter}"].citation
    assert (citation.article, citation.lid, citation.onderdeel) == ("9", "1", letter)
    assert citation.url == f"https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel={letter}&g=2014-01-01"
    assert citation.text() == f"Wet arbeid vreemdelingen art. 9 lid 1 onder {letter}"


def test_every_law_citation_is_a_pinned_jci_link_to_its_article_lid_and_onderdeel():
    for eis in eisen.EISEN:
        citation = eis.citation
        assert citation is not None, eis.name
        if citation.bwb_id:
            assert citation.url.startswith(f"https://wetten.overheid.nl/jci1.3:c:{citation.bwb_id}&artikel={citation.article}")
            assert "&g=" in citation.url
            assert (f"&lid={citation.lid}" in citation.url) == bool(citation.lid)
            assert (f"&onderdeel={citation.onderdeel}" in citation.url) == bool(citation.onderdeel)
            assert citation.onderdeel or citation.lid == "" or eis.unverified or not eis.decides, (
                f"{eis.name}: a lid without onderdeel must say why (unverified)"
            )
        else:  # a proposal: the parliamentary paper or consultation that describes it, and its section
            assert citation.onderdeel and citation.url.startswith("https://"), eis.name
            assert citation.law == "Kamerstuk 29861 nr. 153" or "voorstel" in citation.law, eis.name


def test_catalogue_follows_the_agreed_interface():
    catalogue = eisen.catalogue()
    json.dumps(catalogue)
    assert len(catalogue) == len(G) - 1
    assert [entry["order"] for entry in catalogue] == sorted(entry["order"] for entry in catalogue)
    for entry in catalogue:
        assert {"name", "variable", "routes", "order", "description", "citation"} <= set(entry)
        assert set(entry["citation"]) == {"law", "bwb_id", "article", "lid", "onderdeel", "url"}


def test_get_requirements_answers_the_catalogue():
    from openfisca_arbeidsmigratie.api import create_app  # noqa: PLC0415 (only this test needs the web app)

    answer = create_app(baseline_system()).test_client().get("/requirements")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["requirements"] == eisen.catalogue()
    assert {entry["name"] for entry in body["requirements"]} >= {"wav_9_1_a", "wav_9_1_j", "overig"}


ADD_A_GROUND = textwrap.dedent(
    """
    import json
    from openfisca_core.periods import MONTH
    from openfisca_core.variables import Variable

    from openfisca_arbeidsmigratie import eisen
    from openfisca_arbeidsmigratie.entities import Persoon

    # 1. one registry entry (the next free index; an order that places it after art. 9 lid 1 onder j)
    eisen.EISEN = (*eisen.EISEN, eisen.Eis(
        "proefgrond", len(eisen.EISEN) + 1, "Proefgrond (alleen in deze test)", "weigeringsgrond_proef", False,
        ("twv_gvva",), 250, eisen.law(eisen.WAV, eisen.WAV_BWB, 9, 1, "x", geldig_op="2022-01-01"),
        "Proefgrond.", "A throwaway ground.", requires_twv=True,
    ))
    eisen.derive()

    from openfisca_arbeidsmigratie import CountryTaxBenefitSystem
    from openfisca_arbeidsmigratie.enums import Weigeringsgrond

    # 2. one variable
    class weigeringsgrond_proef(Variable):
        value_type = bool
        entity = Persoon
        definition_period = MONTH
        label = "Proefgrond"

    system = CountryTaxBenefitSystem()
    system.add_variable(weigeringsgrond_proef)
    situation = {"nationaliteit": "IN", "geboortedatum": "1980-01-01", "bruto_maandloon": 3000, "weigeringsgrond_proef": True}
    from openfisca_core.simulations import SimulationBuilder
    builder = SimulationBuilder()
    builder.set_default_period("2026-01")
    simulation = builder.build_from_dict(system, situation)
    result = {
        "members": len(Weigeringsgrond),
        "twv_weigeringsgrond": simulation.calculate("twv_weigeringsgrond", "2026-01").decode()[0].name,
        "weigeringsgrond": simulation.calculate("weigeringsgrond", "2026-01").decode()[0].name,
        "niet_voldaan_proefgrond": bool(simulation.calculate("niet_voldaan_proefgrond", "2026-01")[0]),
        "in_catalogue": any(entry["name"] == "proefgrond" for entry in eisen.catalogue()),
    }
    print(json.dumps(result))
    """
)


def test_a_new_ground_is_one_registry_entry_and_one_variable():
    """A throwaway ground added in a fresh interpreter: enum member, deciding order, failed variable
    and catalogue all follow from the entry and its variable (no other file changes)."""
    done = subprocess.run([sys.executable, "-c", ADD_A_GROUND], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "members": len(G) + 1,
        "twv_weigeringsgrond": "proefgrond",
        "weigeringsgrond": "proefgrond",
        "niet_voldaan_proefgrond": True,
        "in_catalogue": True,
    }

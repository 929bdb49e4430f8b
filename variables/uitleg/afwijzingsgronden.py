"""Why an applicant is refused: every failed requirement, under whatever regime the system is.

``afwijzingsgronden`` is a bitmask (bit i = member i of Weigeringsgrond) of all requirements the
refused applicant does not meet; ``niet_voldaan_<member>`` reads one bit, so that a YAML test can
assert "refused on Wav art. 8 lid 1 onder a" as ``niet_voldaan_wav_8_1_a_prioriteitgenietend_aanbod: true``.
The requirements and their routes are listed once, in openfisca_arbeidsmigratie.explain.eisen;
the citation of each member is in openfisca_arbeidsmigratie.citaties.

The variables read only what every regime writes (toegelaten, weigeringsgrond) and the law's
condition variables, so they work unchanged under the reforms: a reform that tightens a criterion
changes the condition variable; a reform that replaces the decision (brede welvaartstoets,
bandbreedte) writes its own weigeringsgrond, which selects the requirements that count.
"""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.citaties import WEIGERINGSGROND_CITATIES
from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Weigeringsgrond as G
from openfisca_arbeidsmigratie.explain import eisen

BESLUIT = [
    "https://wetten.overheid.nl/BWBR0007149/2022-01-01",
    "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2",
]


class afwijzingsgronden(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Niet voldane eisen van de afgewezen aanvraag (bitmasker: bit i = lid i van Weigeringsgrond)"
    reference = BESLUIT
    documentation = """
    PUBLIC. 0 when admitted. For a refused applicant, bit i is set when the requirement named by
    member i of Weigeringsgrond is not met (bit 0, `geen`, never). Which requirements count follows
    from the deciding ground (weigeringsgrond): a current-law ground -> the failed requirements of
    every current-law route that exists in the month (TWV/GVVA: the Wav grounds of art. 8 and 9;
    kennismigrant: sponsor, salary criterion, market-conform wage; EU Blue Card: qualification,
    contract length, salary criterion); a points-test ground -> the failed steps; the bandwidth cap
    -> that ground alone. The deciding ground is always among the bits. Decode with
    openfisca_arbeidsmigratie.explain.eisen.decodeer; one bit per variable niet_voldaan_<member>.
    """

    def formula(persoon, period, parameters):
        geweigerd = ~persoon("toegelaten", period)
        grond = persoon("weigeringsgrond", period)
        if not geweigerd.any():
            return persoon.filled_array(0)
        return eisen.masker(persoon, period, grond, geweigerd)


def _niet_voldaan(lid):
    """Class decorator: make a bool variable reading the bit of ``lid`` in afwijzingsgronden.

    OpenFisca reads a variable's attributes from its own class body (not from a base class) and
    needs a class statement per variable in the file, hence one short class per member below.
    """
    citatie = WEIGERINGSGROND_CITATIES.get(lid.name)
    masker = eisen.bit(lid)

    def formula(persoon, period, parameters):
        return (persoon("afwijzingsgronden", period) & masker) != 0

    def decorator(cls):
        attributen = {
            "value_type": bool,
            "entity": Persoon,
            "definition_period": MONTH,
            "label": f"Afgewezen aanvraag voldoet niet aan: {lid.value}",
            "reference": [citatie["url"]] if citatie else BESLUIT,
            "documentation": f"True when bit {lid.index} ({lid.name}) of afwijzingsgronden is set; False when admitted.",
            "formula": formula,
        }
        for naam, waarde in attributen.items():
            setattr(cls, naam, waarde)
        return cls

    return decorator


# One variable per member of Weigeringsgrond except `geen` (tests/python/test_explain.py checks).


@_niet_voldaan(G.wav_8_1_a_prioriteitgenietend_aanbod)
class niet_voldaan_wav_8_1_a_prioriteitgenietend_aanbod(Variable):
    pass


@_niet_voldaan(G.wav_8_1_b_vacature_niet_tijdig_gemeld)
class niet_voldaan_wav_8_1_b_vacature_niet_tijdig_gemeld(Variable):
    pass


@_niet_voldaan(G.wav_8_1_c_onvoldoende_wervingsinspanningen)
class niet_voldaan_wav_8_1_c_onvoldoende_wervingsinspanningen(Variable):
    pass


@_niet_voldaan(G.wav_8_1_d_arbeidsvoorwaarden)
class niet_voldaan_wav_8_1_d_arbeidsvoorwaarden(Variable):
    pass


@_niet_voldaan(G.wav_8_1_e_geen_verblijfsrecht)
class niet_voldaan_wav_8_1_e_geen_verblijfsrecht(Variable):
    pass


@_niet_voldaan(G.wav_8_1_f_minimumloon)
class niet_voldaan_wav_8_1_f_minimumloon(Variable):
    pass


@_niet_voldaan(G.wav_8_1_g_aangewezen_arbeid)
class niet_voldaan_wav_8_1_g_aangewezen_arbeid(Variable):
    pass


@_niet_voldaan(G.wav_8_1_h_quotum)
class niet_voldaan_wav_8_1_h_quotum(Variable):
    pass


@_niet_voldaan(G.wav_9_1_facultatief)
class niet_voldaan_wav_9_1_facultatief(Variable):
    pass


@_niet_voldaan(G.wav_9_girale_betaling)
class niet_voldaan_wav_9_girale_betaling(Variable):
    pass


@_niet_voldaan(G.wav_9_economische_activiteit)
class niet_voldaan_wav_9_economische_activiteit(Variable):
    pass


@_niet_voldaan(G.kennismigrant_looncriterium)
class niet_voldaan_kennismigrant_looncriterium(Variable):
    pass


@_niet_voldaan(G.kennismigrant_geen_erkend_referent)
class niet_voldaan_kennismigrant_geen_erkend_referent(Variable):
    pass


@_niet_voldaan(G.europese_blauwe_kaart_looncriterium)
class niet_voldaan_europese_blauwe_kaart_looncriterium(Variable):
    pass


@_niet_voldaan(G.europese_blauwe_kaart_kwalificatie)
class niet_voldaan_europese_blauwe_kaart_kwalificatie(Variable):
    pass


@_niet_voldaan(G.europese_blauwe_kaart_contractduur)
class niet_voldaan_europese_blauwe_kaart_contractduur(Variable):
    pass


@_niet_voldaan(G.puntentoets_stap_1)
class niet_voldaan_puntentoets_stap_1(Variable):
    pass


@_niet_voldaan(G.puntentoets_totaal)
class niet_voldaan_puntentoets_totaal(Variable):
    pass


@_niet_voldaan(G.bandbreedte_bereikt)
class niet_voldaan_bandbreedte_bereikt(Variable):
    pass


@_niet_voldaan(G.overig)
class niet_voldaan_overig(Variable):
    pass


@_niet_voldaan(G.asielzoeker_werkverbod)
class niet_voldaan_asielzoeker_werkverbod(Variable):
    pass

"""The refusal grounds of the Wav: mandatory (art. 8 lid 1 a-h) and optional (art. 9 lid 1 a-j, 2022).

Each variable is True when its ground applies to this application. The exceptions are taken into
account here: art. 8 lid 2 (asylum seekers) and lid 3 (designated cases) switch some mandatory
grounds off; `_VERVALT` lists which. Variables are named after the letters of the text in force
from 1 January 2014; where the pre-2014 text differs, an older formula (`formula`) states the old
rule and the documentation names the old letter.

Optional grounds count only when UWV applies them: parameter
wav.facultatieve_weigeringsgronden_toegepast (1 for every ground, an assumption documented there).
"""

import functools

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import UitzonderingWav8Lid3 as U
from openfisca_arbeidsmigratie.enums import VerblijfsrechtArbeid
from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError, grenzen_in_gat

MINIMUMLOON = "algemeen.wettelijk_minimumloon.maandbedrag"

ART_8 = [
    "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&g=2013-01-01",
    "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&g=2014-01-01",
    "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&g=2022-01-01",
]
ART_9 = [
    "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&g=2014-01-01",
    "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&g=2022-01-01",
]

# Wav art. 8 lid 2 and lid 3: the onderdelen of lid 1 that each exception switches off.
_LID_3 = {
    U.bijzondere_omstandigheden: "b",
    U.internationale_handel_of_religieuze_functie: "abcf",
    U.opleiding_onderwijs_cultuur_uitwisseling: "abcdf",
    U.verblijfsvergunning_arbeid: "abcdf",
}
_ASIELZOEKER = "abcfh"  # art. 8 lid 2
_STUDENT = "abcf"  # Uitvoeringsregels par. 33 (a case designated under art. 8 lid 3)


def _vervalt(persoon, period, onderdeel: str):
    """True where an exception of Wav art. 8 lid 2 or 3 switches onderdeel (a letter) off."""
    uitzondering = np.asarray(persoon("uitzondering_wav_8_lid_3", period))
    vervalt = np.zeros(persoon.count, dtype=bool)
    for lid_3, letters in _LID_3.items():
        if onderdeel in letters:
            vervalt |= uitzondering == lid_3.index
    if onderdeel in _ASIELZOEKER:
        vervalt |= persoon("asielzoeker_art_8_lid_2", period)
    if onderdeel in _STUDENT:
        vervalt |= persoon("student_arbeid_naast_studie", period)
    return vervalt


def _tenzij_vervallen(persoon, period, onderdeel: str, grond):
    """``grond & ~vervalt``: the ground, where no exception switches onderdeel off (a new array)."""
    uit = _vervalt(persoon, period, onderdeel)
    np.logical_not(uit, out=uit)
    uit &= grond
    return uit


def _toegepast(parameters, period, grond: str) -> bool:
    """Does UWV apply the optional ground (parameter wav.facultatieve_weigeringsgronden_toegepast)?"""
    return bool(getattr(parameters(period).wav.facultatieve_weigeringsgronden_toegepast, grond))


class weigeringsgrond_wav_8_1_a(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 8 lid 1 onder a: prioriteitgenietend aanbod beschikbaar (beoordeling UWV)"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=a&g=2013-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=a&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=a&g=2022-01-01",
    ]

    def formula(persoon, period, parameters):
        return _tenzij_vervallen(persoon, period, "a", persoon("prioriteitgenietend_aanbod_beschikbaar", period))


class weigeringsgrond_wav_8_1_b(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 8 lid 1 onder b: vacature niet ten minste vijf weken voor de aanvraag bij UWV gemeld"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=b&g=2013-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=b&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=b&g=2022-01-01",
    ]

    def formula(persoon, period, parameters):
        termijn = parameters(period).wav.vacaturemelding_termijn_weken
        werkgever = persoon.werkgever.reference_entity  # decided per employer, then given to each employee
        tijdig = werkgever("vacature_gemeld_bij_uwv", period) & (werkgever("weken_tussen_vacaturemelding_en_aanvraag", period) >= termijn)
        return _tenzij_vervallen(persoon, period, "b", ~werkgever.project(tijdig))


class weigeringsgrond_wav_8_1_c(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 8 lid 1 onder c: onvoldoende wervingsinspanningen van de werkgever"
    documentation = """
    Mandatory since 1 January 2014. Before, insufficient recruitment efforts was the optional ground
    of old art. 9 lid 1 onder a: it counts then only when UWV applies it (parameter
    facultatieve_weigeringsgronden_toegepast.wervingsinspanningen_voor_2014).
    """
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=a&g=2013-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=c&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=c&g=2022-01-01",
    ]

    def formula(persoon, period, parameters):
        return _onvoldoende_werving(persoon, period) & _toegepast(parameters, period, "wervingsinspanningen_voor_2014")

    def formula_2014_01(persoon, period, parameters):
        return _onvoldoende_werving(persoon, period)


def _onvoldoende_werving(persoon, period):
    return _tenzij_vervallen(persoon, period, "c", ~persoon.werkgever("voldoende_wervingsinspanningen", period))


class weigeringsgrond_wav_8_1_d(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 8 lid 1 onder d: arbeidsvoorwaarden beneden het wettelijke of gebruikelijke niveau"
    documentation = """
    Mandatory since 1 January 2014. Before, it was the optional ground of old art. 9 lid 1 onder b:
    it counts then only when UWV applies it (parameter ...arbeidsvoorwaarden_voor_2014).
    """
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=b&g=2013-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=d&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=d&g=2022-01-01",
    ]

    def formula(persoon, period, parameters):
        return _slechte_voorwaarden(persoon, period) & _toegepast(parameters, period, "arbeidsvoorwaarden_voor_2014")

    def formula_2014_01(persoon, period, parameters):
        return _slechte_voorwaarden(persoon, period)


def _slechte_voorwaarden(persoon, period):
    return _tenzij_vervallen(persoon, period, "d", ~persoon.werkgever("marktconforme_arbeidsvoorwaarden", period))


class weigeringsgrond_wav_8_1_e(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 8 lid 1 onder e: geen (aanvraag om een) voor arbeid geldige verblijfsvergunning"
    documentation = "Old letter c before 2014 (same rule)."
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=c&g=2013-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=e&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=e&g=2022-01-01",
    ]

    def formula(persoon, period, parameters):
        verblijf = persoon("verblijfsrecht_arbeid", period)
        return (verblijf == VerblijfsrechtArbeid.niet_aangevraagd) | (verblijf == VerblijfsrechtArbeid.geweigerd)


class weigeringsgrond_wav_8_1_f(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 8 lid 1 onder f: loon lager dan het wettelijk minimumloon per maand (voltijd)"
    documentation = """
    The offered gross monthly wage must reach the full-time adult monthly minimum wage
    (`wettelijk_minimumloon_maand`), also for part-time work (Uitvoeringsregels par. 12). A wage
    exactly at the minimum passes. Before 2014 (old letter d) the test applied only to a foreign
    national not admitted before (`niet_eerder_toegelaten`): text read for 2011-2013 [LAW-TXT];
    for 1995-2010 the same rule is assumed (the older text was not read; niet geverifieerd).
    In a month without a cited minimum wage (see wettelijk_minimumloon_maand) this ground fails
    with a clear message instead of letting every wage pass.
    """
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=d&g=2013-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=f&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=f&g=2022-01-01",
    ]

    def formula(persoon, period, parameters):
        return _onder_minimumloon(persoon, period, parameters, persoon("niet_eerder_toegelaten", period))

    def formula_2014_01(persoon, period, parameters):
        return _onder_minimumloon(persoon, period, parameters, True)


def _onder_minimumloon(persoon, period, parameters, getoetst):
    """Wage below the monthly minimum wage, where the ground is tested and not switched off.

    In a month where the minimum wage is a historical gap (wettelijk_minimumloon_maand fails), the
    known amounts before and after the gap bound it (the Wml was raised or frozen, never lowered:
    aanname, see the parameter's documentation): a wage below the lower bound fails, a wage at or
    above the upper bound passes, and a wage in between cannot be decided: that raises an error for
    an applicant who needs a TWV (for others the ground decides nothing).
    """
    getoetst = getoetst & ~_vervalt(persoon, period, "f")
    loon = persoon("bruto_maandloon", period)
    grenzen = grenzen_in_gat(parameters, period, MINIMUMLOON)
    if grenzen is None:
        return getoetst & (loon < persoon("wettelijk_minimumloon_maand", period))
    laag, hoog = grenzen
    onbeslist = getoetst & (loon >= laag) & (loon < hoog) & persoon("tewerkstellingsvergunning_vereist", period)
    if onbeslist.any():
        msg = (
            f"Wav art. 8 lid 1 onder f cannot be decided for {int(onbeslist.sum())} applicant(s) in {period}: no "
            f"monthly minimum wage is cited for that month (a gap in parameters/{MINIMUMLOON.replace('.', '/')}.yaml); "
            f"it lies between EUR {laag:.2f} and EUR {hoog:.2f} and their wage lies in that range."
        )
        raise OntbrekendBedragError(msg, na_laatste_publicatie=False)
    return getoetst & (loon < laag)


class weigeringsgrond_wav_8_1_g(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 8 lid 1 onder g: arbeid in een aangewezen categorie die niet in het Nederlands belang is"
    documentation = "Old letter e before 2014 (same rule). No exception applies."
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=e&g=2013-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=g&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=g&g=2022-01-01",
    ]

    def formula(persoon, period, parameters):
        return persoon("aangewezen_arbeid_niet_in_nederlands_belang", period)


class weigeringsgrond_wav_8_1_h(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 8 lid 1 onder h: quotum (art. 5a) bereikt"
    documentation = "Since 1 January 2014 (art. 5a was introduced by the 2014 revision)."
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=h&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&onderdeel=h&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return _tenzij_vervallen(persoon, period, "h", persoon("quotum_bereikt", period))


class volledige_arbeidsmarkttoets(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De volledige arbeidsmarkttoets (Wav art. 8 lid 1 onder a, b en c) is van toepassing"
    documentation = "A TWV/GVVA is required and no exception of art. 8 lid 2 or 3 switches off a, b or c."
    reference = ART_8

    def formula(persoon, period, parameters):
        vervalt = _vervalt(persoon, period, "a") | _vervalt(persoon, period, "b") | _vervalt(persoon, period, "c")
        return persoon("tewerkstellingsvergunning_vereist", period) & ~vervalt


class weigeringsgrond_wav_9_1_a(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder a: prioriteitgenietend aanbod binnen redelijke termijn (beoordeling UWV)"
    documentation = "Optional ground; not where the exceptions switch the labour-market test (art. 8 lid 1 onder a) off."
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=a&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=a&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        verwacht = persoon("prioriteitgenietend_aanbod_binnen_redelijke_termijn", period)
        return verwacht & ~_vervalt(persoon, period, "a") & _toegepast(parameters, period, "a")


class weigeringsgrond_wav_9_1_b(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder b: niet eerder toegelaten vreemdeling jonger dan de minimumleeftijd"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=b&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=b&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        minimum = parameters(period).wav.minimumleeftijd_niet_eerder_toegelaten
        te_jong = persoon("niet_eerder_toegelaten", period) & (persoon("leeftijd", period) < minimum)
        return te_jong & _toegepast(parameters, period, "b")


def _werkgever_grond(persoon, period, parameters, grond, *feiten, negatief=False):
    """An optional ground that rests on employer facts: any of ``feiten`` (or its absence) applies."""
    werkgever = persoon.werkgever.reference_entity  # decided per employer, then given to each employee
    waarden = (werkgever(feit, period) for feit in feiten)
    van_toepassing = functools.reduce(np.logical_or, (~w if negatief else w for w in waarden))
    return _per_werknemer(persoon, werkgever, van_toepassing) & _toegepast(parameters, period, grond)


def _per_werknemer(persoon, werkgever, waarden):
    """The employer's bool ``waarden`` for each employee; the same value for every employer (often
    False: a fact not given) is filled without looking each employee's employer up."""
    if not waarden.any():
        return np.zeros(persoon.count, dtype=bool)
    if waarden.all():
        return np.ones(persoon.count, dtype=bool)
    return werkgever.project(waarden)


class weigeringsgrond_wav_9_1_c(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder c: voorschriften of beperkingen van een eerdere vergunning niet nageleefd"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=c&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=c&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return _werkgever_grond(persoon, period, parameters, "c", "voorschriften_eerdere_vergunning_overtreden")


class weigeringsgrond_wav_9_1_d(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder d: geen passende huisvesting beschikbaar"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=d&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=d&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return ~persoon("passende_huisvesting_beschikbaar", period) & _toegepast(parameters, period, "d")


class weigeringsgrond_wav_9_1_e(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder e: werving niet volgens het sectorconvenant"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=e&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=e&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return _werkgever_grond(persoon, period, parameters, "e", "sectorconvenant_werving_geschonden")


class weigeringsgrond_wav_9_1_f(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder f: werkgever heeft andere belemmeringen opgeworpen"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=f&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=f&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return _werkgever_grond(persoon, period, parameters, "f", "andere_belemmeringen_opgeworpen")


class weigeringsgrond_wav_9_1_g(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder g: erkenning als referent ingetrokken, geschorst of geweigerd"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=g&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=g&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return _werkgever_grond(persoon, period, parameters, "g", "erkenning_referent_ingetrokken")


class weigeringsgrond_wav_9_1_h(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder h: boete Vw 2000 art. 55a of veroordeling Vw 2000 art. 108 (vijf jaar)"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=h&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=h&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return _werkgever_grond(persoon, period, parameters, "h", "boete_vw_55a", "veroordeling_vw_108")


class weigeringsgrond_wav_9_1_i(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder i: boete Arbeidstijdenwet, Arbowet, Wml, Wav of Waadi (vijf jaar)"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=i&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=i&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return _werkgever_grond(
            persoon, period, parameters, "i",
            "boete_arbeidstijdenwet_10_1", "boete_arbeidsomstandighedenwet_33", "boete_wml_18b", "boete_wav_18", "boete_waadi_16",
        )  # fmt: skip


class weigeringsgrond_wav_9_1_j(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1 onder j: veroordeling Sr 273f, Arbeidstijdenwet 11:3 of Arbowet 32 (vijf jaar)"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=j&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&onderdeel=j&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return _werkgever_grond(
            persoon, period, parameters, "j",
            "veroordeling_sr_273f", "veroordeling_arbeidstijdenwet_11_3", "veroordeling_arbeidsomstandighedenwet_32",
        )  # fmt: skip


class weigeringsgrond_wav_9_girale_betaling(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 (sinds 2022): loon niet giraal betaald"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&g=2022-01-01",  # onderdeel not verified (Stb. 2021, 505)
    ]

    def formula_2022_01(persoon, period, parameters):
        return _werkgever_grond(persoon, period, parameters, "girale_betaling", "loon_giraal_betaald", negatief=True)


class weigeringsgrond_wav_9_economische_activiteit(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 (sinds 2022): geen economische activiteit van de werkgever in Nederland"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&g=2022-01-01",  # onderdeel not verified (Stb. 2021, 505)
    ]

    def formula_2022_01(persoon, period, parameters):
        return _werkgever_grond(
            persoon, period, parameters, "economische_activiteit", "economische_activiteit_in_nederland", negatief=True
        )

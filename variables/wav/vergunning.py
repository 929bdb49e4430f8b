"""The TWV/GVVA decision: refusal ground, grant, and validity (Wav art. 8, 9 and 11)."""

import functools
import math

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie import eisen
from openfisca_arbeidsmigratie.codes import als_enum, eerste_waar
from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import UitzonderingWav8Lid3 as U
from openfisca_arbeidsmigratie.enums import Weigeringsgrond as G
from openfisca_arbeidsmigratie.peildatum import waarde_op_datums

WAV = "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel={}&g={}"
DAGEN_PER_MAAND = 365.25 / 12

# The order in which the grounds decide (art. 8 lid 1 a..h, art. 9 lid 1 a..j, the 2022 grounds):
# declared once, in the registry of requirements (openfisca_arbeidsmigratie.eisen).
GRONDEN_IN_VOLGORDE = [(eis.variable, G[eis.name]) for eis in eisen.deciding_order("twv_gvva")]


class twv_weigeringsgrond(Variable):
    value_type = Enum
    possible_values = G
    default_value = G.geen
    entity = Persoon
    definition_period = MONTH
    label = "Grond waarop de TWV/GVVA wordt geweigerd (de eerste die van toepassing is)"
    documentation = """
    The first refusal ground that applies, in the order of Wav art. 8 lid 1 a..h, then art. 9
    lid 1 a..j letter by letter (`wav_9_1_a` .. `wav_9_1_j`), then the 2022 grounds. `geen` when
    the TWV/GVVA is granted, and also when none is needed (`tewerkstellingsvergunning_vereist`
    False). The order and the citation of each ground are in the registry of requirements
    (openfisca_arbeidsmigratie.eisen).
    """
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&g=2014-01-01",
        WAV.format(8, "2022-01-01"),
        WAV.format(9, "2022-01-01"),
    ]

    def formula(persoon, period, parameters):
        niet_vereist = ~persoon("tewerkstellingsvergunning_vereist", period)
        van_toepassing = [persoon(naam, period) for naam, _ in GRONDEN_IN_VOLGORDE]
        grond = eerste_waar(
            [niet_vereist, *van_toepassing], [G.geen.index, *(lid.index for _, lid in GRONDEN_IN_VOLGORDE)], G.geen.index
        )
        return als_enum(grond, G)


class weigeringsgrond_wav_9_1(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Wav art. 9 lid 1: een facultatieve weigeringsgrond (onder a tot en met j) wordt toegepast"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&g=2022-01-01",
    ]
    documentation = "True where any of weigeringsgrond_wav_9_1_a .. _j applies (each letter is also reported on its own)."

    def formula(persoon, period, parameters):
        return functools.reduce(np.logical_or, (persoon(f"weigeringsgrond_wav_9_1_{letter}", period) for letter in "abcdefghij"))


class twv_verleend(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De tewerkstellingsvergunning of GVVA wordt verleend"
    documentation = """
    True when a TWV/GVVA is required and no mandatory ground (art. 8) nor an applied optional ground
    (art. 9) applies. False when none is needed: see `tewerkstellingsvergunning_vereist`.
    """
    reference = [WAV.format(8, "2022-01-01"), WAV.format(9, "2022-01-01")]

    def formula(persoon, period, parameters):
        geen_grond = persoon("twv_weigeringsgrond", period) == G.geen
        return persoon("tewerkstellingsvergunning_vereist", period) & geen_grond


class twv_maximale_geldigheidsduur(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Maximale geldigheidsduur van een TWV/GVVA verleend na een volledige arbeidsmarkttoets, in maanden"
    unit = "month"
    documentation = "36 months until 2013, 12 months from 2014, 24 months from 2022 (Wav art. 11)."
    reference = [WAV.format(11, "2013-01-01"), WAV.format(11, "2014-01-01"), WAV.format(11, "2022-01-01")]

    def formula(persoon, period, parameters):
        maximum = parameters(period).wav.twv_maximale_geldigheidsduur.na_volledige_arbeidsmarkttoets
        return persoon.filled_array(int(maximum))


class twv_geldigheidsduur(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Geldigheidsduur van de verleende TWV/GVVA voor deze aanvraag, in maanden (0 als niet verleend)"
    unit = "month"
    documentation = """
    The longest validity the law allows for this case (Wav art. 11), 0 when no TWV/GVVA is granted:
    after a full labour-market test `twv_maximale_geldigheidsduur`; in the cases of art. 8 lid 3
    onder b and c (incl. a work-valid residence permit) 36 months; otherwise the statutory ceiling
    (36 until 2013, 12 in 2014-2021, 36 from 2022). From 2014 seasonal or temporary work is capped
    at 24 weeks (art. 11 lid 2), expressed as the whole months that fit in it: 24 weeks = 5.5
    months, rounded DOWN to 5, so that the modelled permit never outlasts the legal one. The cap
    applies when seizoenarbeid_beperking_24_weken_van_toepassing (not admitted before, no
    work-valid permit in the preceding 14 weeks). An asylum seeker under the 24-week requirement
    (asielzoeker_24_weken_eis_van_toepassing, until 28 November 2023) is capped the same way.
    """
    reference = [WAV.format(11, "2013-01-01"), WAV.format(11, "2014-01-01"), WAV.format(11, "2022-01-01")]

    def formula(persoon, period, parameters):
        return _duur_per_categorie(persoon, period, parameters) * persoon("twv_verleend", period)

    def formula_2014_01(persoon, period, parameters):
        weken = parameters(period).wav.seizoenarbeid_maximale_duur_weken
        seizoen_maanden = math.floor(weken * 7 / DAGEN_PER_MAAND)
        duur = _duur_per_categorie(persoon, period, parameters)
        beperkt = persoon("seizoenarbeid_beperking_24_weken_van_toepassing", period)
        duur = eerste_waar([beperkt], [np.minimum(duur, seizoen_maanden)], duur, dtype=np.int32)
        asiel = persoon("asielzoeker_24_weken_eis_van_toepassing", period)
        asiel_weken = parameters(period).wav.asielzoeker_24_weken_eis.maximale_duur_weken
        duur = eerste_waar([asiel], [np.minimum(duur, math.floor(asiel_weken * 7 / DAGEN_PER_MAAND))], duur, dtype=np.int32)
        return duur * persoon("twv_verleend", period)


class asielzoeker_24_weken_eis_van_toepassing(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De TWV voor een asielzoeker is beperkt tot 24 weken binnen 52 weken (24-weken-eis)"
    documentation = """
    An asylum seeker for whom the labour-market test is dropped after the waiting period
    (asielzoeker_art_8_lid_2: application pending at least six months) could work at most 24 weeks
    in 52 weeks (old BuWav art. 2a; BuWav 2022 art. 6.2). The Council of State held the requirement
    contrary to the Reception Conditions Directive on 29 November 2023; from that day it is not
    applied (parameter wav.asielzoeker_24_weken_eis.van_toepassing, read on aanvraagdatum). The TWV
    is then capped at the whole months that fit in 24 weeks (five), as for seasonal work.
    """
    reference = [
        "https://wetten.overheid.nl/BWBR0046078/2022-01-01#Hoofdstuk6",
        "https://www.raadvanstate.nl/jaarverslag2023/adviezen-en-uitspraken/asielzoekers-mogen-hele-jaar-werken/",
    ]

    def formula_2014_01(persoon, period, parameters):
        eis = waarde_op_datums(
            parameters,
            persoon("aanvraagdatum", period),
            lambda p: p.wav.asielzoeker_24_weken_eis.van_toepassing,
            voor_begin=False,  # an application before 2014: not modelled
        ).astype(bool)
        return persoon("asielzoeker_art_8_lid_2", period) & eis


class seizoenarbeid_beperking_24_weken_van_toepassing(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De TWV voor seizoenarbeid is beperkt tot ten hoogste 24 weken (Wav art. 11 lid 2)"
    documentation = """
    From 2014: seasonal or temporary work (seizoenarbeid) by a foreign national not admitted before
    (niet_eerder_toegelaten) who held no TWV or work-valid residence permit in the 14 weeks before
    the application (werkvergunning_in_voorafgaande_14_weken False). Otherwise the ordinary
    maximum of art. 11 lid 1 applies. The defaults (not admitted before, no recent permit) keep the
    limit for every seasonal worker, as before this condition was modelled.
    """
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=11&lid=2&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=11&lid=2&g=2022-01-01",
    ]

    def formula_2014_01(persoon, period, parameters):
        return (
            persoon("seizoenarbeid", period)
            & persoon("niet_eerder_toegelaten", period)
            & ~persoon("werkvergunning_in_voorafgaande_14_weken", period)
        )


def _duur_per_categorie(persoon, period, parameters):
    maxima = parameters(period).wav.twv_maximale_geldigheidsduur
    uitzondering = persoon("uitzondering_wav_8_lid_3", period)
    lid_3_b_c = (
        (uitzondering == U.internationale_handel_of_religieuze_functie)
        | (uitzondering == U.opleiding_onderwijs_cultuur_uitwisseling)
        | (uitzondering == U.verblijfsvergunning_arbeid)
    )
    return eerste_waar(
        [persoon("volledige_arbeidsmarkttoets", period), lid_3_b_c],
        [int(maxima.na_volledige_arbeidsmarkttoets), int(maxima.uitzonderingscategorieen_art_8_lid_3)],
        int(maxima.wettelijk_maximum),
        dtype=np.int32,
    )

"""The admission decision: the outputs every regime writes (current law and each reform).

Order of the routes (the first open route is the one reported):

1. vrij_verkeer: not a foreign national, free movement of workers or free labour-market access;
2. kennismigrant; 3. europese_blauwe_kaart: residence routes chosen by the applicant and employer.
   Kennismigrant comes first: it has the lower criterion and the faster sponsor procedure, and an
   applicant who meets both is normally filed as kennismigrant by a recognised sponsor;
4. vrijgesteld: an exempt category of Wav art. 3 (no TWV needed, but no residence route either,
   so a kennismigrant or Blue Card route that is also open is reported first);
5. twv_gvva: a TWV or GVVA granted after the labour-market test;
otherwise geweigerd.
"""

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie import eisen
from openfisca_arbeidsmigratie.codes import als_enum, eerste_waar
from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond

WAV = "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&g=2022-01-01"
BUWAV22 = "https://wetten.overheid.nl/jci1.3:c:BWBR0046078&artikel=2.1&g=2022-01-01"
BUWAV_1D = "https://wetten.overheid.nl/jci1.3:c:BWBR0007523&artikel=1d&g=2004-10-01"


class toelatingsroute(Variable):
    value_type = Enum
    possible_values = Toelatingsroute
    default_value = Toelatingsroute.geweigerd
    entity = Persoon
    definition_period = MONTH
    label = "Route waarlangs de aanvrager tot arbeid wordt toegelaten"
    reference = [WAV, BUWAV22]
    documentation = "PUBLIC. The first open route in the order given in the module documentation; `geweigerd` if none."

    def formula(persoon, period, parameters):
        vrij = ~persoon("vreemdeling", period) | persoon("vrij_verkeer_van_werknemers", period) | persoon("vrije_toegang_arbeidsmarkt", period)
        route = eerste_waar(
            [
                vrij,
                persoon("route_kennismigrant_open", period),
                persoon("route_europese_blauwe_kaart_open", period),
                persoon("vrijgestelde_categorie_wav", period),
                persoon("route_twv_gvva_open", period),
            ],
            [
                Toelatingsroute.vrij_verkeer.index,
                Toelatingsroute.kennismigrant.index,
                Toelatingsroute.europese_blauwe_kaart.index,
                Toelatingsroute.vrijgesteld.index,
                Toelatingsroute.twv_gvva.index,
            ],
            Toelatingsroute.geweigerd.index,
        )
        return als_enum(route, Toelatingsroute)


class toegelaten(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De aanvrager mag in Nederland werken (toegelaten tot arbeid)"
    reference = [WAV, BUWAV22]
    documentation = "PUBLIC. True unless toelatingsroute is `geweigerd`."

    def formula(persoon, period, parameters):
        return persoon("toelatingsroute", period) != Toelatingsroute.geweigerd


class weigeringsgrond(Variable):
    value_type = Enum
    possible_values = Weigeringsgrond
    default_value = Weigeringsgrond.geen
    entity = Persoon
    definition_period = MONTH
    label = "Doorslaggevende weigeringsgrond (geen bij toelating)"
    reference = [WAV, BUWAV22, BUWAV_1D, "https://wetten.overheid.nl/jci1.3:c:BWBR0011823&artikel=2e&g=2024-01-01"]
    documentation = """
    `geen` when admitted. Otherwise the ground of the route the application was most plausibly
    filed under:
    * the employer is a recognised sponsor (erkend_referent): the kennismigrant route; its first
      failed requirement: sponsor not (or no longer) reliable -> kennismigrant_geen_erkend_referent;
      wage below the criterion -> kennismigrant_looncriterium; wage not market-conform or not paid
      by bank transfer -> overig;
    * else, the wage reaches the Blue Card criterion: the Blue Card route; no qualification ->
      europese_blauwe_kaart_kwalificatie; contract too short -> europese_blauwe_kaart_contractduur;
    * else the TWV/GVVA route's ground (twv_weigeringsgrond); `overig` if that route gives none.

    Before 1 October 2004 the kennismigrant route did not exist (old BuWav art. 1d): an application
    via a recognised sponsor is then judged on the Blue Card and TWV/GVVA routes only, and the
    kennismigrant criteria (whose parameters start in October 2004) are not read.
    """

    def formula(persoon, period, parameters):
        return _weigeringsgrond(persoon, period, [])

    def formula_2004_10(persoon, period, parameters):
        referent = persoon.werkgever("erkend_referent", period)
        return _weigeringsgrond(persoon, period, [(referent, _grond_kennismigrant)])


def _weigeringsgrond(persoon, period, routes):
    """The deciding ground: `geen` if admitted, else the first applicable route's (kennismigrant routes first).

    ``routes``: (condition, ground) of the routes tried before the Blue Card; a route's ground is
    worked out only for the refused persons it decides for (its condition true, every earlier false).
    """
    toegelaten = np.asarray(persoon("toegelaten", period), dtype=bool)
    voorwaarden, gronden = [toegelaten], [Weigeringsgrond.geen.index]
    beslist_nog = ~toegelaten  # refused, and no earlier route's condition holds
    for gegeven, grond in [
        *routes,
        (persoon("europese_blauwe_kaart_loon_voldoende", period), _grond_europese_blauwe_kaart),
    ]:
        voorwaarde = np.asarray(gegeven, dtype=bool)
        voorwaarden.append(voorwaarde)
        gronden.append(_voor_wie_het_beslist(persoon, period, grond, beslist_nog & voorwaarde))
        beslist_nog &= ~voorwaarde
    grond = eerste_waar(voorwaarden, gronden, _grond_twv(persoon, period))
    return als_enum(grond, Weigeringsgrond)


def _voor_wie_het_beslist(persoon, period, grond, beslist):
    """``grond(persoon, period, rows)`` for the persons in ``beslist`` (elsewhere `overig`, never read)."""
    rows = np.flatnonzero(beslist)
    uit = np.full(len(beslist), Weigeringsgrond.overig.index, dtype=np.int16)
    if len(rows):
        uit[rows] = grond(persoon, period, rows)
    return uit


def _grond_kennismigrant(persoon, period, rows=None):
    """The first failed kennismigrant requirement in the registry's order; `overig` if none."""
    return eisen.first_failed(persoon, period, "kennismigrant", Weigeringsgrond.overig.index, rows)


def _grond_europese_blauwe_kaart(persoon, period, rows=None):
    """The first failed Blue Card requirement in the registry's order; `overig` if none."""
    return eisen.first_failed(persoon, period, "europese_blauwe_kaart", Weigeringsgrond.overig.index, rows)


def _grond_twv(persoon, period):
    grond = persoon("twv_weigeringsgrond", period)
    return eerste_waar([grond == Weigeringsgrond.geen], [Weigeringsgrond.overig.index], grond)

"""The requirements (eisen) of each admission route, and the bitmask of failed requirements.

One table, :data:`EISEN`, lists every requirement whose failure is a refusal ground: the route it
belongs to, the :class:`~openfisca_arbeidsmigratie.enums.Weigeringsgrond` member that names it, and
a test ``niet_voldaan(persoon, period) -> bool array`` (True where the requirement is NOT met)
that reads only variables of the law. The variable ``afwijzingsgronden`` (variables/uitleg) and
the explain command both evaluate this table, so a requirement is stated once.

Bitmask: bit ``i`` of ``afwijzingsgronden`` is member ``i`` of ``Weigeringsgrond`` (``geen`` = bit 0
is never set). OpenFisca ``int`` variables are int32, so at most 31 members fit;
tests/python/test_explain.py fails when the Enum grows past that.

Which requirements count for a refused applicant depends on the ground that decided the refusal
(``weigeringsgrond``, written by every regime):

* a ground of current law (Wav, kennismigrant, Blue Card, ``overig``): the failed requirements of
  every current-law route (TWV/GVVA, kennismigrant, EU Blue Card) that exists in the month (its
  route variable has a formula for the month);
* a ground of the points test (``puntentoets_*``): the failed steps of the points test;
* any other ground (the bandwidth cap): that ground alone.

The deciding ground itself is always set, so the mask is never empty for a refusal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from openfisca_arbeidsmigratie.enums import Weigeringsgrond as G

MAX_BITS = 31


@dataclasses.dataclass(frozen=True)
class Eis:
    """A requirement of an admission route."""

    grond: G
    route: str
    variabele: str
    beschrijving: str
    niet_voldaan: Callable = dataclasses.field(compare=False, repr=False)


def _persoon_niet(variabele):
    return lambda persoon, period: ~persoon(variabele, period)


def _werkgever_niet(variabele):
    return lambda persoon, period: ~persoon.werkgever(variabele, period)


def _wav_grond(variabele):
    """A Wav ground counts only where a TWV/GVVA is required (tewerkstellingsvergunning_vereist)."""
    return lambda persoon, period: persoon(variabele, period) & persoon("tewerkstellingsvergunning_vereist", period)


def _totaal_onder_drempel(persoon, period):
    return persoon("puntentoets_punten_totaal", period) < persoon("puntentoets_toelatingsdrempel", period)


def _wav_lid(letter_of_naam: str) -> G:
    """The Weigeringsgrond member of a Wav ground variable suffix (8_1_a ... 9_economische_activiteit)."""
    if letter_of_naam.startswith("9_1_"):
        return G.wav_9_1_facultatief
    prefix = f"wav_{letter_of_naam}"
    return next(lid for lid in G if lid.name.startswith(prefix))


def _wav_artikel(suffix: str) -> str:
    """'8_1_a' -> 'Wav art. 8 lid 1 onder a'; '9_girale_betaling' -> 'Wav art. 9 (girale betaling)'."""
    artikel, _, rest = suffix.partition("_")
    if rest.startswith("1_"):
        return f"Wav art. {artikel} lid 1 onder {rest[2:]}"
    return f"Wav art. {artikel} ({rest.replace('_', ' ')})"


_WAV_GRONDEN = [
    *(f"8_1_{letter}" for letter in "abcdefgh"),
    *(f"9_1_{letter}" for letter in "abcdefghij"),
    "9_girale_betaling",
    "9_economische_activiteit",
]

TWV, KENNISMIGRANT, BLAUWE_KAART, PUNTENTOETS = "twv_gvva", "kennismigrant", "europese_blauwe_kaart", "puntentoets"

EISEN: tuple[Eis, ...] = (
    *(
        Eis(
            _wav_lid(suffix), TWV, f"weigeringsgrond_wav_{suffix}",
            f"TWV/GVVA: a refusal ground of {_wav_artikel(suffix)} applies",
            _wav_grond(f"weigeringsgrond_wav_{suffix}"),
        )
        for suffix in _WAV_GRONDEN
    ),
    *(
        Eis(grond, route, variabele, beschrijving, test(variabele))
        for grond, route, variabele, test, beschrijving in (
            (G.kennismigrant_geen_erkend_referent, KENNISMIGRANT, "erkend_referent_betrouwbaar", _werkgever_niet,
             "kennismigrant: the employer is not a recognised (and reliable) sponsor"),
            (G.kennismigrant_looncriterium, KENNISMIGRANT, "kennismigrant_loon_voldoende", _persoon_niet,
             "kennismigrant: the gross monthly wage is below the salary criterion"),
            (G.overig, KENNISMIGRANT, "kennismigrant_loon_marktconform_en_giraal", _persoon_niet,
             "kennismigrant: the wage is not market-conform or not paid monthly by bank transfer"),
            (G.europese_blauwe_kaart_kwalificatie, BLAUWE_KAART, "europese_blauwe_kaart_kwalificatie", _persoon_niet,
             "EU Blue Card: no higher-education diploma (nor, after the recast, the professional experience)"),
            (G.europese_blauwe_kaart_contractduur, BLAUWE_KAART, "europese_blauwe_kaart_contractduur_voldoende", _persoon_niet,
             "EU Blue Card: the employment contract is too short"),
            (G.europese_blauwe_kaart_looncriterium, BLAUWE_KAART, "europese_blauwe_kaart_loon_voldoende", _persoon_niet,
             "EU Blue Card: the gross monthly wage is below the salary criterion"),
            (G.puntentoets_stap_1, PUNTENTOETS, "puntentoets_stap_1_gehaald", _persoon_niet,
             "points test step 1: no concrete job offer, or the job's points are not above the step-1 threshold"),
        )
    ),
    Eis(
        G.puntentoets_totaal, PUNTENTOETS, "puntentoets_punten_totaal",
        "points test: the total of steps 1 and 2 is below the admission threshold",
        _totaal_onder_drempel,
    ),
)

ROUTE_VARIABELEN = {
    TWV: "route_twv_gvva_open",
    KENNISMIGRANT: "route_kennismigrant_open",
    BLAUWE_KAART: "route_europese_blauwe_kaart_open",
    PUNTENTOETS: "puntentoets_gehaald",
}
"""Per route, the variable that says whether it is open; a route counts in a month where this
variable has a formula (the kennismigrant route from October 2004, the Blue Card from June 2011)."""

FAMILIES = {"huidig_recht": (TWV, KENNISMIGRANT, BLAUWE_KAART), PUNTENTOETS: (PUNTENTOETS,)}


def _familie_per_grond() -> np.ndarray:
    """For each Weigeringsgrond index, the index in FAMILIES of the routes that explain it (-1: none)."""
    namen = list(FAMILIES)
    familie = np.full(len(G), -1, dtype=np.int8)
    for eis in EISEN:
        familie[eis.grond.index] = next(i for i, naam in enumerate(namen) if eis.route in FAMILIES[naam])
    return familie


FAMILIE_PER_GROND = _familie_per_grond()


def bit(grond: G | str) -> int:
    """The bit of a Weigeringsgrond member (or member name) in ``afwijzingsgronden``."""
    lid = G[grond] if isinstance(grond, str) else grond
    return 1 << lid.index


def route_bestaat(persoon, period, route: str) -> bool:
    """Does ``route`` exist in ``period`` in the simulation's regime?"""
    variabele = persoon.simulation.tax_benefit_system.variables.get(ROUTE_VARIABELEN[route])
    return variabele is not None and variabele.get_formula(period) is not None


def eisen_van_routes(persoon, period, routes) -> list[Eis]:
    """The requirements of ``routes`` that exist in ``period``."""
    bestaand = {route for route in routes if route_bestaat(persoon, period, route)}
    return [eis for eis in EISEN if eis.route in bestaand]


def masker(persoon, period, grond: np.ndarray, geweigerd: np.ndarray) -> np.ndarray:
    """The bitmask of failed requirements (int32): see the module docstring."""
    grond = np.asarray(grond).astype(np.int32)
    bits = np.where(geweigerd, np.left_shift(np.int32(1), grond), 0).astype(np.int32)
    familie = FAMILIE_PER_GROND[grond]
    for index, routes in enumerate(FAMILIES.values()):
        rijen = geweigerd & (familie == index)
        if not rijen.any():
            continue
        for eis in eisen_van_routes(persoon, period, routes):
            faalt = np.asarray(eis.niet_voldaan(persoon, period), dtype=bool) & rijen
            bits |= np.where(faalt, np.int32(bit(eis.grond)), np.int32(0))
    return bits


def decodeer(maskers) -> list[list[str]]:
    """Member names of the set bits of each mask, in Enum order (for tables and tests)."""
    maskers = np.asarray(maskers, dtype=np.int64)
    leden = [lid for lid in G if lid is not G.geen]
    gezet = {lid.name: (maskers & bit(lid)) != 0 for lid in leden}
    return [[lid.name for lid in leden if gezet[lid.name][i]] for i in range(len(maskers))]


def aantal(maskers) -> np.ndarray:
    """Number of set bits of each mask (vectorised popcount)."""
    maskers = np.asarray(maskers, dtype=np.int64)
    return sum(((maskers >> i) & 1) for i in range(MAX_BITS)).astype(np.int32)

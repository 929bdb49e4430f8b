"""The condition that decides why two regimes treat an applicant differently (vectorised).

Each regime's decision is given as a :class:`Besluit`: arrays of ``toegelaten`` (bool),
``toelatingsroute`` and ``weigeringsgrond`` (Enum indices) and optionally ``afwijzingsgronden``
(bitmask of failed requirements). :func:`beslissende_voorwaarde` compares regime A (usually current
law) with regime B:

* ``toegelaten_naar_geweigerd``: the deciding condition is the first requirement of A's route
  that B's applicant fails (e.g. admitted now as kennismigrant, refused under the tightened
  criterion on ``kennismigrant_looncriterium``); where B does not test A's route at all (the
  points test replaces it), B's deciding ground (e.g. ``puntentoets_stap_1``);
* ``geweigerd_naar_toegelaten``: the first requirement of B's route that A's applicant failed;
  where A has no such route (B's route is new: the points test), A's deciding ground, which no
  longer binds under B;
* ``andere_weigeringsgrond``: refused under both, on different grounds: B's deciding ground;
* ``andere_route``: admitted under both on different routes: no deciding ground (``geen``).

"First" is Enum order of Weigeringsgrond, which follows the statute (Wav art. 8 lid 1 a..h first).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from openfisca_arbeidsmigratie.citaties import WEIGERINGSGROND_CITATIES
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.explain.eisen import EISEN, MAX_BITS, bit

VERSCHILLEN = (
    "geen",
    "toegelaten_naar_geweigerd",
    "geweigerd_naar_toegelaten",
    "andere_route",
    "andere_weigeringsgrond",
)
GEEN, NAAR_GEWEIGERD, NAAR_TOEGELATEN, ANDERE_ROUTE, ANDERE_GROND = range(len(VERSCHILLEN))


@dataclasses.dataclass
class Besluit:
    """One regime's decision for a set of applicants (arrays of equal length)."""

    toegelaten: np.ndarray
    toelatingsroute: np.ndarray
    weigeringsgrond: np.ndarray
    afwijzingsgronden: np.ndarray | None = None

    def __post_init__(self):
        self.toegelaten = np.asarray(self.toegelaten, dtype=bool)
        self.toelatingsroute = np.asarray(self.toelatingsroute).astype(np.int64)
        self.weigeringsgrond = np.asarray(self.weigeringsgrond).astype(np.int64)
        if self.afwijzingsgronden is None:
            self.afwijzingsgronden = np.where(self.toegelaten, 0, np.left_shift(1, self.weigeringsgrond))
        self.afwijzingsgronden = np.asarray(self.afwijzingsgronden).astype(np.int64)


def _route_bits() -> np.ndarray:
    """For each Toelatingsroute index, the mask of the requirements of that route."""
    bits = np.zeros(len(Toelatingsroute), dtype=np.int64)
    for eis in EISEN:
        bits[Toelatingsroute[eis.route].index] |= bit(eis.grond)
    return bits


ROUTE_BITS = _route_bits()


def laagste_grond(masker: np.ndarray) -> np.ndarray:
    """Index of the lowest set bit of each mask (the first ground in Enum order); 0 (geen) if none."""
    masker = np.asarray(masker, dtype=np.int64)
    grond = np.zeros(masker.shape, dtype=np.int64)
    open_ = masker != 0
    for i in range(1, MAX_BITS):
        raak = open_ & ((masker >> i) & 1).astype(bool)
        grond[raak] = i
        open_ &= ~raak
    return grond


def beslissende_voorwaarde(a: Besluit, b: Besluit) -> dict[str, np.ndarray]:
    """Kind of difference (index in VERSCHILLEN) and the deciding ground (Weigeringsgrond index)."""
    soort = np.select(
        [
            a.toegelaten & ~b.toegelaten,
            ~a.toegelaten & b.toegelaten,
            a.toegelaten & b.toegelaten & (a.toelatingsroute != b.toelatingsroute),
            ~a.toegelaten & ~b.toegelaten & (a.weigeringsgrond != b.weigeringsgrond),
        ],
        [NAAR_GEWEIGERD, NAAR_TOEGELATEN, ANDERE_ROUTE, ANDERE_GROND],
        GEEN,
    )
    route_a_faalt_onder_b = laagste_grond(b.afwijzingsgronden & ROUTE_BITS[a.toelatingsroute])
    route_b_faalde_onder_a = laagste_grond(a.afwijzingsgronden & ROUTE_BITS[b.toelatingsroute])
    grond = np.select(
        [soort == NAAR_GEWEIGERD, soort == NAAR_TOEGELATEN, soort == ANDERE_GROND],
        [
            np.where(route_a_faalt_onder_b != 0, route_a_faalt_onder_b, b.weigeringsgrond),
            np.where(route_b_faalde_onder_a != 0, route_b_faalde_onder_a, a.weigeringsgrond),
            b.weigeringsgrond,
        ],
        Weigeringsgrond.geen.index,
    )
    return {
        "verschil": soort,
        "beslissende_grond": grond,
        "alleen_niet_voldaan_onder_b": b.afwijzingsgronden & ~a.afwijzingsgronden,
        "alleen_niet_voldaan_onder_a": a.afwijzingsgronden & ~b.afwijzingsgronden,
    }


def citeer(grond: str) -> str:
    """'Wet arbeid vreemdelingen, art. 8 lid 1 onder a (https://...)', or the member's label."""
    citatie = WEIGERINGSGROND_CITATIES.get(grond)
    if citatie is None:
        return Weigeringsgrond[grond].value
    plaats = ", ".join(
        deel
        for deel in (
            citatie["wet"],
            f"art. {citatie['artikel']}" if citatie["artikel"] else "",
            f"lid {citatie['lid']}" if citatie["lid"] else "",
            f"onder {citatie['onderdeel']}" if citatie["onderdeel"] and citatie["artikel"] else citatie["onderdeel"],
        )
        if deel
    )
    return f"{plaats} ({citatie['url']})"


def zin(soort: int, grond: int, route_a: int, route_b: int, *, a: str, b: str) -> str:
    """One English sentence explaining a difference between regimes ``a`` and ``b``."""
    ra, rb = list(Toelatingsroute)[route_a].name, list(Toelatingsroute)[route_b].name
    naam = list(Weigeringsgrond)[grond].name
    if soort == NAAR_GEWEIGERD:
        return f"Admitted under {a} (route {ra}) but refused under {b}: {Weigeringsgrond[naam].value} [{citeer(naam)}]."
    if soort == NAAR_TOEGELATEN:
        return (
            f"Refused under {a} on {Weigeringsgrond[naam].value} [{citeer(naam)}]; "
            f"under {b} this no longer blocks admission (route {rb})."
        )
    if soort == ANDERE_GROND:
        return f"Refused under both; under {b} the deciding ground is {Weigeringsgrond[naam].value} [{citeer(naam)}]."
    if soort == ANDERE_ROUTE:
        return f"Admitted under both: route {ra} under {a}, route {rb} under {b}."
    return "Same decision under both regimes."


def zinnen(uitkomst: dict[str, np.ndarray], a: Besluit, b: Besluit, naam_a: str, naam_b: str) -> np.ndarray:
    """The sentence of :func:`zin` for every applicant, built once per distinct combination."""
    sleutels = np.stack([uitkomst["verschil"], uitkomst["beslissende_grond"], a.toelatingsroute, b.toelatingsroute])
    uniek, terug = np.unique(sleutels, axis=1, return_inverse=True)
    teksten = np.array([zin(*map(int, kolom), a=naam_a, b=naam_b) for kolom in uniek.T], dtype=object)
    return teksten[np.asarray(terug).reshape(-1)]

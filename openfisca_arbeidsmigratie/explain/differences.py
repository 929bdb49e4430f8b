"""The condition that decides why two regimes treat an applicant differently (vectorised).

Each regime's decision is given as a :class:`Decision`: arrays of ``toegelaten`` (bool),
``toelatingsroute`` and ``weigeringsgrond`` (Enum indices) and optionally ``failed`` (the failed
matrix of :mod:`openfisca_arbeidsmigratie.explain.requirements`). :func:`deciding_condition`
compares regime A (usually current law) with regime B:

* ``toegelaten_naar_geweigerd``: the deciding condition is the first requirement of A's route
  that B's applicant fails (e.g. admitted now as kennismigrant, refused under the tightened
  criterion on ``kennismigrant_looncriterium``); where B does not test A's route at all (the
  points test replaces it), B's deciding ground (e.g. ``puntentoets_stap_1``);
* ``geweigerd_naar_toegelaten``: the first requirement of B's route that A's applicant failed;
  where A has no such route (B's route is new: the points test), A's deciding ground, which no
  longer binds under B;
* ``andere_weigeringsgrond``: refused under both, on different grounds: B's deciding ground;
* ``andere_route``: admitted under both on different routes: no deciding ground (``geen``).

"First" is the deciding order of the registry of requirements (openfisca_arbeidsmigratie.eisen),
which follows the statute (Wav art. 8 lid 1 a..h, art. 9 lid 1 a..j, ...).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pyarrow as pa

from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.explain.requirements import (
    ROUTE_COLUMNS,
    FailedRows,
    cite,
    deciding_only,
    first_failed,
)

DIFFERENCES = (
    "geen",
    "toegelaten_naar_geweigerd",
    "geweigerd_naar_toegelaten",
    "andere_route",
    "andere_weigeringsgrond",
)
SAME, TO_REFUSED, TO_ADMITTED, OTHER_ROUTE, OTHER_GROUND = range(len(DIFFERENCES))


@dataclasses.dataclass
class Decision:
    """One regime's decision for a set of applicants (arrays of equal length)."""

    toegelaten: np.ndarray
    toelatingsroute: np.ndarray
    weigeringsgrond: np.ndarray
    # bool (persons x requirements), deciding order; or its FailedRows (only the rows that fail)
    failed: np.ndarray | FailedRows | None = None

    def __post_init__(self):
        self.toegelaten = np.asarray(self.toegelaten, dtype=bool)
        self.toelatingsroute = np.asarray(self.toelatingsroute).astype(np.int64)
        self.weigeringsgrond = np.asarray(self.weigeringsgrond).astype(np.int64)
        if self.failed is None:
            self.failed = deciding_only(~self.toegelaten, self.weigeringsgrond)
        if not isinstance(self.failed, FailedRows):
            self.failed = np.asarray(self.failed, dtype=bool)

    def failed_of(self, rows: np.ndarray) -> np.ndarray:
        """The failed matrix of ``rows`` (indices)."""
        if isinstance(self.failed, FailedRows):
            return self.failed.matrix(rows)
        return self.failed[rows]


def deciding_condition(a: Decision, b: Decision) -> dict[str, np.ndarray]:
    """Kind of difference (index in DIFFERENCES) and the deciding ground (Weigeringsgrond index).

    Only the applicants whose decision differs in any way (usually a small share) are looked at
    beyond one comparison of each array; the first failed requirement of a route is looked up
    only for those whose admission changes.
    """
    ta, tb = a.toegelaten, b.toegelaten
    ra, rb = a.toelatingsroute, b.toelatingsroute
    ga, gb = a.weigeringsgrond, b.weigeringsgrond
    rows = np.flatnonzero((ta != tb) | (ra != rb) | (ga != gb))  # elsewhere: the same decision
    ta_, tb_ = ta[rows], tb[rows]
    kind_ = np.full(len(rows), SAME, dtype=np.int64)
    kind_[~(ta_ | tb_) & (ga[rows] != gb[rows])] = OTHER_GROUND
    kind_[ta_ & tb_ & (ra[rows] != rb[rows])] = OTHER_ROUTE
    kind_[ta_ & ~tb_] = TO_REFUSED
    kind_[tb_ & ~ta_] = TO_ADMITTED
    ground_ = np.full(len(rows), Weigeringsgrond.geen.index, dtype=np.int64)
    other = kind_ == OTHER_GROUND
    ground_[other] = gb[rows[other]]
    # Refused under B: the first requirement of A's route that B's applicant fails, else B's ground.
    at = np.flatnonzero(kind_ == TO_REFUSED)
    changed = rows[at]
    first = first_failed(b.failed_of(changed) & ROUTE_COLUMNS[ra[changed]])
    ground_[at] = np.where(first != 0, first, gb[changed])
    # Admitted under B: the first requirement of B's route that A's applicant failed, else A's ground.
    at = np.flatnonzero(kind_ == TO_ADMITTED)
    changed = rows[at]
    first = first_failed(a.failed_of(changed) & ROUTE_COLUMNS[rb[changed]])
    ground_[at] = np.where(first != 0, first, ga[changed])
    kind = np.full(len(ta), SAME, dtype=np.int64)
    kind[rows] = kind_
    ground = np.full(len(ta), Weigeringsgrond.geen.index, dtype=np.int64)
    ground[rows] = ground_
    return {"verschil": kind, "beslissende_grond": ground}


def sentence(kind: int, ground: int, route_a: int, route_b: int, *, a: str, b: str) -> str:
    """One English sentence explaining a difference between regimes ``a`` and ``b``."""
    ra, rb = list(Toelatingsroute)[route_a].name, list(Toelatingsroute)[route_b].name
    name = list(Weigeringsgrond)[ground].name
    label = Weigeringsgrond[name].value
    if kind == TO_REFUSED:
        return f"Admitted under {a} (route {ra}) but refused under {b}: {label} [{cite(name)}]."
    if kind == TO_ADMITTED:
        return f"Refused under {a} on {label} [{cite(name)}]; under {b} this no longer blocks admission (route {rb})."
    if kind == OTHER_GROUND:
        return f"Refused under both; under {b} the deciding ground is {label} [{cite(name)}]."
    if kind == OTHER_ROUTE:
        return f"Admitted under both: route {ra} under {a}, route {rb} under {b}."
    return "Same decision under both regimes."


def sentences(outcome: dict[str, np.ndarray], a: Decision, b: Decision, name_a: str, name_b: str) -> pa.DictionaryArray:
    """The sentence of :func:`sentence` for every applicant, built once per distinct combination.

    The four keys (kind, ground, route under A, route under B) are packed into one integer, so
    that the distinct combinations are found by a lookup table over the (small) range of keys, in
    one pass over the N keys; the result is a dictionary-encoded Arrow column (each distinct
    sentence stored once, in the order of the packed keys).
    """
    grounds, routes = len(Weigeringsgrond), len(Toelatingsroute)
    key = ((outcome["verschil"].astype(np.int64) * grounds + outcome["beslissende_grond"]) * routes + a.toelatingsroute) * routes + b.toelatingsroute
    unique, inverse = _unique_small(key, len(DIFFERENCES) * grounds * routes * routes)
    texts = []
    for key_value in unique.tolist():
        rest, route_b = divmod(key_value, routes)
        rest, route_a = divmod(rest, routes)
        kind, ground = divmod(rest, grounds)
        texts.append(sentence(kind, ground, route_a, route_b, a=name_a, b=name_b))
    return pa.DictionaryArray.from_arrays(pa.array(inverse), pa.array(texts, type=pa.string()))


def _unique_small(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)`` (inverse as int32) for keys in ``range(size)``, by
    a lookup table of ``size`` entries instead of sorting the N keys."""
    present = np.zeros(size, dtype=bool)
    present[key] = True
    unique = np.flatnonzero(present)
    position = np.zeros(size, dtype=np.int32)
    position[unique] = np.arange(len(unique), dtype=np.int32)
    return unique, position[key]

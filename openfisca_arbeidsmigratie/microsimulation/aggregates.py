"""Weighted aggregates and the transition matrix, summable across chunks.

Every tally is a ``numpy.bincount`` with weights over category codes, so adding a chunk costs a
few vector operations and results of chunks are simply summed. Only applicants (household role
``aanvrager``) are counted; partners and children are simulated as household context only.
"""

from __future__ import annotations

import dataclasses

import numpy as np

AGE_EDGES = (18, 25, 30, 40, 50, 65)
WAGE_EDGES = (0.01, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 7000, 8000)
TOP_NATIONALITIES = 10
VALIDITY_EDGES = (1, 12, 13, 24, 25, 36, 37, 60, 61)
VALIDITY_LABELS = (
    "no permit",
    "1-11",
    "12",
    "13-23",
    "24",
    "25-35",
    "36",
    "37-59",
    "60",
    "more than 60",
)
"""Permit validity in months, banded at the durations the law and the proposals give (12, 24, 36,
60): "no permit" is an applicant who needs none (free movement, exempt) or is refused."""
PERMANENT_RESIDENCE_LABELS = ("no prospect", "within 5 years", "after 5 years", "after more than 5 years")
"""Years from the simulated month to the earliest month of permanent residence, banded."""


def band_labels(edges, unit: str = "") -> list[str]:
    """Labels of the bands ``< e0``, ``[e0, e1)``, ..., ``>= e_last``."""
    fmt = "{:g}".format
    labels = [f"< {fmt(edges[0])}{unit}"]
    labels += [f"{fmt(lo)}-{fmt(hi)}{unit}" for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
    return [*labels, f">= {fmt(edges[-1])}{unit}"]


def wage_band_labels(edges=WAGE_EDGES) -> list[str]:
    labels = band_labels(edges)
    labels[0] = "0 (geen loon)"
    labels[1] = f"0-{edges[1]:g}"
    return labels


@dataclasses.dataclass
class Dimension:
    """A breakdown: category labels, and each applicant's category code (set per chunk)."""

    name: str
    categories: list[str]


@dataclasses.dataclass
class Tally:
    """Running weighted sums for all regimes."""

    regimes: list[str]
    routes: list[str]
    dimensions: dict[str, Dimension]
    applicants: float = 0.0
    rows: int = 0
    by_dimension: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    admitted_by_dimension: dict[str, dict[str, np.ndarray]] = dataclasses.field(
        default_factory=dict
    )
    routes_weighted: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    routes_rows: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    transitions: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    transition_rows: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    grounds: list[str] = dataclasses.field(default_factory=list)
    flow_grounds: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    outcomes: dict[str, dict[str, np.ndarray]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        k = len(self.routes)
        for name, dim in self.dimensions.items():
            self.by_dimension[name] = np.zeros(len(dim.categories))
            self.admitted_by_dimension[name] = {
                r: np.zeros(len(dim.categories)) for r in self.regimes
            }
        for regime in self.regimes:
            self.routes_weighted[regime] = np.zeros(k)
            self.routes_rows[regime] = np.zeros(k, np.int64)
        for regime in self.regimes[1:]:
            self.transitions[regime] = np.zeros((k, k))
            self.transition_rows[regime] = np.zeros((k, k), np.int64)
            if self.grounds:
                self.flow_grounds[regime] = np.zeros((k, k, len(self.grounds)))
        for name, labels in OUTCOME_CATEGORIES.items():
            self.outcomes[name] = {regime: np.zeros(len(labels)) for regime in self.regimes}

    def add(
        self,
        weights: np.ndarray,
        codes: dict[str, np.ndarray],
        admitted: dict[str, np.ndarray],
        route: dict[str, np.ndarray],
    ) -> None:
        """Add one chunk: weights and dimension codes per applicant; per regime admitted (bool) and route code."""
        weights = np.asarray(weights, dtype=np.float64)
        self.add_applicants(weights, codes)
        for regime in self.regimes:
            self.add_regime(
                weights, codes, regime, admitted=admitted[regime], route=route[regime], base_route=route[self.regimes[0]]
            )

    def add_applicants(self, weights: np.ndarray, codes: dict[str, np.ndarray]) -> None:
        """The part of :meth:`add` that no regime changes: the applicants, by dimension."""
        weights = np.asarray(weights, dtype=np.float64)
        self.applicants += float(weights.sum())
        self.rows += len(weights)
        for name, dim in self.dimensions.items():
            self.by_dimension[name] += np.bincount(codes[name], weights=weights, minlength=len(dim.categories))

    def add_regime(
        self,
        weights: np.ndarray,
        codes: dict[str, np.ndarray],
        regime: str,
        *,
        admitted: np.ndarray,
        route: np.ndarray,
        base_route: np.ndarray,
    ) -> None:
        """The part of :meth:`add` of one regime (``base_route``: current law's routes), so that
        each regime is added as soon as it is computed; the same sums as :meth:`add`."""
        weights = np.asarray(weights, dtype=np.float64)
        k = len(self.routes)
        admitted_weights = weights * admitted
        for name, dim in self.dimensions.items():
            self.admitted_by_dimension[name][regime] += np.bincount(
                codes[name], weights=admitted_weights, minlength=len(dim.categories)
            )
        self.routes_weighted[regime] += np.bincount(route, weights=weights, minlength=k)
        if regime == self.regimes[0]:
            self.routes_rows[regime] += np.bincount(route, minlength=k)
            return
        pair = base_route.astype(np.int64) * k + route
        self.transitions[regime] += np.bincount(pair, weights=weights, minlength=k * k).reshape(k, k)
        rows = np.bincount(pair, minlength=k * k).reshape(k, k)
        self.transition_rows[regime] += rows
        self.routes_rows[regime] += rows.sum(axis=0)  # counts: the same in any order

    def add_flow_grounds(
        self, weights: np.ndarray, route: dict[str, np.ndarray], ground: dict[str, np.ndarray]
    ) -> None:
        """Add one chunk's deciding grounds of the flows between current law and each reform.

        A flow into refusal counts the reform's deciding ground; a flow out of refusal counts the
        ground current law refused on; a change between two admission routes counts no ground.
        """
        if not self.grounds or self.regimes[0] not in ground:
            return
        k, g = len(self.routes), len(self.grounds)
        refused = self.refused_code
        base_route, base_ground = route[self.regimes[0]], ground[self.regimes[0]].astype(np.int64)
        weights = np.asarray(weights, dtype=np.float64)
        for regime in self.regimes[1:]:
            if regime not in ground:
                continue
            to = route[regime]
            # only the rows that move into or out of refusal (few): the same sums, in row order
            rows = np.flatnonzero((base_route != to) & ((to == refused) | (base_route == refused)))
            into = to[rows]
            decisive = np.where(into == refused, ground[regime][rows].astype(np.int64), base_ground[rows])
            cell = (base_route[rows].astype(np.int64) * k + into) * g + decisive
            self.flow_grounds[regime] += np.bincount(
                cell, weights=weights[rows], minlength=k * k * g
            ).reshape(k, k, g)

    def add_outcomes(
        self,
        weights: np.ndarray,
        regime: str,
        values: dict[str, np.ndarray],
        admitted: np.ndarray,
        month: np.datetime64,
    ) -> None:
        """Add one chunk's permit outcomes of ``regime`` (see :data:`OUTCOME_CATEGORIES`)."""
        weights = np.asarray(weights, dtype=np.float64)
        for name, codes in _outcome_codes(values, admitted, month):  # one array at a time
            size = len(OUTCOME_CATEGORIES[name])
            # codes >= size are not counted: their bins are cut off (the others' sums are those
            # of the counted rows alone, added in the same order)
            self.outcomes[name][regime] += np.bincount(codes, weights=weights, minlength=size)[:size]

    # ---- results as plain structures -------------------------------------------------------

    def route_table(self) -> list[dict]:
        """Weighted applicants per route and regime (the side-by-side table)."""
        return [
            {
                "route": route,
                **{regime: float(self.routes_weighted[regime][i]) for regime in self.regimes},
            }
            for i, route in enumerate(self.routes)
        ]

    def dimension_rows(self, nationality_groups=None) -> list[dict]:
        """Long rows: dimension, category, regime, weighted applicants, weighted admitted, share."""
        rows = []
        for name, dim in self.dimensions.items():
            categories, totals, admitted = (
                dim.categories,
                self.by_dimension[name],
                self.admitted_by_dimension[name],
            )
            if name == "nationaliteit" and nationality_groups is not None:
                categories, totals, admitted = nationality_groups(categories, totals, admitted)
            for i, category in enumerate(categories):
                if totals[i] == 0:
                    continue
                for regime in self.regimes:
                    total = float(totals[i])
                    got = float(admitted[regime][i])
                    rows.append(
                        {
                            "dimension": name,
                            "category": category,
                            "regime": regime,
                            "applicants": total,
                            "admitted": got,
                            "admitted_share": got / total if total else None,
                        }
                    )
        for regime in self.regimes:
            for i, route in enumerate(self.routes):
                rows.append(
                    {
                        "dimension": "toelatingsroute",
                        "category": route,
                        "regime": regime,
                        "applicants": float(self.routes_weighted[regime][i]),
                        "admitted": float(self.routes_weighted[regime][i])
                        if i != self.refused_code
                        else 0.0,
                        "admitted_share": None,
                    }
                )
        return rows

    @property
    def refused_code(self) -> int:
        return self.routes.index("geweigerd") if "geweigerd" in self.routes else -1

    def transition_summary(self) -> list[dict]:
        """Per reform versus current law: admitted->refused, refused->admitted, route changed, unchanged."""
        out = []
        refused = self.refused_code
        for regime, matrix in self.transitions.items():
            rows = self.transition_rows[regime]
            out.append(
                {
                    "regime": regime,
                    **_summarise(matrix, refused),
                    **{f"{k}_rows": v for k, v in _summarise(rows, refused).items()},
                }
            )
        return out

    def route_changes(self) -> list[dict]:
        """Per reform and route (and in total admitted): the weighted change from current law and
        the change in percent of current law's figure (None where current law has none)."""
        base = self.regimes[0]
        refused = self.refused_code
        out = []
        for regime in self.regimes[1:]:
            rows = [
                (route, self.routes_weighted[base][i], self.routes_weighted[regime][i])
                for i, route in enumerate(self.routes)
            ]
            admitted = [(b, r) for i, (_, b, r) in enumerate(rows) if i != refused]
            rows.append(
                (ADMITTED_TOTAL, sum(b for b, _ in admitted), sum(r for _, r in admitted))
            )
            out += [_change(regime, b, r, route=route) for route, b, r in rows]
        return out

    def outcome_rows(self) -> list[dict]:
        """Long rows: outcome, category, regime, weighted applicants, change from current law."""
        base = self.regimes[0]
        rows = []
        for name, labels in OUTCOME_CATEGORIES.items():
            per_regime = self.outcomes[name]
            if not any(v.any() for v in per_regime.values()):
                continue
            for i, label in enumerate(labels):
                b = float(per_regime[base][i])
                for regime in self.regimes:
                    value = float(per_regime[regime][i])
                    rows.append(_change(regime, b, value, outcome=name, category=label))
        return rows

    def largest_flows(self, top: int = 5) -> list[dict]:
        """Per reform the ``top`` largest flows between routes (current law -> reform), each with
        its main deciding ground and that ground's share of the flow."""
        out = []
        for regime, matrix in self.transitions.items():
            cells = [
                (float(matrix[i, j]), i, j)
                for i in range(len(self.routes))
                for j in range(len(self.routes))
                if i != j and matrix[i, j] > 0
            ]
            for weight, i, j in sorted(cells, reverse=True)[:top]:
                row = {
                    "regime": regime,
                    "from_route": self.routes[i],
                    "to_route": self.routes[j],
                    "applicants": weight,
                    "main_ground": None,
                    "main_ground_share": None,
                }
                by_ground = self.flow_grounds.get(regime)
                if by_ground is not None and by_ground[i, j].sum() > 0:
                    g = int(np.argmax(by_ground[i, j]))
                    row["main_ground"] = self.grounds[g]
                    row["main_ground_share"] = float(by_ground[i, j, g] / by_ground[i, j].sum())
                out.append(row)
        return out

    def transition_matrix_rows(self) -> list[dict]:
        """Long rows of every non-empty cell: regime, route under current law, route under the regime."""
        rows = []
        for regime, matrix in self.transitions.items():
            for i, j in zip(*np.nonzero(self.transition_rows[regime]), strict=True):
                rows.append(
                    {
                        "regime": regime,
                        "from_route": self.routes[i],
                        "to_route": self.routes[j],
                        "applicants": float(matrix[i, j]),
                        "rows": int(self.transition_rows[regime][i, j]),
                    }
                )
        return rows


ADMITTED_TOTAL = "admitted (total)"

OUTCOME_CATEGORIES: dict[str, tuple[str, ...]] = {
    "geldigheidsduur_maanden": VALIDITY_LABELS,
    "gezinshereniging_toegestaan": ("yes", "no"),
    "verblijfsdoel_niet_tijdelijk": ("yes", "no"),
    "verblijf_onbepaalde_tijd": PERMANENT_RESIDENCE_LABELS,
}
"""The permit outcomes tallied per regime, and their categories. Only admitted applicants are
counted under the rights (family reunification, non-temporary purpose); validity and the prospect of
permanent residence count every applicant."""

OUTCOME_VARIABLES = {
    "geldigheidsduur_maanden": "verblijfsvergunning_geldigheidsduur_maanden",
    "gezinshereniging_toegestaan": "gezinshereniging_toegestaan",
    "verblijfsdoel_niet_tijdelijk": "verblijfsdoel_niet_tijdelijk",
    "verblijf_onbepaalde_tijd": "vroegste_maand_verblijf_onbepaalde_tijd",
}
"""The law's variable behind each outcome (the engine asks for it by name)."""


def outcome_codes(
    values: dict[str, np.ndarray], admitted: np.ndarray, month: np.datetime64
) -> dict[str, np.ndarray]:
    """Category codes of the outcomes present in ``values`` (variable name -> array), given who is
    admitted and the simulated month (numpy datetime64[M])."""
    return dict(_outcome_codes(values, admitted, month))


def _outcome_codes(values: dict[str, np.ndarray], admitted: np.ndarray, month: np.datetime64):
    """(name, codes) of :func:`outcome_codes`, each made when asked."""
    admitted = np.asarray(admitted, dtype=bool)
    validity = values.get(OUTCOME_VARIABLES["geldigheidsduur_maanden"])
    if validity is not None:
        yield "geldigheidsduur_maanden", gathered(
            np.asarray(validity), lambda v: np.searchsorted(VALIDITY_EDGES, v, side="right")
        )
    for name in ("gezinshereniging_toegestaan", "verblijfsdoel_niet_tijdelijk"):
        value = values.get(OUTCOME_VARIABLES[name])
        if value is not None:
            # 0 "yes" for an admitted applicant with the right, 1 "no" otherwise; refused: 2, not
            # counted (2 - admitted - (admitted and the right), in three passes of integers).
            code = np.full(len(admitted), len(OUTCOME_CATEGORIES[name]), dtype=np.intp)
            code -= admitted
            code -= admitted & np.asarray(value, dtype=bool)
            yield name, code
    earliest = values.get(OUTCOME_VARIABLES["verblijf_onbepaalde_tijd"])
    if earliest is not None:

        def band_of(dates: np.ndarray) -> np.ndarray:
            dates = dates.astype("datetime64[M]")
            months = (dates - month).astype(np.int64)
            none = dates <= np.datetime64("1970-01", "M")
            return np.where(none, 0, np.select([months < 60, months == 60], [1, 2], 3))

        yield "verblijf_onbepaalde_tijd", gathered(np.asarray(earliest), band_of)


def gathered(values: np.ndarray, function) -> np.ndarray:
    """``function(values)`` for an elementwise ``function`` of integer or date values: computed
    once per value of their range and gathered by value (one pass over the rows instead of
    several; dates' calendar casts are slow). Directly when the range is wider than the rows."""
    if values.dtype.kind not in "iuM" or not len(values):
        return function(values)
    ints = values.view(np.int64) if values.dtype.kind == "M" else values
    low, high = int(ints.min()), int(ints.max())
    if low == np.iinfo(np.int64).min or high - low > max(len(ints), 1 << 16):  # NaT, or wide
        return function(values)
    domain = np.arange(low, high + 1, dtype=np.int64)
    domain = domain.view(values.dtype) if values.dtype.kind == "M" else domain.astype(values.dtype)
    return np.take(function(domain), ints if low == 0 else ints - low)


def _change(regime: str, base: float, value: float, **labels: str) -> dict:
    """A row: its labels, the regime's weighted figure, and its change from current law's."""
    return {
        "regime": regime,
        **labels,
        "applicants": float(value),
        "change": float(value - base),
        "change_percent": float(100 * (value - base) / base) if base else None,
    }


def _summarise(matrix: np.ndarray, refused: int) -> dict:
    diagonal = float(np.trace(matrix))
    total = float(matrix.sum())
    if refused < 0:
        return {"unchanged": diagonal, "route_changed": total - diagonal}
    admitted_to_refused = float(matrix[:, refused].sum() - matrix[refused, refused])
    refused_to_admitted = float(matrix[refused, :].sum() - matrix[refused, refused])
    return {
        "admitted_to_refused": admitted_to_refused,
        "refused_to_admitted": refused_to_admitted,
        "route_changed": total - diagonal - admitted_to_refused - refused_to_admitted,
        "unchanged": diagonal,
    }


def group_nationalities(free_movement: frozenset[str], top: int = TOP_NATIONALITIES):
    """Reducer of per-code nationality tallies to: NL, EU/EER/CH, the top third countries, other, unknown."""

    def reduce(codes: list[str], totals: np.ndarray, admitted: dict[str, np.ndarray]):
        third = [i for i, c in enumerate(codes) if c and c != "NL" and c not in free_movement]
        ranked = sorted((i for i in third if totals[i] > 0), key=lambda i: (-totals[i], codes[i]))[
            :top
        ]
        groups = {
            "NL (Nederlander)": [i for i, c in enumerate(codes) if c == "NL"],
            "EU/EER/Zwitserland": [
                i for i, c in enumerate(codes) if c in free_movement and c != "NL"
            ],
        }
        groups.update({codes[i]: [i] for i in ranked})
        groups["overige derde landen"] = [i for i in third if i not in set(ranked)]
        groups["onbekend"] = [i for i, c in enumerate(codes) if not c]
        names = list(groups)
        pick = [np.array(groups[n], dtype=np.int64) for n in names]
        out_totals = np.array([totals[p].sum() for p in pick])
        out_admitted = {r: np.array([a[p].sum() for p in pick]) for r, a in admitted.items()}
        return names, out_totals, out_admitted

    return reduce

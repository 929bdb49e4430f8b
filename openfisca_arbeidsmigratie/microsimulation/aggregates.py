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

    def add(
        self,
        weights: np.ndarray,
        codes: dict[str, np.ndarray],
        admitted: dict[str, np.ndarray],
        route: dict[str, np.ndarray],
    ) -> None:
        """Add one chunk: weights and dimension codes per applicant; per regime admitted (bool) and route code."""
        weights = weights.astype(np.float64)
        self.applicants += float(weights.sum())
        self.rows += len(weights)
        k = len(self.routes)
        for name, dim in self.dimensions.items():
            size = len(dim.categories)
            self.by_dimension[name] += np.bincount(codes[name], weights=weights, minlength=size)
            for regime in self.regimes:
                self.admitted_by_dimension[name][regime] += np.bincount(
                    codes[name], weights=weights * admitted[regime], minlength=size
                )
        for regime in self.regimes:
            self.routes_weighted[regime] += np.bincount(route[regime], weights=weights, minlength=k)
            self.routes_rows[regime] += np.bincount(route[regime], minlength=k)
        base = route[self.regimes[0]]
        for regime in self.regimes[1:]:
            pair = base.astype(np.int64) * k + route[regime]
            self.transitions[regime] += np.bincount(pair, weights=weights, minlength=k * k).reshape(
                k, k
            )
            self.transition_rows[regime] += np.bincount(pair, minlength=k * k).reshape(k, k)

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

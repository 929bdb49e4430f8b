"""Population level: weighted refusals by reason per regime, and the per-applicant explanation table.

Both work on the comparison engine's per-applicant table (``Comparison.table``: a column
``gewicht`` and per regime ``<regime>.toegelaten``, ``<regime>.toelatingsroute``,
``<regime>.weigeringsgrond`` and, when asked as an output, ``<regime>.niet_voldaan``, the list of
failed requirements).
Enum columns may be Arrow dictionary columns or plain strings of member names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.explain.differences import (
    DIFFERENCES,
    Decision,
    deciding_condition,
    sentences,
)
from openfisca_arbeidsmigratie.explain.requirements import (
    FAILED,
    NAMES,
    FailedRows,
    citation_fields,
    from_list_column,
)

BASELINE = "huidig_recht"
DECIDING = "deciding"
FAILED_REQUIREMENT = "failed_requirement"


def _table_of(comparison) -> pa.Table:
    table = getattr(comparison, "table", comparison)
    if table is None:
        msg = (
            "The comparison has no per-applicant table (it was written to a sink in chunks); "
            "call refusal_counts on each chunk's table and add them with combine_refusal_counts."
        )
        raise ValueError(msg)
    return table


def regimes_in(table: pa.Table) -> list[str]:
    """Regime labels of the table, in column order (from the ``<regime>.weigeringsgrond`` columns)."""
    suffix = ".weigeringsgrond"
    return [name[: -len(suffix)] for name in table.column_names if name.endswith(suffix)]


def enum_codes(column, enum) -> np.ndarray:
    """Member indices of an Enum column (dictionary, string or integer codes).

    A dictionary column is read through its dictionary (a few names per chunk) and its integer
    indices, without decoding a string per row.
    """
    if isinstance(column, pa.ChunkedArray):
        if column.num_chunks == 0:
            return np.zeros(0, dtype=np.int64)
        if pa.types.is_dictionary(column.type):
            return np.concatenate([enum_codes(chunk, enum) for chunk in column.chunks])
        column = column.combine_chunks()
    if pa.types.is_integer(column.type):
        return column.to_numpy(zero_copy_only=False).astype(np.int64)
    names = pa.array([member.name for member in enum])
    if pa.types.is_dictionary(column.type) and column.null_count == 0:
        lookup = pc.index_in(column.dictionary.cast(pa.string()), value_set=names)
        indices = column.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        if lookup.null_count == 0:
            return lookup.to_numpy(zero_copy_only=False).astype(np.int64)[indices]
    codes = pc.index_in(column.cast(pa.string()), value_set=names)
    if codes.null_count:
        unknown = sorted(set(pc.filter(column.cast(pa.string()), pc.is_null(codes)).to_pylist()) - {None})
        msg = f"Unknown {enum.__name__} value(s) {unknown}; allowed: {[m.name for m in enum]}."
        raise ValueError(msg)
    return codes.to_numpy(zero_copy_only=False).astype(np.int64)


def decision(table: pa.Table, regime: str) -> Decision:
    """The decision arrays of ``regime`` from the comparison table."""
    columns = set(table.column_names)
    grond = enum_codes(table[f"{regime}.weigeringsgrond"], Weigeringsgrond)
    route_naam = f"{regime}.toelatingsroute"
    toegelaten_naam = f"{regime}.toegelaten"
    toegelaten = (
        table[toegelaten_naam].to_numpy(zero_copy_only=False).astype(bool)
        if toegelaten_naam in columns
        else grond == Weigeringsgrond.geen.index
    )
    route = (
        enum_codes(table[route_naam], Toelatingsroute)
        if route_naam in columns
        else np.where(toegelaten, Toelatingsroute.twv_gvva.index, Toelatingsroute.geweigerd.index)
    )
    failed_name = f"{regime}.{FAILED}"
    failed = from_list_column(table[failed_name]) if failed_name in columns else None
    return Decision(toegelaten, route, grond, failed)


@dataclasses.dataclass
class Decided:
    """One regime's decision arrays as the comparison engine computed them (the values behind its
    table columns), so that the explanations need not read the table back: ``toegelaten`` (bool;
    None where it is not an output), ``toelatingsroute`` (Toelatingsroute indices; None where it
    is not an output), ``weigeringsgrond`` (Weigeringsgrond indices) and the failed requirements
    (None where they are not an output)."""

    toegelaten: np.ndarray | None
    toelatingsroute: np.ndarray | None
    weigeringsgrond: np.ndarray
    failed: FailedRows | None

    def decision(self) -> Decision:
        """What :func:`decision` reads from the table's columns of the regime."""
        grond = np.asarray(self.weigeringsgrond).astype(np.int64)
        toegelaten = grond == Weigeringsgrond.geen.index if self.toegelaten is None else self.toegelaten
        route = (
            np.where(toegelaten, Toelatingsroute.twv_gvva.index, Toelatingsroute.geweigerd.index)
            if self.toelatingsroute is None
            else self.toelatingsroute
        )
        return Decision(toegelaten, route, grond, self.failed)


def _decisions(comparison, table: pa.Table):
    """Per regime of ``table`` its decision: from the arrays the engine kept (``decisions``),
    else read from the table's columns."""
    kept = getattr(comparison, "decisions", None)
    regimes = regimes_in(table)
    if kept is not None and list(kept) == regimes:
        return {regime: kept[regime].decision for regime in regimes}
    return {regime: (lambda regime=regime: decision(table, regime)) for regime in regimes}


def _gewichten(table: pa.Table) -> np.ndarray:
    if "gewicht" in table.column_names:
        return table["gewicht"].to_numpy(zero_copy_only=False).astype(np.float64)
    return np.ones(table.num_rows)


def _rij(regime, kind, grond: Weigeringsgrond, *, gewogen, aantal, geweigerd_gewogen) -> dict:
    citatie = citation_fields(grond.name)
    return {
        "regime": regime,
        "kind": kind,
        "weigeringsgrond": grond.name,
        "description": grond.value,
        "weighted_count": float(gewogen),
        "count": int(aantal),
        "share_of_refused": float(gewogen / geweigerd_gewogen) if geweigerd_gewogen else 0.0,
        "law": citatie.get("law", ""),
        "article": citatie.get("article", ""),
        "lid": citatie.get("lid", ""),
        "onderdeel": citatie.get("onderdeel", ""),
        "url": citatie.get("url", ""),
    }


def refusal_counts(comparison) -> list[dict]:
    """Weighted refusals by reason under each regime.

    ``comparison`` is a :class:`~openfisca_arbeidsmigratie.microsimulation.engine.Comparison` (or
    its per-applicant ``pa.Table``). One row per regime and ground with a non-zero count:

    * ``kind = "deciding"``: the deciding ground (``weigeringsgrond``); these rows of a regime
      add up to its refused applicants (``share_of_refused`` sums to 1);
    * ``kind = "failed_requirement"`` (only when the table has ``<regime>.niet_voldaan``): every
      failed requirement; an applicant counts under each of them, so these rows add up to more.

    Keys: regime, kind, weigeringsgrond, description, weighted_count, count (unweighted),
    share_of_refused, law, article, lid, onderdeel, url. Rows are sorted per regime (table
    order), kind, and descending weighted count.
    """
    table = _table_of(comparison)
    gewicht = _gewichten(table)
    rijen = []
    for regime in regimes_in(table):
        b = decision(table, regime)
        failed = b.failed if f"{regime}.{FAILED}" in table.column_names else None
        rijen += refusal_rows(regime, b.toegelaten, b.weigeringsgrond, failed, gewicht)
    return rijen


def refusal_rows(
    regime: str,
    toegelaten: np.ndarray,
    weigeringsgrond: np.ndarray,
    failed: np.ndarray | None,
    gewicht: np.ndarray,
) -> list[dict]:
    """The rows of :func:`refusal_counts` of one regime, from its arrays: admitted (bool), the
    deciding ground (Weigeringsgrond indices), the failed matrix (None: no failed_requirement
    rows; or its FailedRows) and the weights (float64)."""
    geweigerd = ~np.asarray(toegelaten, dtype=bool)
    grond = np.asarray(weigeringsgrond)[geweigerd]
    gewicht_geweigerd = gewicht[geweigerd]
    totaal = gewicht_geweigerd.sum()
    per_grond = np.bincount(grond, weights=gewicht_geweigerd, minlength=len(Weigeringsgrond))
    aantal = np.bincount(grond, minlength=len(Weigeringsgrond))
    blok = [_rij(regime, DECIDING, g, gewogen=per_grond[g.index], aantal=aantal[g.index], geweigerd_gewogen=totaal) for g in Weigeringsgrond if aantal[g.index]]
    if failed is not None:
        # Per requirement, the refused rows that fail it (ascending, as a mask would give them):
        # one pass over the matrix of the refused rows that fail anything (FailedRows: the
        # other rows are never read) instead of a pass per requirement.
        failing = failed if isinstance(failed, FailedRows) else FailedRows(failed)
        refused = geweigerd[failing.rows]
        per_kolom = np.ascontiguousarray(failing.failed[refused].T)  # one row per requirement
        gewicht_rijen = gewicht[failing.rows[refused]]
        for column, name in enumerate(NAMES[: len(per_kolom)]):
            raak = np.flatnonzero(per_kolom[column])
            if len(raak):
                blok.append(_rij(regime, FAILED_REQUIREMENT, Weigeringsgrond[name], gewogen=gewicht_rijen[raak].sum(), aantal=len(raak), geweigerd_gewogen=totaal))
    return sorted(blok, key=lambda r: (r["kind"] != DECIDING, -r["weighted_count"]))


def combine_refusal_counts(parts: Iterable[list[dict]]) -> list[dict]:
    """Add the rows of :func:`refusal_counts` computed on separate chunks of one population, in
    the order refusal_counts gives the rows of the whole population."""
    sleutel_velden = ("regime", "kind", "weigeringsgrond")
    samen: dict[tuple, dict] = {}
    geweigerd: dict[str, float] = {}
    for rijen in parts:
        for rij in rijen:
            sleutel = tuple(rij[k] for k in sleutel_velden)
            if sleutel in samen:
                samen[sleutel]["weighted_count"] += rij["weighted_count"]
                samen[sleutel]["count"] += rij["count"]
            else:
                samen[sleutel] = dict(rij)
            if rij["kind"] == DECIDING:
                geweigerd[rij["regime"]] = geweigerd.get(rij["regime"], 0.0) + rij["weighted_count"]
    for rij in samen.values():
        totaal = geweigerd.get(rij["regime"], 0.0)
        rij["share_of_refused"] = rij["weighted_count"] / totaal if totaal else 0.0
    # The order of refusal_counts over the whole table: per regime, kind, descending weighted count,
    # ties in the order of the grounds (deciding) or of the requirements (failed).
    regimes = list(dict.fromkeys(rij["regime"] for rij in samen.values()))

    def order(rij: dict) -> tuple:
        deciding = rij["kind"] == DECIDING
        name = rij["weigeringsgrond"]
        rank = Weigeringsgrond[name].index if deciding else NAMES.index(name)
        return (regimes.index(rij["regime"]), not deciding, -rij["weighted_count"], rank)

    return sorted(samen.values(), key=order)


def explanation_table(comparison, reference: str = BASELINE, regimes: Sequence[str] | None = None) -> pa.Table:
    """Per applicant and per regime other than ``reference``: what differs and the deciding condition.

    Columns ``<regime>.difference`` (one of DIFFERENCES), ``<regime>.deciding_ground``
    (Weigeringsgrond name, ``geen`` where nothing decides) and ``<regime>.explanation`` (an English
    sentence with the citation), next to the id columns of the comparison table.
    """
    table = _table_of(comparison)
    alle = regimes_in(table)
    if reference not in alle:
        msg = f"Reference regime '{reference}' is not in the table; regimes: {alle}."
        raise ValueError(msg)
    kolommen = {name: table[name] for name in table.column_names if name.endswith("_id")}
    besluiten = _decisions(comparison, table)
    a = besluiten[reference]()
    for regime in regimes or [r for r in alle if r != reference]:
        b = besluiten[regime]() if regime in besluiten else decision(table, regime)
        uitkomst = deciding_condition(a, b)
        kolommen[f"{regime}.difference"] = pa.DictionaryArray.from_arrays(
            pa.array(uitkomst["verschil"].astype(np.int8)), pa.array(DIFFERENCES)
        )
        kolommen[f"{regime}.deciding_ground"] = pa.DictionaryArray.from_arrays(
            pa.array(uitkomst["beslissende_grond"].astype(np.int16)), pa.array([m.name for m in Weigeringsgrond])
        )
        kolommen[f"{regime}.explanation"] = sentences(uitkomst, a, b, reference, regime)
    return pa.table(kolommen)


def markdown(rijen: list[dict]) -> str:
    """The rows of :func:`refusal_counts` as a markdown table (for reports)."""
    kop = "| regime | kind | weigeringsgrond | weighted count | share | source |\n|---|---|---|---:|---:|---|\n"
    regels = [
        f"| {r['regime']} | {r['kind']} | {r['description']} | {r['weighted_count']:,.0f} | "
        f"{r['share_of_refused']:.1%} | {r['url'] or '-'} |"
        for r in rijen
    ]
    return kop + "\n".join(regels) + "\n"

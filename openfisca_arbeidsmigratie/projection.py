"""Projections: fill every not-yet-published indexed amount from the indexation rules, marked as such.

Current law stops where the publications stop: an indexed amount after its last publication is a
gap (``null``) and a simulation there fails with a clear message (openfisca_arbeidsmigratie.indexatie).
A *projection* is an explicit, marked alternative for analysts who need a coming period anyway:
:func:`projected_system` returns a copy of a tax-benefit system in which every indexed amount that
is not yet published, up to a date, is filled by its indexation rule, and lists what it filled
(:class:`ProjectedAmount`), so that every output, table header and receipt can say so
(:func:`describe`). It is never law and never applied silently.

Which amounts: :func:`indexed_parameters` (defined in :mod:`openfisca_arbeidsmigratie.indexatie`,
the law side, and the one list of them): every parameter of current law with
``metadata.indexatiecyclus_maanden`` (the kennismigrant and EU Blue Card criteria every 12 months,
the Wml amounts every 6). The rule:

* the salary criteria: last year's amounts times (1 + the CBS CAO-wage index change), rounded to
  whole euros, halves up (:func:`openfisca_arbeidsmigratie.indexatie.indexeer`, the official rounding);
* the Wml amounts: the last amount times (1 + the change), rounded to the cent.

The change is given by the caller (``changes``: by dotted path, by first segment such as
``kennismigranten``, or ``algemeen.wettelijk_minimumloon``), or else it is the last published change
of the family (the amounts with the same cycle, fixed together): a documented assumption, named in
every :class:`ProjectedAmount`.
"""

from __future__ import annotations

import datetime
import pathlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openfisca_core.reforms import Reform

from openfisca_arbeidsmigratie.indexatie import indexcijfer_bereik, indexed_parameters, indexeer
from openfisca_arbeidsmigratie.reforms import baseline_system
from openfisca_arbeidsmigratie.sources import dated_values

__all__ = ["ProjectedAmount", "describe", "indexed_parameters", "projected_system", "unpublished_starts"]

WHOLE_EUROS = ("kennismigranten.", "europese_blauwe_kaart.")


@dataclass(frozen=True)
class ProjectedAmount:
    """One amount filled by the projection."""

    parameter: str
    start: datetime.date
    value: float
    basis_start: datetime.date
    basis_value: float
    change_percent: float
    change_source: str  # "given" or "last published change"

    def text(self) -> str:
        return (
            f"{self.parameter} from {self.start}: {self.value:g} (projection: {self.basis_value:g} of "
            f"{self.basis_start} {self.change_percent:+.2f}%, {self.change_source})"
        )


def _add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.year * 12 + day.month - 1 + months
    return datetime.date(total // 12, total % 12 + 1, 1)


def _published(parameter) -> list[tuple[datetime.date, float]]:
    return [(start, value) for start, value in dated_values(parameter) if value is not None]


def unpublished_starts(parameter, cycle: int, until: datetime.date) -> list[datetime.date]:
    """The cycle dates after the last published amount, up to and including ``until``."""
    last = _published(parameter)[-1][0]
    starts = []
    nxt = _add_months(datetime.date(last.year, last.month, 1), cycle)
    while nxt <= until:
        starts.append(nxt)
        nxt = _add_months(nxt, cycle)
    return starts


def _node(system, path: str):
    node = system.parameters
    for part in path.split("."):
        node = getattr(node, part)
    return node


def _last_change(system, paths: list[str]) -> float:
    """The one change in % (two decimals) that turned the previous amounts of ``paths`` into their last ones.

    The indexed amounts of one family (the salary criteria; the Wml amounts) are fixed together
    with one index change; the range that reproduces every last fixing is found with
    :func:`openfisca_arbeidsmigratie.indexatie.indexcijfer_bereik` and its midpoint is taken.
    Members whose last fixing is on another date than the family's latest are left out.
    """
    last_fixings = {path: _published(_node(system, path))[-2:] for path in paths}
    latest = max(pair[-1][0] for pair in last_fixings.values())
    pairs = {path: pair for path, pair in last_fixings.items() if len(pair) == 2 and pair[-1][0] == latest}
    if not pairs:
        msg = f"no earlier amount to derive a change from for {', '.join(paths)}"
        raise ValueError(msg)
    old = {path: pair[0][1] for path, pair in pairs.items()}
    new = {path: pair[1][1] for path, pair in pairs.items()}
    if not all(path.startswith(WHOLE_EUROS) for path in pairs):
        # Amounts in cents (the Wml): the change of the amount the law fixes first, the hourly wage.
        path = next((p for p in pairs if p.endswith("uurbedrag")), next(iter(pairs)))
        return round(float((Decimal(str(new[path])) / Decimal(str(old[path])) - 1) * 100), 2)
    try:
        low, high = indexcijfer_bereik(old, new)
    except ValueError:
        path = next(iter(pairs))
        return round(float((Decimal(str(new[path])) / Decimal(str(old[path])) - 1) * 100), 2)
    return round((low + high) / 2, 2)


def _indexed(path: str, value: float, percent: float) -> float:
    if path.startswith(WHOLE_EUROS):
        return float(indexeer(value, percent))
    factor = 1 + Decimal(str(percent)) / 100
    return float((Decimal(str(value)) * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _change_for(path: str, changes: Mapping[str, float]) -> float | None:
    """The given change for ``path``: an exact path, or its first segment (``kennismigranten``)."""
    for key in (path, path.split(".", maxsplit=1)[0], "algemeen.wettelijk_minimumloon" if "wettelijk_minimumloon" in path else ""):
        if key and key in changes:
            return float(changes[key])
    return None


def plan(system, until: datetime.date | str, changes: Mapping[str, float] | None = None) -> list[ProjectedAmount]:
    """Every amount a projection up to ``until`` fills, in order (without changing ``system``)."""
    until = datetime.date.fromisoformat(str(until)[:10]) if not isinstance(until, datetime.date) else until
    changes = changes or {}
    indexed = indexed_parameters(system)
    families: dict[int, list[str]] = {}
    for path, cycle in indexed.items():
        families.setdefault(cycle, []).append(path)
    filled = []
    for path, cycle in indexed.items():
        parameter = _node(system, path)
        starts = unpublished_starts(parameter, cycle, until)
        if not starts:
            continue
        given = _change_for(path, changes)
        percent = given if given is not None else _last_change(system, families[cycle])
        source = "given" if given is not None else "last published change"
        basis_start, basis_value = _published(parameter)[-1]
        for start in starts:
            value = _indexed(path, basis_value, percent)
            filled.append(ProjectedAmount(path, start, value, basis_start, basis_value, percent, source))
            basis_start, basis_value = start, value
    return filled


def projected_system(system, until, changes: Mapping[str, float] | None = None):
    """A copy of ``system`` with every not-yet-published indexed amount up to ``until`` projected.

    The returned system has ``projection``: the list of :class:`ProjectedAmount` it filled (empty
    when everything up to ``until`` is published). ``system`` itself is not changed.
    """
    filled = plan(system, until, changes)

    def modify(parameters):
        for amount in filled:
            node = parameters
            for part in amount.parameter.split("."):
                node = getattr(node, part)
            node.update(start=amount.start.isoformat(), value=amount.value)
        return parameters

    class Projection(Reform):
        name = f"Projection to {until} (not law: unpublished amounts indexed)"

        def apply(self):
            self.modify_parameters(modifier_function=modify)

    projected = Projection(system)
    projected.projection = filled
    return projected


def describe(filled: list[ProjectedAmount]) -> list[str]:
    """Lines for a table header or a receipt: a projection notice, then one line per filled amount."""
    if not filled:
        return []
    return [
        "PROJECTION (not law): amounts not yet published are filled by their indexation rule",
        *(f"  {amount.text()}" for amount in filled),
    ]


# ---- what the commands use --------------------------------------------------------------------


def end_of_period(period: str) -> datetime.date:
    """The last day of a period given as YYYY, YYYY-MM or YYYY-MM-DD."""
    text = str(period)
    if len(text) == 4:
        return datetime.date(int(text), 12, 31)
    if len(text) == 7:
        year, month = int(text[:4]), int(text[5:7])
        return _add_months(datetime.date(year, month, 1), 1) - datetime.timedelta(days=1)
    return datetime.date.fromisoformat(text[:10])


def projected_baseline(period: str, changes: Mapping[str, float] | None = None):
    """Current law with every unpublished amount up to the end of ``period`` projected."""
    return projected_system(baseline_system(), end_of_period(period), changes)


def notice(system) -> list[str]:
    """The projection notice of a system built by :func:`projected_system` (empty for current law)."""
    return describe(getattr(system, "projection", []))


NOTICE_FILE = "PROJECTION.txt"


def write_notice(marks: list[str], folder) -> list:
    """Write the notice as ``PROJECTION.txt`` into an output folder (beside every table); [] when none."""
    if not marks:
        return []
    path = pathlib.Path(folder) / NOTICE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(marks) + "\n", encoding="utf-8")
    return [path]

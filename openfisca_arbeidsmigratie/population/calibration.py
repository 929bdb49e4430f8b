"""Calibration targets of the synthetic population and their measurement on any population file.

The targets (published figures, each with publication, table, year, series and reliability) live
in ``openfisca_arbeidsmigratie/data/calibration_targets.yaml``; this module reads them. The
generator takes its yearly segment totals from the file (:data:`SEGMENT_TOTALS`, solved by
:func:`solve_segment_totals` so that current law admits each total target), and :func:`measure` computes the
weighted value of every target in a population simulated under current law, for
``arbeidsmigratie calibration`` and the test that holds the bundled population to the targets.

The generator's own assumptions, where no figure was published, are :data:`ASSUMPTIONS`
(``aanname``, docs/synthetic-population.md). Wages are in euro per month excluding holiday
allowance, at the 2026 level (reference month 2026-01), so that the mass around the salary
criteria sits at the 2026 criteria.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import pathlib

import numpy as np
import yaml

TARGETS_FILE = "calibration_targets.yaml"
GROUND = "weigeringsgrond"
MEASURES = ("nationaliteit", "sector_sbi", "age_below", "household", "flag")


class CalibrationError(ValueError):
    """A targets file that cannot be read; the message names the file, the target and the field."""


@dataclasses.dataclass(frozen=True)
class Target:
    key: str
    value: float
    unit: str
    meaning: str
    source: str
    reliability: str  # [2+], [1] or "afgeleid from ..."
    year: str = ""
    series: str = ""
    why: str = ""
    url: str = ""
    routes: tuple[str, ...] = ()
    asylum: bool | None = None
    law: str = ""  # a true/false output of current law the applicant must have, e.g. gecombineerde_vergunning
    refusals: tuple[str, ...] = ()  # grant rate: admitted / (admitted + refused on a ground starting so)
    share: tuple[tuple[str, object], ...] = ()
    tolerance_relative: float | None = None
    tolerance_absolute: float | None = None

    @property
    def is_share(self) -> bool:
        return bool(self.share) or bool(self.refusals)

    def tolerance(self) -> float:
        """The allowed absolute deviation."""
        if self.tolerance_absolute is not None:
            return self.tolerance_absolute
        return abs(self.value) * (self.tolerance_relative or 0.0)

    def tolerance_text(self) -> str:
        if self.tolerance_absolute is not None:
            return f"± {self.tolerance_absolute:.3g}"
        return f"± {self.tolerance_relative:.0%}"


@dataclasses.dataclass(frozen=True)
class Targets:
    reference_month: str
    targets: tuple[Target, ...]
    cross_checks: tuple[dict, ...]
    segments: dict[str, dict]
    path: str

    def target(self, key: str) -> Target:
        for t in self.targets:
            if t.key == key:
                return t
        raise KeyError(key)

    def segment_totals(self) -> dict[str, float]:
        """Yearly applications per generator segment (weighted applicants)."""
        return {name: float(spec["applications"]) for name, spec in self.segments.items()}


def default_targets_path() -> pathlib.Path:
    return pathlib.Path(str(importlib.resources.files("openfisca_arbeidsmigratie") / "data" / TARGETS_FILE))


def _target(entry: dict, where: str) -> Target:
    for field in ("key", "value", "unit", "meaning", "source", "reliability", "measure", "tolerance"):
        if field not in entry:
            raise CalibrationError(f"{where}: field '{field}' is missing (each target needs key, value, unit, meaning, source, reliability, measure, tolerance).")
    measure = entry["measure"] or {}
    share = measure.get("share") or {}
    unknown = set(share) - set(MEASURES)
    if unknown or len(share) > 1:
        raise CalibrationError(f"{where}: measure.share {share!r}: give one of {', '.join(MEASURES)}.")
    tolerance = entry["tolerance"] or {}
    if not ({"relative", "absolute"} & set(tolerance)):
        raise CalibrationError(f"{where}: tolerance {tolerance!r}: give relative or absolute.")
    try:
        value = float(entry["value"])
    except (TypeError, ValueError):
        raise CalibrationError(f"{where}: value {entry['value']!r} is not a number.") from None
    return Target(
        key=str(entry["key"]),
        value=value,
        unit=str(entry["unit"]),
        meaning=str(entry["meaning"]),
        source=" ".join(str(entry["source"]).split()),
        reliability=str(entry["reliability"]),
        year=str(entry.get("year", "")),
        series=str(entry.get("series", "")),
        why=" ".join(str(entry.get("why", "")).split()),
        url=str(entry.get("url", "")),
        routes=tuple(measure.get("routes") or ()),
        asylum=measure.get("asylum"),
        law=str(measure.get("law") or ""),
        refusals=tuple(measure.get("refusals") or ()),
        share=tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in share.items()),
        tolerance_relative=tolerance.get("relative"),
        tolerance_absolute=tolerance.get("absolute"),
    )


def read_targets(path: str | pathlib.Path | None = None) -> Targets:
    """Read a targets file (default: the bundled one); a bad file is a :class:`CalibrationError`."""
    path = pathlib.Path(path) if path is not None else default_targets_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CalibrationError(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CalibrationError(f"{path}: not a readable YAML file ({error}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("targets"), list):
        raise CalibrationError(f"{path}: expected a mapping with a list 'targets'.")
    targets = tuple(_target(entry, f"{path}, target {i + 1}") for i, entry in enumerate(data["targets"]))
    segments = (data.get("generator") or {}).get("segments") or {}
    return Targets(
        reference_month=str(data.get("reference_month", "2026-01")),
        targets=targets,
        cross_checks=tuple(data.get("cross_checks") or ()),
        segments=dict(segments),
        path=str(path),
    )


@functools.lru_cache(maxsize=1)
def bundled_targets() -> Targets:
    return read_targets()


REFERENCE_MONTH = bundled_targets().reference_month
SEGMENT_TOTALS = bundled_targets().segment_totals()
"""Yearly applications per segment (weighted applicants), from the targets file."""

TARGETS = bundled_targets().targets


def target(key: str) -> Target:
    return bundled_targets().target(key)


# --- Salary criteria and minimum wage in 2026 (parameters/kennismigranten, algemeen) -------------
KENNISMIGRANT_30_PLUS = 5_942.0
KENNISMIGRANT_ONDER_30 = 4_357.0
BLAUWE_KAART = 5_942.0
WML_UUR = 14.71
WML_MAAND_40_UUR = round(WML_UUR * 40 * 52 / 12, 2)  # 2,549.73: hourly minimum x 40 h x 52 / 12

ASSUMPTIONS = {
    "kennismigrant.onder_30": 0.30,
    "kennismigrant.loon_boven_criterium": 0.93,
    "kennismigrant.loon_tot_5pct_boven_criterium": 0.30,
}
"""The generator's assumptions (aanname) where no figure was published: share of knowledge
migrants under 30; paid at least their criterion (the IND's 92-94% grant rate put on the wage);
paid between the criterion and 5% above it (bunching)."""


# --- measurement ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Measurement:
    target: Target
    measured: float

    @property
    def deviation(self) -> float:
        return self.measured - self.target.value

    @property
    def relative(self) -> float | None:
        return self.deviation / self.target.value if self.target.value else None

    @property
    def within(self) -> bool:
        return bool(np.isfinite(self.measured)) and abs(self.deviation) <= self.target.tolerance() + 1e-9


def _enum_names(system, population, name: str, rows: np.ndarray) -> np.ndarray:
    values = population.person_inputs.get(name)
    if values is None:
        return np.full(len(rows), "", dtype=object)
    values = np.asarray(values)[rows]
    if values.dtype.kind in "iu":
        names = np.array([m.name for m in system.variables[name].possible_values], dtype=object)
        return names[values.astype(np.int64)]
    return values.astype(object)


def _not_alone(population, rows: np.ndarray) -> np.ndarray:
    household = population.group_index["huishouden"]
    members = np.bincount(household, minlength=population.group_count["huishouden"])
    return members[household[rows]] > 1


def _ages(population, rows: np.ndarray, month: str) -> np.ndarray:
    from openfisca_arbeidsmigratie.tijd import leeftijd_op  # noqa: PLC0415 (law-side helper)

    born = population.person_inputs.get("geboortedatum")
    if born is None:
        return np.full(len(rows), np.nan)
    return leeftijd_op(np.asarray(born)[rows].astype("datetime64[D]"), np.datetime64(f"{month}-01", "D")).astype(float)


def _routes(population, system, month: str, laws: tuple[str, ...] = ()) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Per applicant: route under current law in ``month``, weight, pending asylum application, and
    the values of the law outputs ``laws`` (by name: true/false variables, or weigeringsgrond)."""
    from openfisca_arbeidsmigratie.microsimulation import compare  # noqa: PLC0415 (no cycle at import)
    from openfisca_arbeidsmigratie.reforms import BASELINE  # noqa: PLC0415

    outputs = ["toelatingsroute", *[n for n in laws if n != "toelatingsroute"]]
    table = compare(population, [], period=month, outputs=outputs, baseline=system).table
    rows = population.applicant_rows()
    route = np.asarray(table[f"{BASELINE}.toelatingsroute"].to_pylist(), dtype=object)
    weight = np.asarray(table["gewicht"].to_numpy(zero_copy_only=False), dtype=np.float64)
    months = population.person_inputs.get("asielaanvraag_duur_maanden")
    asylum = np.zeros(len(rows), bool) if months is None else np.asarray(months)[rows] > 0
    flags = {}
    for name in laws:
        column = table[f"{BASELINE}.{name}"]
        flags[name] = np.asarray(column.to_pylist(), dtype=object) if name == GROUND else np.asarray(column.to_numpy(zero_copy_only=False), dtype=bool)
    return route, weight, asylum, flags


def _selected(t: Target, route: np.ndarray, asylum: np.ndarray, flags: dict | None = None) -> np.ndarray:
    selected = np.isin(route, list(t.routes)) if t.routes else np.ones(len(route), bool)
    if t.asylum is not None:
        selected &= asylum if t.asylum else ~asylum
    if t.law:
        selected &= (flags or {})[t.law]
    return selected


def measure(population, targets: Targets | None = None, system=None, month: str | None = None) -> list[Measurement]:
    """The weighted value of every target in ``population`` simulated under current law in
    ``month`` (default: the targets' reference month; another month applies that month's law to
    the same population, for the validation against a past year's outcomes)."""
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    targets = targets or bundled_targets()
    system = system or baseline_system()
    rows = population.applicant_rows()
    for t in targets.targets:
        variable = system.variables.get(t.law) if t.law else None
        if t.law and (variable is None or variable.value_type is not bool):
            raise CalibrationError(f"target {t.key}: measure.law {t.law!r} is not a true/false variable of the law.")
    laws = tuple(sorted({t.law for t in targets.targets if t.law} | ({GROUND} if any(t.refusals for t in targets.targets) else set())))
    month = month or targets.reference_month
    route, weight, asylum, flags = _routes(population, system, month, laws)
    columns: dict[str, np.ndarray] = {}

    def column(name: str) -> np.ndarray:
        if name not in columns:
            if name == "household":
                columns[name] = _not_alone(population, rows)
            elif name == "age_below":
                columns[name] = _ages(population, rows, month)
            else:
                columns[name] = _enum_names(system, population, name, rows)
        return columns[name]

    out = []
    for t in targets.targets:
        selected = _selected(t, route, asylum, flags)
        if t.refusals:
            refused = np.char.startswith(flags[GROUND].astype(str), t.refusals[0])
            for prefix in t.refusals[1:]:
                refused |= np.char.startswith(flags[GROUND].astype(str), prefix)
            if t.asylum is not None:
                refused &= asylum if t.asylum else ~asylum
            granted = weight[selected].sum()
            total = granted + weight[refused].sum()
            out.append(Measurement(t, float(granted / total) if total > 0 else float("nan")))
            continue
        if not t.is_share:
            out.append(Measurement(t, float(weight[selected].sum())))
            continue
        ((name, condition),) = t.share
        values = column(name) if name != "flag" else None
        if name == "age_below":
            meets = values < float(condition)
        elif name == "household":
            meets = values
        elif name == "flag":
            flag = population.person_inputs.get(str(condition))
            meets = np.zeros(len(rows), bool) if flag is None else np.asarray(flag, bool)[rows]
        else:
            meets = np.isin(values.astype(str), [str(c) for c in condition])
        total = weight[selected].sum()
        out.append(Measurement(t, float(weight[selected & meets].sum() / total) if total > 0 else float("nan")))
    return out


def admission_matrix(size: int = 40_000, seed: int = 1) -> tuple[list[str], list[Target], np.ndarray]:
    """Generate ``size`` applicants and simulate current law: for every segment (column) the share
    of its weighted applicants counted by each segment's total target (row)."""
    from openfisca_arbeidsmigratie.population import derive_schema, population_from_table  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population.generator import generate, segments_of  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import baseline_system  # noqa: PLC0415

    system = baseline_system()
    schema = derive_schema(system)
    table = generate(size, seed=seed, schema=schema)
    population = population_from_table(table, schema)
    segments = segments_of(table)[population.applicant_rows()]
    names = list(bundled_targets().segments)
    totals = [bundled_targets().target(bundled_targets().segments[s]["target"]) for s in names]
    laws = tuple(sorted({t.law for t in totals if t.law}))
    route, weight, asylum, flags = _routes(population, system, REFERENCE_MONTH, laws)
    matrix = np.zeros((len(totals), len(names)))
    for j, segment in enumerate(names):
        mask = segments == segment
        for i, t in enumerate(totals):
            matrix[i, j] = weight[mask & _selected(t, route, asylum, flags)].sum() / weight[mask].sum()
    return names, totals, matrix


def solve_segment_totals(size: int = 40_000, seed: int = 1) -> dict[str, int]:
    """Yearly applications per segment such that current law admits each total target exactly
    (solves the admission matrix; to refresh ``generator.segments`` in the targets file)."""
    names, totals, matrix = admission_matrix(size, seed)
    solution = np.linalg.solve(matrix, np.array([t.value for t in totals]))
    if (solution <= 0).any():
        msg = f"no positive segment totals reach the targets (solution {dict(zip(names, solution.round(), strict=False))})"
        raise CalibrationError(msg)
    return {name: int(round(x)) for name, x in zip(names, solution, strict=True)}


def _fmt(value: float, share: bool) -> str:
    if not np.isfinite(value):
        return "-"
    return f"{value:.3f}" if share else f"{value:,.0f}"


def markdown_table(measurements: list[Measurement] | None = None) -> str:
    """The targets as a markdown table; with ``measurements`` also the value in a file and the deviation."""
    head = "| key | target | unit | year | series | source | reliability | tolerance |"
    rule = "|---|---|---|---|---|---|---|---|"
    if measurements is not None:
        head += " in file | deviation | within |"
        rule += "---|---|---|"
    lines = [head, rule]
    rows = measurements if measurements is not None else [Measurement(t, float("nan")) for t in TARGETS]
    for m in rows:
        t = m.target
        line = (
            f"| `{t.key}` | {_fmt(t.value, t.is_share)} | {t.unit} | {t.year} | {t.series} | "
            f"{t.source} | {t.reliability} | {t.tolerance_text()} |"
        )
        if measurements is not None:
            deviation = f"{m.deviation:+.3f}" if t.is_share else f"{m.relative:+.1%}" if m.relative is not None else "-"
            line += f" {_fmt(m.measured, t.is_share)} | {deviation} | {'yes' if m.within else 'no'} |"
        lines.append(line)
    return "\n".join(lines) + "\n"


def comparison_table(files: dict[str, list[Measurement]]) -> str:
    """The targets beside their values in several files (label -> measurements of the same
    targets), as a markdown table; ✗ marks a value outside the target's tolerance."""
    labels = list(files)
    head = "| target | published | " + " | ".join(labels) + " | tolerance | year | series | reliability |"
    rule = "|---|---|" + "---|" * len(labels) + "---|---|---|---|"
    lines = [head, rule]
    for i, t in enumerate(next(iter(files.values()))):
        target = t.target
        cells = []
        for label in labels:
            m = files[label][i]
            cells.append(_fmt(m.measured, target.is_share) + ("" if m.within else " ✗"))
        lines.append(
            f"| `{target.key}` | {_fmt(target.value, target.is_share)} | " + " | ".join(cells)
            + f" | {target.tolerance_text()} | {target.year} | {target.series} | {target.reliability} |"
        )
    return "\n".join(lines) + "\n"

"""Per-regime applicant records for the costing, from a comparison and its population.

One :class:`Applicants` holds, for one regime, what the costing needs of every applicant: weight,
route, refusal ground, permit validity, residence purpose, family, housing, wage. The behavioural
response (employers raising a wage to a new salary criterion) adds weighted virtual rows.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from openfisca_arbeidsmigratie.enums import Huisvestingsvorm
from openfisca_arbeidsmigratie.microsimulation.engine import Comparison
from openfisca_arbeidsmigratie.population.model import Population

OUTPUTS = (
    "toegelaten",
    "toelatingsroute",
    "verblijfsvergunning_geldigheidsduur_maanden",
    "weigeringsgrond",
    "niet_voldaan",  # the failed requirements (a list column; openfisca_arbeidsmigratie.explain.requirements)
    "verblijfsdoel_niet_tijdelijk",
    "gezinshereniging_toegestaan",
    "bruto_maandloon",
    "kennismigrant_looncriterium",
    "europese_blauwe_kaart_toepasselijk_looncriterium",
    "gecombineerde_vergunning",
)
"""The outputs the costing asks of the comparison engine (per regime)."""

SALARY_GROUNDS = {
    "kennismigrant_looncriterium": "kennismigrant_looncriterium",
    "europese_blauwe_kaart_looncriterium": "europese_blauwe_kaart_toepasselijk_looncriterium",
}
"""Refusal ground on a salary criterion -> the output holding that criterion."""

SKILLED_ROUTES = ("kennismigrant", "europese_blauwe_kaart", "puntentoets")
PERMIT_ROUTES = ("kennismigrant", "europese_blauwe_kaart", "twv_gvva", "puntentoets")


@dataclasses.dataclass
class Applicants:
    """One regime's applicants (one entry per applicant, plus virtual rows of the wage response)."""

    weight: np.ndarray
    route: np.ndarray  # Toelatingsroute names
    weigeringsgrond: np.ndarray  # Weigeringsgrond names
    validity_months: np.ndarray
    non_temporary: np.ndarray
    family_reunification: np.ndarray
    monthly_wage: np.ndarray
    family_members: np.ndarray  # accompanying family members
    housing: np.ndarray  # Huisvestingsvorm names, "" when the population has none
    duration_weeks: np.ndarray
    gvva: np.ndarray  # the law's variable gecombineerde_vergunning: a single permit, not a TWV alone
    criteria: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.weight)

    @property
    def admitted(self) -> np.ndarray:
        return self.route != "geweigerd"

    def route_in(self, routes) -> np.ndarray:
        return np.isin(self.route, list(routes))

    def application_kind(self) -> np.ndarray:
        """The application each applicant filed: from the route, or for a refusal from its ground.

        ``kennismigrant``, ``europese_blauwe_kaart``, ``puntentoets``, ``gvva`` (the law's variable
        ``gecombineerde_vergunning``), ``twv`` (other Wav cases) or ``geen`` (no permit needed).
        """
        grond = self.weigeringsgrond.astype(str)
        soort = np.full(len(self), "geen", dtype=object)
        wav = (self.route == "twv_gvva") | np.char.startswith(grond, "wav_")
        soort[wav] = np.where(self.gvva[wav], "gvva", "twv")
        for naam in ("kennismigrant", "europese_blauwe_kaart"):
            soort[(self.route == naam) | np.char.startswith(grond, naam)] = naam
        punten = (self.route == "puntentoets") | np.char.startswith(grond, "puntentoets") | (grond == "bandbreedte_bereikt")
        soort[punten] = "puntentoets"
        return soort

    def append(self, other: Applicants) -> Applicants:
        def join(a, b):
            return np.concatenate([a, b])

        fields = {f.name: join(getattr(self, f.name), getattr(other, f.name)) for f in dataclasses.fields(self) if f.name != "criteria"}
        criteria = {k: join(v, other.criteria[k]) for k, v in self.criteria.items() if k in other.criteria}
        return Applicants(**fields, criteria=criteria)

    def take(self, rows: np.ndarray) -> Applicants:
        fields = {f.name: getattr(self, f.name)[rows] for f in dataclasses.fields(self) if f.name != "criteria"}
        return Applicants(**fields, criteria={k: v[rows] for k, v in self.criteria.items()})


def _column(table: pa.Table, name: str) -> np.ndarray:
    column = table[name]
    if pa.types.is_dictionary(column.type):
        return pc.cast(column, pa.string()).to_numpy(zero_copy_only=False).astype(str)
    return column.to_numpy(zero_copy_only=False)


def _enum_names(population: Population, name: str, enum, rows: np.ndarray, default: str) -> np.ndarray:
    values = population.person_inputs.get(name)
    if values is None:
        return np.full(len(rows), default, dtype=object)
    names = np.array([member.name for member in enum], dtype=object)
    return names[np.asarray(values)[rows].astype(np.int64)]


def _family_size(population: Population, rows: np.ndarray) -> np.ndarray:
    given = population.group_inputs.get("huishouden", {}).get("aantal_meereizende_gezinsleden")
    household = population.group_index["huishouden"]
    if given is not None:
        return np.asarray(given)[household[rows]].astype(np.float64)
    members = np.bincount(household, minlength=population.group_count["huishouden"])
    return np.maximum(members[household[rows]] - 1, 0).astype(np.float64)


def from_comparison(comparison: Comparison, population: Population) -> dict[str, Applicants]:
    """Per regime label, the applicant records (rows in the population's applicant order)."""
    table = comparison.table
    rows = population.applicant_rows()
    if table is None or table.num_rows != len(rows):
        msg = "the costing needs the whole per-applicant table of an unchunked comparison"
        raise ValueError(msg)
    common = {
        "weight": _column(table, "gewicht").astype(np.float64),
        "family_members": _family_size(population, rows),
        "housing": _enum_names(population, "huisvestingsvorm", Huisvestingsvorm, rows, ""),
        "duration_weeks": _input(population, "beoogde_duur_arbeid_weken", rows, 52.0),
    }
    out = {}
    for label in comparison.regimes:
        def col(name, label=label):
            return _column(table, f"{label}.{name}")

        criteria = {name: col(name).astype(np.float64) for name in SALARY_GROUNDS.values() if f"{label}.{name}" in table.column_names}
        out[label] = Applicants(
            route=col("toelatingsroute").astype(object),
            weigeringsgrond=col("weigeringsgrond").astype(object),
            validity_months=col("verblijfsvergunning_geldigheidsduur_maanden").astype(np.float64),
            non_temporary=col("verblijfsdoel_niet_tijdelijk").astype(bool),
            family_reunification=col("gezinshereniging_toegestaan").astype(bool),
            monthly_wage=col("bruto_maandloon").astype(np.float64),
            gvva=col("gecombineerde_vergunning").astype(bool),
            criteria=criteria,
            **common,
        )
    return out


def _input(population: Population, name: str, rows: np.ndarray, default: float) -> np.ndarray:
    values = population.person_inputs.get(name)
    if values is None:
        return np.full(len(rows), default)
    return np.asarray(values)[rows].astype(np.float64)


def wage_response(current: Applicants, reform: Applicants, share: float, margin: float) -> Applicants:
    """Employers raise the wage to a reform's new salary criterion (behavioural response).

    Applicants admitted under current law but refused under the reform on a salary criterion, with
    a wage at least ``(1 - margin)`` times that criterion, are admitted at the criterion with
    probability ``share``: the reform's row keeps weight ``(1 - share) * w`` and a virtual row
    with weight ``share * w`` takes current law's decision with the raised wage.
    """
    if share <= 0 or not reform.criteria:
        return reform
    criterion = np.full(len(reform), np.inf)
    for ground, output in SALARY_GROUNDS.items():
        if output in reform.criteria:
            where = reform.weigeringsgrond == ground
            criterion[where] = reform.criteria[output][where]
    responds = current.admitted & (reform.route == "geweigerd") & (reform.monthly_wage >= (1.0 - margin) * criterion)
    if not responds.any():
        return reform
    rows = np.flatnonzero(responds)
    virtual = current.take(rows)
    virtual.weight = virtual.weight * share
    virtual.monthly_wage = np.maximum(virtual.monthly_wage, criterion[rows])
    kept = dataclasses.replace(reform, weight=reform.weight.copy())
    kept.weight[rows] *= 1.0 - share
    return kept.append(virtual)

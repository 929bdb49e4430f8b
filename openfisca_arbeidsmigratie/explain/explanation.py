"""Explain one situation: the decision per regime, failed requirements with citations, the
condition deciding a difference between regimes, and the distance to admission.

The situation is OpenFisca's situation format (``{"personen": {...}, "werkgevers": {...}}``) or
the flat style of a YAML test's ``input:`` (``{nationaliteit: IN, bruto_maandloon: 3000}``); a
file may also hold a YAML test case (``period:`` + ``input:``) or a list of them.
:func:`explain` returns a JSON-ready dict; :func:`as_text` renders it as readable text.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib

import numpy as np
import yaml
from openfisca_core.errors import SituationParsingError, VariableNotFoundError

from openfisca_arbeidsmigratie import eisen
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.explain.differences import (
    DIFFERENCES,
    Decision,
    deciding_condition,
    sentence,
)
from openfisca_arbeidsmigratie.explain.distance import (
    distance_to_admission,
    puntentoets_options,
    situation_builder,
)
from openfisca_arbeidsmigratie.explain.requirements import (
    REQUIREMENTS,
    failed_matrix,
)
from openfisca_arbeidsmigratie.reforms import BASELINE, build_regime

AANVRAGER = "aanvrager"
PUNTEN = ("puntentoets_punten_stap_1", "puntentoets_drempel_stap_1", "puntentoets_punten_totaal", "puntentoets_toelatingsdrempel", "puntentoets_tekort")


class SituationError(ValueError):
    """A situation file that cannot be explained (the message says what is wrong and what is allowed)."""


def read_situation(pad: str | pathlib.Path, geval: str | None = None) -> tuple[dict, str | None]:
    """(situation, period from the file or None) from a .json, .yaml or .yml file."""
    pad = pathlib.Path(pad)
    if pad.suffix.lower() not in {".json", ".yaml", ".yml"}:
        raise SituationError(f"{pad}: a situation file must end in .json, .yaml or .yml.")
    try:
        tekst = pad.read_text(encoding="utf-8")
        data = json.loads(tekst) if pad.suffix.lower() == ".json" else yaml.safe_load(tekst)
    except (OSError, ValueError, yaml.YAMLError) as fout:
        raise SituationError(f"{pad}: cannot read the situation: {fout}") from None
    if isinstance(data, list):
        data = _kies_geval(pad, data, geval)
    if not isinstance(data, dict) or not data:
        raise SituationError(f"{pad}: expected a mapping (a situation or a YAML test case with 'input:').")
    if "input" in data:
        periode = data.get("period")
        return data["input"], None if periode is None else str(periode)
    return data, None


def _kies_geval(pad, gevallen: list, geval: str | None) -> dict:
    if geval is None and len(gevallen) == 1:
        return gevallen[0]
    namen = [str(g.get("name", "")) for g in gevallen if isinstance(g, dict)]
    if geval is None:
        raise SituationError(f"{pad}: holds {len(gevallen)} test cases; choose one with --case (part of its name): {namen}")
    gekozen = [g for g, naam in zip(gevallen, namen, strict=False) if geval in naam]
    if len(gekozen) != 1:
        raise SituationError(f"{pad}: --case '{geval}' matches {len(gekozen)} test cases (need exactly one); names: {namen}")
    return gekozen[0]


def citation(grond: str) -> dict:
    """The citation of a Weigeringsgrond member (empty fields where it has none), with its description."""
    eis = eisen.BY_NAME.get(grond)
    fields = eis.citation.as_dict() if eis and eis.citation else dict.fromkeys(("law", "bwb_id", "article", "lid", "onderdeel", "url"), "")
    return {"weigeringsgrond": grond, **fields, "description": eis.description if eis else Weigeringsgrond[grond].value}


def _aanvragers(simulatie) -> np.ndarray:
    huishouden = simulatie.populations.get("huishouden")
    if huishouden is None:
        return np.ones(simulatie.persons.count, bool)
    return np.array([rol.key == AANVRAGER for rol in huishouden.members_role])


def _failed(failed: np.ndarray, rij: int) -> list[dict]:
    """The failed requirements of person ``rij`` in deciding order, with route, description and citation."""
    uit = []
    for column in np.flatnonzero(failed[rij]):
        eis = REQUIREMENTS[column]
        route = eis.routes[0] if eis.family else None
        uit.append({"route": route, "requirement": eis.description_en, "variable": eis.variable, **citation(eis.name)})
    return uit


def _waarde(x):
    x = x.item() if hasattr(x, "item") else x
    return None if isinstance(x, float) and not np.isfinite(x) else x


def _regime(spec: str, system, situatie: dict, period: str) -> tuple[dict, Decision, np.ndarray]:
    bouw = situation_builder(situatie, period)
    simulatie = bouw(system, {})
    aanvragers = _aanvragers(simulatie)
    besluit = Decision(
        simulatie.calculate("toegelaten", period),
        simulatie.calculate("toelatingsroute", period),
        simulatie.calculate("weigeringsgrond", period),
        failed_matrix(simulatie, period),
    )
    afstand = distance_to_admission(system, bouw, period, aanvragers)
    opties = puntentoets_options(system, bouw, period, aanvragers)
    punten = {naam: np.asarray(simulatie.calculate(naam, period)) for naam in PUNTEN if naam in system.variables}
    personen = {}
    for rij in np.flatnonzero(aanvragers):
        grond = int(besluit.weigeringsgrond[rij])
        persoon = {
            "toegelaten": bool(besluit.toegelaten[rij]),
            "toelatingsroute": list(Toelatingsroute)[besluit.toelatingsroute[rij]].name,
            "weigeringsgrond": citation(list(Weigeringsgrond)[grond].name) if grond else None,
            "failed_requirements": [] if besluit.toegelaten[rij] else _failed(besluit.failed, rij),
            "distance_to_admission": {k: _waarde(v[rij]) for k, v in afstand.items() if k != "route"},
        }
        route = int(afstand["route"][rij])
        persoon["distance_to_admission"]["route"] = list(Toelatingsroute)[route].name if route >= 0 else None
        if grond in (Weigeringsgrond.puntentoets_stap_1.index, Weigeringsgrond.puntentoets_totaal.index):
            persoon["puntentoets"] = {naam: _waarde(v[rij]) for naam, v in punten.items()}
            persoon["puntentoets"]["options"] = [
                {"variable": o["variable"], "value": o["value"], "extra_points": _waarde(o["extra_points"][rij]), "admitted": bool(o["admitted"][rij])}
                for o in opties
                if np.isfinite(o["extra_points"][rij])
            ]
        personen[str(simulatie.persons.ids[rij])] = persoon
    return {"regime": spec, "persons": personen}, besluit, aanvragers


def explain(situatie: dict, period: str, specs=(), baseline=None) -> dict:
    """The explanation of ``situation`` in ``period`` under current law and each regime spec."""
    regimes = [BASELINE, *[s for s in specs if s != BASELINE]]
    uitkomsten, besluiten = [], []
    for spec in regimes:
        try:
            system = build_regime(spec, baseline)
            uitkomst, besluit, aanvragers = _regime(spec, system, situatie, period)
        except (SituationParsingError, VariableNotFoundError, ValueError, LookupError) as fout:
            raise SituationError(f"regime {spec}: {fout}") from None
        uitkomsten.append(uitkomst)
        besluiten.append(besluit)
    verschillen = []
    for spec, b in zip(regimes[1:], besluiten[1:], strict=True):
        uit = deciding_condition(besluiten[0], b)
        for rij, persoon in zip(np.flatnonzero(aanvragers), uitkomsten[0]["persons"], strict=True):
            args = (int(uit["verschil"][rij]), int(uit["beslissende_grond"][rij]), int(besluiten[0].toelatingsroute[rij]), int(b.toelatingsroute[rij]))
            verschillen.append(
                {
                    "person": persoon,
                    "regime": spec,
                    "compared_with": BASELINE,
                    "difference": DIFFERENCES[args[0]],
                    "deciding_ground": list(Weigeringsgrond)[args[1]].name,
                    "explanation": sentence(*args, a=BASELINE, b=spec),
                }
            )
    return {"period": str(period), "regimes": uitkomsten, "differences": verschillen}


def _euro(bedrag) -> str:
    return "-" if bedrag is None else f"EUR {bedrag:,.2f}"


def _bron(c: dict) -> str:
    if not c.get("url"):
        return "(no citation)"
    fields = {field.name: c.get(field.name, "") for field in dataclasses.fields(eisen.Citation)}
    return f"{eisen.Citation(**fields).text()} <{c['url']}>"


def _persoon_tekst(naam: str, p: dict) -> list[str]:
    if p["toegelaten"]:
        return [f"  {naam}: ADMITTED on route {p['toelatingsroute']}."]
    g = p["weigeringsgrond"]
    regels = [f"  {naam}: REFUSED. Deciding ground: {g['description']}", f"      {_bron(g)}", "    Requirements not met:"]
    regels += [f"      - [{e['route'] or '-'}] {e['requirement']}\n          {_bron(e)}" for e in p["failed_requirements"]]
    a = p["distance_to_admission"]
    if a["admitting_wage"] is None:
        regels.append(f"    Distance to admission: no gross monthly wage up to EUR 100,000 admits (current wage {_euro(a['wage'])}).")
    else:
        regels.append(
            f"    Distance to admission: a gross monthly wage of {_euro(a['admitting_wage'])} "
            f"(+{_euro(a['wage_increase'])}) would admit, on route {a['route']}."
        )
    if "puntentoets" in p:
        pt = p["puntentoets"]
        regels.append(
            f"    Points test: step 1 {pt.get('puntentoets_punten_stap_1')} (must be above {pt.get('puntentoets_drempel_stap_1')}), "
            f"total {pt.get('puntentoets_punten_totaal')} (needs {pt.get('puntentoets_toelatingsdrempel')}); missing {pt.get('puntentoets_tekort')} points."
        )
        for o in pt["options"]:
            gevolg = "admits" if o["admitted"] else "not enough"
            regels.append(f"      - {o['variable']} = {o['value']}: {o['extra_points']:+g} points ({gevolg})")
    return regels


def as_text(uitleg: dict) -> str:
    """Readable text of :func:`explain`'s result."""
    regels = [f"Period {uitleg['period']}"]
    for regime in uitleg["regimes"]:
        regels += ["", f"Regime {regime['regime']}:"]
        for naam, persoon in regime["persons"].items():
            regels += _persoon_tekst(naam, persoon)
    if uitleg["differences"]:
        regels += ["", "Differences with current law:"]
        regels += [f"  {v['person']} under {v['regime']}: {v['explanation']}" for v in uitleg["differences"]]
    return "\n".join(regels) + "\n"

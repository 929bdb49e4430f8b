"""Legal coverage of the YAML tests: which variables, dated formulas and parameters the tests
exercise, and which cited articles no test reaches.

Each YAML case is run the way OpenFisca's test runner runs it (same situation building, same
``reforms:``/``extensions:`` handling, through ``openfisca_core.tools.test_runner``), with the
full tracer on; every output is calculated (not asserted: that is the test suite's job). From the
trace come the computed variables, the formula in force for each (its start date), and every
parameter read. Articles come from the variables' ``reference`` URLs and the parameters'
``metadata.reference`` hrefs: a wetten.overheid.nl link is reduced to (BWB id, article); other
links (Kamerstukken, EUR-Lex, Staatsblad) count as a document each. An article is *tested* when a
variable or parameter citing it is exercised by at least one case.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
from collections import defaultdict

import yaml
from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.tools import test_runner

STANDAARD_START = "0001-01-01"
_JCI = re.compile(r"jci1\.3:c:(BWBR\d+)&artikel=([^&#]+)")
_WETTEN = re.compile(r"wetten\.overheid\.nl/(BWBR\d+)[^#]*(?:#(.*))?")
_ARTIKEL_ANKER = re.compile(r"Artikel([0-9A-Za-z.:]+)$")


def article_of(url: str) -> str:
    """A normalised article key of a reference URL: 'BWBR0007149 art. 8', 'BWBR0011823', or the URL."""
    if m := _JCI.search(url):
        return f"{m.group(1)} art. {m.group(2)}"
    if m := _WETTEN.search(url):
        anker = _ARTIKEL_ANKER.search(m.group(2) or "")
        return f"{m.group(1)} art. {anker.group(1)}" if anker else m.group(1)
    return url.split("#", maxsplit=1)[0]


@dataclasses.dataclass
class CoverageReport:
    """The collected coverage; ``as_dict`` and ``markdown`` render it."""

    bestanden: dict[str, dict] = dataclasses.field(default_factory=dict)
    variabelen: set[str] = dataclasses.field(default_factory=set)
    formules: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    parameters: set[str] = dataclasses.field(default_factory=set)
    fouten: list[dict] = dataclasses.field(default_factory=list)
    alle_variabelen: set[str] = dataclasses.field(default_factory=set)
    alle_formules: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    alle_parameters: set[str] = dataclasses.field(default_factory=set)
    bronnen: dict[str, set[str]] = dataclasses.field(default_factory=lambda: defaultdict(set))

    def artikelen(self) -> dict[str, dict]:
        """Per article: the items citing it and those exercised by a test."""
        geraakt = self.variabelen | {f"parameter:{p}" for p in self.parameters}
        return {
            a: {"geciteerd_door": sorted(items), "getest": sorted(items & geraakt)}
            for a, items in sorted(self.bronnen.items())
        }

    def as_dict(self) -> dict:
        artikelen = self.artikelen()
        return {
            "samenvatting": {
                "testgevallen": sum(b["gevallen"] for b in self.bestanden.values()),
                "variabelen": [len(self.variabelen & self.alle_variabelen), len(self.alle_variabelen)],
                "formules": [len(self.formules & self.alle_formules), len(self.alle_formules)],
                "parameters": [len(self.parameters & self.alle_parameters), len(self.alle_parameters)],
                "artikelen": [sum(bool(a["getest"]) for a in artikelen.values()), len(artikelen)],
            },
            "bestanden": self.bestanden,
            "niet_geteste_variabelen": sorted(self.alle_variabelen - self.variabelen),
            "niet_geteste_formules": [f"{v}@{s}" for v, s in sorted(self.alle_formules - self.formules)],
            "niet_geteste_parameters": sorted(self.alle_parameters - self.parameters),
            "niet_geteste_artikelen": {a: v["geciteerd_door"] for a, v in artikelen.items() if not v["getest"]},
            "fouten": self.fouten,
        }


def _registreer_systeem(dekking: CoverageReport, system) -> None:
    for naam, variabele in system.variables.items():
        dekking.alle_variabelen.add(naam)
        dekking.alle_formules.update((naam, start) for start in variabele.formulas)
        for url in _als_lijst(variabele.reference):
            dekking.bronnen[article_of(url)].add(naam)
    for node in system.parameters.get_descendants():
        if isinstance(node, Parameter | ParameterScale):
            dekking.alle_parameters.add(node.name)
            for href in _hrefs(node, system.parameters):
                dekking.bronnen[article_of(href)].add(f"parameter:{node.name}")


def _als_lijst(reference) -> list[str]:
    if not reference:
        return []
    return [reference] if isinstance(reference, str) else list(reference)


def _hrefs(node, wortel) -> list[str]:
    """hrefs of a parameter's metadata.reference, else of its nearest ancestor that has them."""
    naam = node.name
    while True:
        referenties = (getattr(node, "metadata", None) or {}).get("reference")
        if isinstance(referenties, dict):
            return [e["href"] for lijst in referenties.values() for e in (lijst or []) if isinstance(e, dict) and e.get("href")]
        if "." not in naam:
            return []
        naam = naam.rsplit(".", 1)[0]
        node = _node(wortel, naam)
        if node is None:
            return []


def _node(wortel: ParameterNode, naam: str):
    node = wortel
    for deel in naam.split("."):
        node = getattr(node, "children", {}).get(deel)
        if node is None:
            return None
    return node


def _formule_start(variabele, periode) -> str | None:
    formule = variabele.get_formula(periode)
    return next((start for start, f in variabele.formulas.items() if f is formule), None) if formule else None


def _doorloop(dekking: CoverageReport, system, knoop, gezien: set) -> dict[str, int]:
    stapel = [knoop]
    while stapel:
        n = stapel.pop()
        stapel.extend(n.children)
        dekking.parameters.update(p.name for p in n.parameters)
        sleutel = (n.name, str(n.period))
        if sleutel in gezien:
            continue
        gezien.add(sleutel)
        dekking.variabelen.add(n.name)
        variabele = system.variables.get(n.name)
        if variabele is not None and (start := _formule_start(variabele, n.period)):
            dekking.formules.add((n.name, start))


def _uitvoer_variabelen(output: dict, simulation) -> list[tuple[str, object]]:
    """(variable, period or None) for every output of a test case, read as the runner reads them:
    a variable, an entity (singular) holding variables, or an entity (plural) holding instances."""
    paren = []
    for sleutel, verwacht in (output or {}).items():
        if sleutel in simulation.tax_benefit_system.variables:
            paren += [(sleutel, p) for p in verwacht] if isinstance(verwacht, dict) else [(sleutel, None)]
        elif isinstance(verwacht, dict):
            binnen = verwacht if sleutel in simulation.populations else {
                naam: waarde for instantie in verwacht.values() if isinstance(instantie, dict) for naam, waarde in instantie.items()
            }
            paren += _uitvoer_variabelen(binnen, simulation)
    return paren


def _draai_geval(dekking: CoverageReport, baseline, geval: dict) -> None:
    test = test_runner.build_test(geval)
    system = test_runner._get_tax_benefit_system(baseline, test.reforms, test.extensions)  # noqa: SLF001 (the runner's own cache)
    if test.parameters:
        system = test_runner.InYamlTestReform(system, test.parameters)
    builder = SimulationBuilder()
    builder.set_default_period(test.period)
    simulation = builder.build_from_dict(system, test.input)
    if simulation is None:  # the runner asserts the same
        bekend = set(system.variables) | {e.plural for e in system.entities}
        onbekend = sorted(k for k in test.input if k not in bekend) if isinstance(test.input, dict) else []
        msg = f"the input is no situation; unknown variables or entities: {onbekend}"
        raise ValueError(msg)
    simulation.trace = True
    for variabele, periode in _uitvoer_variabelen(test.output, simulation):
        simulation.calculate(variabele, periode or test.period)
    gezien: set = set()
    for boom in simulation.tracer.trees:
        _doorloop(dekking, system, boom, gezien)


def yaml_files(paden) -> list[pathlib.Path]:
    bestanden = []
    for pad in map(pathlib.Path, paden):
        if pad.is_dir():
            bestanden += sorted(p for p in pad.rglob("*") if p.suffix in {".yaml", ".yml"})
        elif pad.exists():
            bestanden.append(pad)
        else:
            raise FileNotFoundError(f"{pad}: no such test file or folder")
    return bestanden


def _relatief(bestand: pathlib.Path, wortel: pathlib.Path | None) -> str:
    try:
        return str(bestand.resolve().relative_to(wortel.resolve())) if wortel else str(bestand)
    except ValueError:
        return str(bestand)


def measure_test_coverage(baseline, paden, wortel: pathlib.Path | None = None) -> CoverageReport:
    """Run every YAML case under ``paden`` (files or folders) with the tracer and collect coverage."""
    dekking = CoverageReport()
    _registreer_systeem(dekking, baseline)
    for bestand in yaml_files(paden):
        naam = _relatief(bestand, wortel)
        gevallen = yaml.safe_load(bestand.read_text(encoding="utf-8")) or []
        gevallen = gevallen if isinstance(gevallen, list) else [gevallen]
        per_bestand = CoverageReport()
        for geval in gevallen:
            try:
                _draai_geval(per_bestand, baseline, geval)
            except Exception as fout:  # noqa: BLE001 (a broken case is reported, the rest still counts)
                dekking.fouten.append({"bestand": naam, "geval": geval.get("name", ""), "fout": f"{type(fout).__name__}: {fout}"[:300]})
        dekking.variabelen |= per_bestand.variabelen
        dekking.formules |= per_bestand.formules
        dekking.parameters |= per_bestand.parameters
        dekking.bestanden[naam] = {
            "gevallen": len(gevallen),
            "variabelen": len(per_bestand.variabelen),
            "formules": len(per_bestand.formules),
            "parameters": len(per_bestand.parameters),
        }
    return dekking


def markdown(resultaat: dict, maximum: int = 200) -> str:
    """The report of :meth:`CoverageReport.as_dict` as markdown (long lists cut at ``maximum`` items)."""
    s = resultaat["samenvatting"]
    regels = [
        "# Legal coverage of the YAML tests",
        "",
        f"{s['testgevallen']} test cases.",
        "",
        "| | exercised | total | share |",
        "|---|---:|---:|---:|",
    ]
    for soort in ("variabelen", "formules", "parameters", "artikelen"):
        geraakt, totaal = s[soort]
        regels.append(f"| {soort} | {geraakt} | {totaal} | {geraakt / totaal:.0%} |" if totaal else f"| {soort} | 0 | 0 | - |")
    regels += ["", "## Per file", "", "| file | cases | variables | formulas | parameters |", "|---|---:|---:|---:|---:|"]
    regels += [f"| {n} | {b['gevallen']} | {b['variabelen']} | {b['formules']} | {b['parameters']} |" for n, b in resultaat["bestanden"].items()]
    regels += ["", "## Articles cited but reached by no test", ""]
    regels += [f"- {a}: cited by {', '.join(items[:5])}{' ...' if len(items) > 5 else ''}" for a, items in resultaat["niet_geteste_artikelen"].items()] or ["(none)"]
    for kop, sleutel in (("Untested formulas (variable@start)", "niet_geteste_formules"), ("Untested parameters", "niet_geteste_parameters"), ("Untested variables", "niet_geteste_variabelen")):
        lijst = resultaat[sleutel]
        regels += ["", f"## {kop} ({len(lijst)})", ""]
        regels += [f"- {x}" for x in lijst[:maximum]] or ["(none)"]
        if len(lijst) > maximum:
            regels.append(f"- ... and {len(lijst) - maximum} more (see the JSON output)")
    if resultaat["fouten"]:
        regels += ["", f"## Cases that failed to run ({len(resultaat['fouten'])})", ""]
        regels += [f"- {f['bestand']}: {f['geval']}: {f['fout']}" for f in resultaat["fouten"]]
    return "\n".join(regels) + "\n"

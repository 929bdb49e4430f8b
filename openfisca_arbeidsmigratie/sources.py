"""The source register: every publication the parameters cite, and the facts that are not parameters.

``python -m openfisca_arbeidsmigratie.sources > docs/sources.md`` writes the register; a test fails
when the committed docs/sources.md differs from :func:`render_markdown`. The same functions back
the code-health tests on references:

* a reference is **primary** when its ``href`` lies on a host of :data:`PRIMARY_HOSTS` (the
  publication that set the value: the Staatsblad/Staatscourant, the consolidated text on
  wetten.overheid.nl, EU law on EUR-Lex, or the authority that applies it: IND, UWV, the
  government, CBS, Parliament); every other reference is **secondary** (an adviser, a newspaper);
* an ``href`` must never be a bare home page (no path) nor a forum (:data:`FORUM_HOSTS`);
* the reliability marker of a reference is the bracketed tag in its title: ``[LAW-TXT]`` (the
  legal text read), ``[2+]`` (two or more independent sources agree), ``[1]`` (one source),
  ``[X]`` (not verified or contradicted); ``-`` when the title carries none.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

from openfisca_arbeidsmigratie import CountryTaxBenefitSystem

#: Hosts whose pages are primary sources (the host itself or any sub-domain of it).
PRIMARY_HOSTS = (
    "wetten.overheid.nl",
    "zoek.officielebekendmakingen.nl",
    "officielebekendmakingen.nl",
    "repository.overheid.nl",
    "open.overheid.nl",
    "eur-lex.europa.eu",
    "ind.nl",
    "uwv.nl",
    "rijksoverheid.nl",
    "government.nl",
    "business.gov.nl",
    "tweedekamer.nl",
    "eerstekamer.nl",
    "internetconsultatie.nl",
    "cbs.nl",
    "opendata.cbs.nl",
    "raadvanstate.nl",
    "rechtspraak.nl",
    "adviesraadmigratie.nl",
    "svb.nl",
    "belastingdienst.nl",
    "coa.nl",
)

#: Forums and question-and-answer sites: never a citation.
FORUM_HOSTS = ("bbs.gogodutch.com", "gogodutch.com", "reddit.com", "expatica.com/forum", "quora.com")

MARKER = re.compile(r"\[(LAW-TXT|2\+|1|X)\]")

#: Values from this date on must have a primary source (the Wav revision of 2014).
PRIMARY_REQUIRED_FROM = datetime.date(2014, 1, 1)

#: Values whose primary publication could not be reached (the Belastingdienst's Nieuwsbrief
#: Loonheffingen, the Staatscourant regulation of the premium percentages): cited by secondary
#: sources only, listed in docs/sources.md, and used only by the costing (not by an admission
#: decision). Each is (dotted path, start date).
SECONDARY_ONLY = (
    ("fiscaal.dertig_procent_regeling.salarisnorm", "2026-01-01"),
    ("fiscaal.dertig_procent_regeling.salarisnorm_jonger_dan_30_master", "2026-01-01"),
    *(
        (f"fiscaal.werkgeverspremies.{name}", "2026-01-01")
        for name in ("awf_laag", "aof_laag", "whk", "kinderopvang", "zvw", "maximumpremieloon")
    ),
)


@dataclass(frozen=True)
class Reference:
    """One reference of one parameter value."""

    parameter: str
    start: str | None  # the value's start date, or None for a reference of the whole parameter
    title: str
    href: str

    @property
    def host(self) -> str:
        return (urlparse(self.href).hostname or "").removeprefix("www.")

    @property
    def primary(self) -> bool:
        return any(self.host == h or self.host.endswith("." + h) for h in PRIMARY_HOSTS)

    @property
    def marker(self) -> str:
        found = MARKER.findall(self.title)
        return found[-1] if found else "-"

    @property
    def problem(self) -> str | None:
        """Why this href may not be cited, or None."""
        parsed = urlparse(self.href)
        if not parsed.scheme or not parsed.hostname:
            return "not an absolute URL"
        if any(f in (parsed.hostname or "") + parsed.path for f in FORUM_HOSTS):
            return "a forum"
        if parsed.path.strip("/") == "" and not parsed.query and not parsed.fragment:
            return "a bare home page"
        return None


def _parameters(node, prefix: str = "") -> Iterator[tuple[str, object]]:
    children = getattr(node, "children", None)
    if children is None:
        yield prefix, node
        return
    for name, child in children.items():
        yield from _parameters(child, f"{prefix}.{name}" if prefix else name)


def law_parameters(system, exclude: tuple[str, ...] = ()) -> Iterator[tuple[str, object]]:
    """(dotted path, parameter) for every leaf parameter (with ``values_list``), minus ``exclude`` prefixes."""
    for path, parameter in _parameters(system.parameters):
        if any(path == e or path.startswith(e + ".") for e in exclude):
            continue
        if hasattr(parameter, "values_list"):
            yield path, parameter


def _items(raw) -> list[dict]:
    if raw is None:
        return []
    if isinstance(raw, dict) and ("href" in raw or "title" in raw):
        return [raw]
    if isinstance(raw, dict):
        return []
    return [r for r in raw if isinstance(r, dict)]


def references(path: str, parameter) -> list[Reference]:
    """Every reference of a parameter, dated (``metadata.reference`` keyed by start date) or not."""
    raw = (parameter.metadata or {}).get("reference")
    out = []
    if isinstance(raw, dict) and not ("href" in raw or "title" in raw):
        for start, items in raw.items():
            for item in _items(items):
                out.append(Reference(path, str(start), str(item.get("title", "")), str(item.get("href", ""))))
    else:
        for item in _items(raw):
            out.append(Reference(path, None, str(item.get("title", "")), str(item.get("href", ""))))
    return out


def dated_values(parameter) -> list[tuple[datetime.date, object]]:
    """(start date, value) in chronological order; ``None`` for a gap."""
    return sorted((datetime.date.fromisoformat(v.instant_str), v.value) for v in parameter.values_list)


def references_of_value(refs: list[Reference], start: datetime.date) -> list[Reference]:
    """The references that document the value starting on ``start``: its own dated entry, else the undated ones."""
    own = [r for r in refs if r.start == start.isoformat()]
    return own or [r for r in refs if r.start is None]


# ---- the register ---------------------------------------------------------------------------

HEADER = """<!-- Generated by `python -m openfisca_arbeidsmigratie.sources > docs/sources.md`; do not edit by hand.
     tests/python/test_sources.py fails when this file is out of date. -->

# Source register

Every publication the parameters of current law cite (`parameters/`, except the proposals under
`parameters/voorstellen/` and the costing's figures under `parameters/kosten/`, which document
their own sources), with its reliability, and the facts the package relies on that are not
parameters. The package cites only publications and its own `docs/`.

**Primary** sources are the publications that set a value or the authority that applies it, by
host: {hosts}. Every other reference is **secondary**. Every value from 1 January 2014 on has at
least one primary reference; secondary references may stand beside it. No reference is a bare home
page or a forum (tests/python/test_sources.py).

**Reliability markers** in a title: `[LAW-TXT]` the legal text was read; `[2+]` two or more
independent sources agree; `[1]` one source; `[X]` not verified or contradicted; `-` none given.

**Legal moment** (`peildatum`): the date on which an amount is read. The salary criteria of the
kennismigrant and the EU Blue Card, the age limit and the reduced criterion's conditions are read on
the application date (`aanvraagdatum`): the IND tests an application against the criterion in force
on the day it is filed (an application of 20 December 2018 decided in January 2019 meets the 2018
amount). The IND announces each year's amounts as "how high an income must be from 1 January for
the application for or the grant of a residence permit"
([ind.nl, Per 1 januari nieuwe inkomenseisen](https://ind.nl/nieuws/Paginas/Per-1-januari-nieuwe-inkomenseisen.aspx));
advisers state that the new amounts "only apply for applications received by the IND on or after
January 1" ([limes-int.com, 2018](https://limes-int.com/?p=44206)), "applications that are filed
before 1 January 2017 are assessed under the 2016 salary threshold", also when the permit card is
received in 2017 ([eubluecard.nl, 20 December 2016](http://www.eubluecard.nl/news/eu-blue-card-salary-threshold-2017)), and, for an extension, that the
salary must meet the most recent criterion on the effective date of the extension, which the IND's
table "Which amount applies to my highly skilled migrant" says
([global-r-compass.nl](https://www.global-r-compass.nl/en/ind-most-recent-wage-criterion-applies-when-extending-residence-permit/);
[IND, required amounts](https://ind.nl/en/required-amounts-income-requirements)): give the date of
the extension application as `aanvraagdatum`. With the same employer the under-30 criterion keeps
applying after the 30th birthday; on a change of employer the age is tested again; the reduced
criterion once granted survives (inputs `kennismigrant_soort_aanvraag`,
`kennismigrant_eerder_toegepast_criterium`). The minimum wage and the Wav's periods are read for the
simulated month (`peildatum: maand` in each parameter's metadata).
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def render_parameters(system, exclude=("voorstellen", "kosten")) -> str:
    lines = ["## Parameters", ""]
    for path, parameter in law_parameters(system, exclude):
        refs = references(path, parameter)
        moment = (parameter.metadata or {}).get("peildatum", "")
        lines.append(f"### `{path}`")
        lines.append("")
        if parameter.description:
            lines.append(_cell(parameter.description) + ("" if not moment else f" — peildatum: {_cell(str(moment))}"))
            lines.append("")
        lines.append("| from | value | source | kind | reliability |")
        lines.append("|---|---|---|---|---|")
        for start, value in dated_values(parameter):
            shown = "gap (`null`)" if value is None else str(value)
            own = references_of_value(refs, start)
            if not own:
                lines.append(f"| {start} | {shown} | (see the parameter's documentation) | - | - |")
            for i, r in enumerate(own):
                kind = "primary" if r.primary else "secondary"
                lines.append(
                    f"| {start if i == 0 else ''} | {shown if i == 0 else ''} | [{_cell(r.title) or r.href}]({r.href}) | {kind} | {r.marker} |"
                )
        lines.append("")
    return "\n".join(lines)


def render_publications(system, exclude=("voorstellen", "kosten")) -> str:
    """Every distinct publication (href) the parameters cite, primary first, with its markers and users."""
    cited: dict[str, dict] = {}
    for path, parameter in law_parameters(system, exclude):
        for r in references(path, parameter):
            entry = cited.setdefault(r.href, {"reference": r, "markers": set(), "parameters": set()})
            entry["markers"].add(r.marker)
            entry["parameters"].add(path)
    lines = ["## Publications cited", "", "| publication | kind | reliability | cited by |", "|---|---|---|---|"]
    order = sorted(cited.values(), key=lambda e: (not e["reference"].primary, e["reference"].host, e["reference"].href))
    for entry in order:
        r = entry["reference"]
        markers = ", ".join(sorted(m for m in entry["markers"] if m != "-")) or "-"
        users = ", ".join(f"`{p}`" for p in sorted(entry["parameters"]))
        lines.append(f"| <{r.href}> | {'primary' if r.primary else 'secondary'} | {markers} | {users} |")
    lines.append("")
    return "\n".join(lines)


def _first_doc_line(variable) -> str:
    doc = " ".join((variable.documentation or "").split())
    match = re.search(r"Default[^.]*\.", doc)
    return match.group(0) if match else ""


def render_facts(system) -> str:
    """Facts that are not parameters: the route order, the refusal-ground order, the input defaults."""
    lines = ["## Facts that are not parameters", ""]
    route = system.variables.get("toelatingsroute")
    if route is not None:
        formula = next(iter(route.formulas.values()))
        doc = (formula.__globals__.get("__doc__") or "").strip()
        lines += ["### The order of the admission routes", "", "From the documentation of the module that defines the variable `toelatingsroute` (variables/toelating/):", ""]
        lines += ["> " + line if line else ">" for line in doc.splitlines()]
        lines.append("")
    grond = system.variables.get("twv_weigeringsgrond")
    if grond is not None:
        formula = next(iter(grond.formulas.values()))
        order = formula.__globals__.get("GRONDEN_IN_VOLGORDE")
        if order:
            lines += ["### The order of the TWV/GVVA refusal grounds (the first that applies decides)", ""]
            lines += [f"{i}. `{name}`" for i, (name, _) in enumerate(order, 1)]
            lines.append("")
    lines += [
        "### The defaults of the inputs",
        "",
        "An input not given takes its default: the ordinary lawful case (read from the variables).",
        "",
        "| input | entity | default | documented |",
        "|---|---|---|---|",
    ]
    for name in sorted(system.variables):
        variable = system.variables[name]
        if variable.formulas or name.startswith("_"):
            continue
        if variable.__module__ and ".voorstellen." in variable.__module__:
            continue
        default = variable.default_value
        shown = getattr(default, "name", default)
        lines.append(f"| `{name}` | {variable.entity.key} | `{shown}` | {_cell(_first_doc_line(variable))} |")
    lines.append("")
    return "\n".join(lines)


def render_markdown(system=None) -> str:
    """The whole docs/sources.md."""
    if system is None:
        system = CountryTaxBenefitSystem()
    header = HEADER.format(hosts=", ".join(PRIMARY_HOSTS))
    secondary = "\n".join(
        ["## Values with secondary sources only", "",
         "Their primary publication could not be reached; they are used by the costing only.", "",
         *(f"- `{path}` from {start}" for path, start in SECONDARY_ONLY), ""]
    )
    parts = [header, render_publications(system), render_parameters(system), secondary, render_facts(system)]
    return "\n".join(parts).rstrip("\n") + "\n"


def main() -> int:
    sys.stdout.write(render_markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

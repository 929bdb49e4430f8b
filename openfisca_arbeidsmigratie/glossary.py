"""docs/glossary.md: the Dutch terms of the outputs in English, with their articles.

The lists of routes (``Toelatingsroute``), refusal grounds (``Weigeringsgrond``), regimes (the
reforms registry) and output variables are generated from the package itself: the Dutch term is
the enum's value or the variable's label, the article is the ground's citation
(the registry of requirements, :mod:`openfisca_arbeidsmigratie.eisen`) or the variable's ``reference``. Only the English
renderings are written here. Rewrite the generated part after a change with::

    python -m openfisca_arbeidsmigratie.glossary docs/glossary.md

``tests/python/test_docs.py`` fails when the file is out of date or a member is missing.
"""

from __future__ import annotations

import pathlib
import sys

from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond

BEGIN = "<!-- BEGIN GENERATED: python -m openfisca_arbeidsmigratie.glossary docs/glossary.md -->"
END = "<!-- END GENERATED -->"

ROUTES_EN = {
    "vrij_verkeer": "Free movement of workers (EU/EEA/Switzerland) or free access to the labour market",
    "kennismigrant": "Residence permit as a highly skilled migrant (kennismigrantenregeling)",
    "europese_blauwe_kaart": "EU Blue Card",
    "twv_gvva": "Work permit (TWV) or single permit for residence and work (GVVA)",
    "vrijgesteld": "No permit needed: an exempted category",
    "puntentoets": "Admitted by the broad-welfare points test (proposal of the Adviesraad Migratie)",
    "geweigerd": "Refused",
}
# The variable whose reference gives a route's legal basis (in the regime that has it).
ROUTE_VARIABLES = {
    "vrij_verkeer": ("huidig_recht", "route_vrij_verkeer_open"),
    "kennismigrant": ("huidig_recht", "route_kennismigrant_open"),
    "europese_blauwe_kaart": ("huidig_recht", "route_europese_blauwe_kaart_open"),
    "twv_gvva": ("huidig_recht", "route_twv_gvva_open"),
    "vrijgesteld": ("huidig_recht", "vrijgestelde_categorie_wav"),
    "puntentoets": ("brede_welvaartstoets", "puntentoets_gehaald"),
}
GROUNDS_EN = {
    "geen": "Not refused",
    "wav_8_1_a_prioriteitgenietend_aanbod": "Priority supply (workers with priority) is available for the vacancy",
    "wav_8_1_b_vacature_niet_tijdig_gemeld": "The vacancy was not reported to UWV in time",
    "wav_8_1_c_onvoldoende_wervingsinspanningen": "The employer's recruitment efforts were insufficient",
    "wav_8_1_d_arbeidsvoorwaarden": "Terms of employment below the statutory or customary level",
    "wav_8_1_e_geen_verblijfsrecht": "No residence right (or application) that allows work",
    "wav_8_1_f_minimumloon": "Wage below the statutory minimum wage",
    "wav_8_1_g_aangewezen_arbeid": "Work designated as not in the Dutch interest",
    "wav_8_1_h_quotum": "The quota (Wav art. 5a) is reached",
    "wav_9_1_facultatief": "An optional refusal ground of Wav art. 9 lid 1 was applied",
    "wav_9_girale_betaling": "Wage not paid by bank transfer (2022 amendment)",
    "wav_9_economische_activiteit": "The employer has no economic activity in the Netherlands (2022 amendment)",
    "kennismigrant_looncriterium": "Highly skilled migrant: salary criterion not met",
    "kennismigrant_geen_erkend_referent": "Highly skilled migrant: the employer is not a recognised sponsor",
    "europese_blauwe_kaart_looncriterium": "EU Blue Card: salary criterion not met",
    "europese_blauwe_kaart_kwalificatie": "EU Blue Card: no higher-education degree or professional experience",
    "europese_blauwe_kaart_contractduur": "EU Blue Card: employment contract too short",
    "puntentoets_stap_1": "Points test: step 1 (the job) below its threshold",
    "puntentoets_totaal": "Points test: total below the admission threshold",
    "bandbreedte_bereikt": "Bandwidth: the yearly cap on labour migration is reached",
    "overig": "Another ground",
}
REGIMES_EN = {
    "huidig_recht": "Current law",
    "aanscherping_kennismigranten": "Tightening of the highly skilled migrant scheme: variants a to d together (Kamerstuk 29861 nr. 163)",
    "bandbreedte": "Bandwidth: a yearly cap on labour migrants from outside the EU, ranked by points",
    "brede_welvaartstoets": "Broad-welfare points test (Adviesraad Migratie) in place of the labour-market test and salary criteria",
    "geen_wijziging_2022": "Counterfactual: a TWV/GVVA after a full labour-market test stays valid one year (no 2022 Wav amendment)",
    "kennismigrant_gemiddeld_loon": "Highly skilled migrant: salary criteria at 1.1 / 1.3 times the average wage (variant b, Kamerstuk 29861 nr. 163)",
    "kennismigrant_onder_30_verhoogd": "Highly skilled migrant: higher salary criterion under 30 (variant a, Kamerstuk 29861 nr. 163)",
    "kennismigrant_verlaagd_beperkt": "Highly skilled migrant: reduced salary criterion limited in time (variant c, Kamerstuk 29861 nr. 163)",
    "referent_betrouwbaarheid_strenger": "Recognised sponsor: stricter reliability requirement (variant d, Kamerstuk 29861 nr. 163)",
    "vijfjarige_vergunning": "Five-year residence permit for labour migrants from outside the EU (Adviesraad Migratie)",
    "bandbreedte_saldo": "Bandwidth of the net labour-migration balance: room for non-EU admissions between a lower and an upper bound (motie Bikker, Kamerstuk 29861 nr. 129)",
    "brede_welvaartstoets_met_arbeidsmarkttoets": "Points test added to the Wav labour-market test (the cabinet's variant, Kamerstuk 29861 nr. 153)",
    "asiel_en_werk_migratiepact": "Work by asylum seekers after the EU Pact on Migration and Asylum: three months' wait with good prospects, a work ban with low prospects (consultation of November 2025)",
}
OUTPUTS_EN = {
    "toegelaten": "Admitted (to work in the Netherlands)",
    "toelatingsroute": "Admission route (one of the routes above)",
    "weigeringsgrond": "Deciding refusal ground (one of the grounds above)",
    "niet_voldaan_wav_8_1_a_prioriteitgenietend_aanbod": "Refused and fails Wav art. 8 lid 1 onder a (one such variable per refusal ground: niet_voldaan_<ground>)",
    "gezinshereniging_toegestaan": "Family reunification allowed",
    "verblijfsvergunning_geldigheidsduur_maanden": "Validity of the residence or work permit (months)",
    "tewerkstellingsvergunning_vereist": "A work permit (TWV) is required",
    "vrij_verkeer_van_werknemers": "Free movement of workers applies",
    "twv_verleend": "Work permit granted",
    "twv_geldigheidsduur": "Validity of the work permit (months)",
    "twv_maximale_geldigheidsduur": "Longest validity the law allows for the work permit (months)",
    "kennismigrant_looncriterium": "Salary criterion for a highly skilled migrant (euros a month)",
    "europese_blauwe_kaart_looncriterium": "Salary criterion for the EU Blue Card (euros a month)",
    "wettelijk_minimumloon_maand": "Statutory minimum wage (euros a month)",
    "aantal_meereizende_gezinsleden": "Number of accompanying family members",
}


def _cell(text) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ").strip()


def _reference(variable) -> str:
    if variable is None or not variable.reference:
        return ""
    refs = variable.reference if isinstance(variable.reference, list | tuple) else [variable.reference]
    from openfisca_arbeidsmigratie.explain.test_coverage import article_of  # noqa: PLC0415

    laws = {"BWBR0007149": "Wav", "BWBR0007523": "Besluit uitvoering Wav", "BWBR0046078": "Besluit uitvoering Wav 2022"}
    out = []
    for ref in refs:
        key = article_of(ref)
        for bwb, law in laws.items():
            key = key.replace(bwb, law)
        out.append(f"[{key}]({ref})" if key != ref else f"<{ref}>")
    return "; ".join(out)


def _registry() -> dict[str, dict]:
    """Per Weigeringsgrond member: its English description and citation (``law``, ``article``,
    ``lid``, ``onderdeel``, ``url``), from the registry of requirements (``eisen.catalogue()``)."""
    from openfisca_arbeidsmigratie import eisen  # noqa: PLC0415

    return {
        e["name"]: {"description": e.get("description_en") or e.get("description", ""), **(e.get("citation") or {})}
        for e in eisen.catalogue()
    }


def _citation(c: dict | None) -> str:
    if not c:
        return ""
    where = " ".join(
        part
        for part in (
            c.get("law") or "",
            f"art. {c['article']}" if c.get("article") else "",
            f"lid {c['lid']}" if c.get("lid") else "",
            f"onder {c['onderdeel']}" if c.get("onderdeel") else "",
        )
        if part
    )
    return f"[{where}]({c['url']})" if c.get("url") and where else where


def english_of_ground(member: str, registry: dict[str, dict] | None = None) -> str:
    """The English of a refusal ground: written here, else the registry's description."""
    if member in GROUNDS_EN:
        return GROUNDS_EN[member]
    return (registry if registry is not None else _registry()).get(member, {}).get("description", "")


def generated_part() -> str:
    """The generated lists: routes, refusal grounds, regimes, output variables."""
    from openfisca_arbeidsmigratie.reforms import (  # noqa: PLC0415 (loads the law)
        BASELINE,
        available_regimes,
        baseline_system,
        build_regime,
        reform_class,
    )

    systems = {BASELINE: baseline_system()}
    lines = [BEGIN, "", "## Admission routes (`toelatingsroute`, enum `Toelatingsroute`)", ""]
    lines += ["| member | Dutch | English | legal basis |", "|---|---|---|---|"]
    for member in Toelatingsroute:
        regime, name = ROUTE_VARIABLES.get(member.name, (BASELINE, None))
        if regime not in systems:
            systems[regime] = build_regime(regime)
        variable = systems[regime].variables.get(name) if name else None
        lines.append(
            f"| `{member.name}` | {_cell(member.value)} | {_cell(ROUTES_EN.get(member.name, ''))} | {_reference(variable)} |"
        )
    lines += ["", "## Refusal grounds (`weigeringsgrond`, enum `Weigeringsgrond`)", ""]
    lines += [
        "Each ground also has a bool output `niet_voldaan_<member>` (the requirement is not met).",
        "",
        "| member | Dutch | English | article |",
        "|---|---|---|---|",
    ]
    registry = _registry()
    for member in Weigeringsgrond:
        english = english_of_ground(member.name, registry)
        lines.append(
            f"| `{member.name}` | {_cell(member.value)} | {_cell(english)} | {_citation(registry.get(member.name))} |"
        )
    lines += ["", "## Regimes (`--reform`, `regimes` of `/compare`)", ""]
    lines += ["| name | Dutch | English |", "|---|---|---|"]
    for name in available_regimes():
        dutch = "Huidig recht" if name == BASELINE else reform_class(name).name or name
        lines.append(f"| `{name}` | {_cell(dutch)} | {_cell(REGIMES_EN.get(name, ''))} |")
    lines += ["", "## Outputs", ""]
    lines += ["| variable | Dutch label | English | reference |", "|---|---|---|---|"]
    for name, english in OUTPUTS_EN.items():
        variable = systems[BASELINE].variables[name]
        lines.append(f"| `{name}` | {_cell(variable.label)} | {_cell(english)} | {_reference(variable)} |")
    return "\n".join([*lines, "", END])


def rewrite(path: str | pathlib.Path) -> bool:
    """Replace the generated part of ``path`` (between the markers). True if the file changed."""
    path = pathlib.Path(path)
    text = path.read_text(encoding="utf-8")
    start, stop = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + generated_part() + text[stop:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # pragma: no cover
    print("rewritten" if rewrite(sys.argv[1] if len(sys.argv) > 1 else "docs/glossary.md") else "up to date")

"""The words of the costing report in Dutch (default) and English, and number formats per language.

Every heading, label and note the report or its charts show is looked up here by key, so a report is
in one language throughout. Reform and regime names stay the registry's names (identifiers), with
the reform's own Dutch description beside them.
"""

from __future__ import annotations

import math

LANGUAGES = ("nl", "en")

ROUTES = {
    "nl": {
        "vrij_verkeer": "vrij verkeer (EU/EER/Zwitserland)",
        "kennismigrant": "kennismigrant",
        "europese_blauwe_kaart": "Europese blauwe kaart",
        "twv_gvva": "TWV of GVVA",
        "vrijgesteld": "vrijgesteld (geen vergunning nodig)",
        "puntentoets": "brede welvaartstoets (punten)",
        "geweigerd": "geweigerd",
        "toegelaten (totaal)": "toegelaten (totaal)",
    },
    "en": {
        "vrij_verkeer": "free movement (EU/EEA/Switzerland)",
        "kennismigrant": "highly skilled migrant",
        "europese_blauwe_kaart": "EU Blue Card",
        "twv_gvva": "work permit (TWV) or single permit (GVVA)",
        "vrijgesteld": "exempt (no permit needed)",
        "puntentoets": "broad-welfare points test",
        "geweigerd": "refused",
        "toegelaten (totaal)": "admitted (total)",
    },
}

SECTORS_EN = {
    "A": "Agriculture, forestry and fishing",
    "B": "Mining and quarrying",
    "C": "Manufacturing",
    "D": "Electricity and gas supply",
    "E": "Water supply and waste management",
    "F": "Construction",
    "G": "Wholesale and retail trade",
    "H": "Transportation and storage",
    "I": "Accommodation and food services",
    "J": "Information and communication",
    "K": "Financial institutions",
    "L": "Real estate activities",
    "M": "Professional, scientific and technical activities",
    "N": "Administrative and support services",
    "O": "Public administration and compulsory social security",
    "P": "Education",
    "Q": "Human health and social work",
    "R": "Culture, sports and recreation",
    "S": "Other service activities",
    "T": "Households as employers",
    "U": "Extraterritorial organisations",
}
"""English titles of the SBI 2008 sections (CBS, Standaard Bedrijfsindeling 2008, English version)."""

ISCO_MAJOR = {
    "nl": {
        "0": "Militaire beroepen",
        "1": "Leidinggevenden",
        "2": "Specialisten (intellectuele en wetenschappelijke beroepen)",
        "3": "Technici en vakspecialisten",
        "4": "Administratief personeel",
        "5": "Dienstverlenend personeel en verkopers",
        "6": "Geschoolde landbouwers, bosbouwers en vissers",
        "7": "Ambachtslieden en verwante beroepen",
        "8": "Bedieningspersoneel van machines, assemblagemedewerkers en chauffeurs",
        "9": "Elementaire beroepen",
        "": "Beroep onbekend",
    },
    "en": {
        "0": "Armed forces occupations",
        "1": "Managers",
        "2": "Professionals",
        "3": "Technicians and associate professionals",
        "4": "Clerical support workers",
        "5": "Service and sales workers",
        "6": "Skilled agricultural, forestry and fishery workers",
        "7": "Craft and related trades workers",
        "8": "Plant and machine operators, and assemblers",
        "9": "Elementary occupations",
        "": "Occupation unknown",
    },
}
"""The ten major groups of ISCO-08 (ILO, International Standard Classification of Occupations 2008)."""

CRITERIA = {
    "nl": {
        "kennismigrant_looncriterium": "looncriterium kennismigrant",
        "europese_blauwe_kaart_toepasselijk_looncriterium": "looncriterium blauwe kaart",
    },
    "en": {
        "kennismigrant_looncriterium": "salary criterion highly skilled migrant",
        "europese_blauwe_kaart_toepasselijk_looncriterium": "salary criterion Blue Card",
    },
}

WORDS = {
    "nl": {
        "title": "Kostenraming arbeidsmigratie: huidig recht en hervormingen",
        "intro": (
            "Periode vanaf {period}, {n} jaar ({first}-{last}), {draws} Monte Carlo-trekkingen (seed {seed}). "
            "Centraal: de raming met elke aanname op haar centrale waarde; het 90%-interval (5e en 95e percentiel) "
            "loopt over de trekkingen en kan bij weinig trekkingen de centrale raming niet omvatten."
        ),
        "no_draws": "Zonder trekkingen: alleen de centrale raming, geen interval.",
        "contents": "Inhoud",
        "summary": "1. Samenvatting: verandering ten opzichte van huidig recht",
        "summary_intro": (
            "Per hervorming de verandering ten opzichte van huidig recht in het eerste jaar ({first}) en in het "
            "laatste jaar ({last}), wanneer de cohorten van eerdere jaren meetellen. Bedragen in miljoen euro met "
            "één decimaal, aantallen in duizenden per jaar. De tabel is te kopiëren (ook als summary.json en "
            "differences.csv)."
        ),
        "reforms": "Doorgerekende regimes",
        "reform": "hervorming",
        "item": "post",
        "unit": "eenheid",
        "current_law": "huidig recht",
        "central": "centraal",
        "low": "5%",
        "high": "95%",
        "change": "verandering",
        "year": "jaar",
        "eur_mln": "mln euro",
        "thousand": "duizend",
        "months": "maanden",
        "percent": "%",
        "percent_points": "% (verandering: procentpunt)",
        "item_admissions": "Toelatingen (cohort van het jaar)",
        "item_admissions_non_eu": "waarvan verleende vergunningen niet-EU",
        "item_validity": "Geldigheidsduur verleende vergunningen (gemiddeld)",
        "item_validity_60": "Vergunningen van 60 maanden of langer (aandeel)",
        "item_fees": "Leges",
        "item_decisions_ind": "Beslissingen IND",
        "item_decisions_points": "Beslissingen brede welvaartstoets",
        "item_tests_uwv": "Arbeidsmarkttoetsen UWV",
        "item_cost": "Uitvoeringskosten IND en UWV",
        "item_tax": "Belasting en premies",
        "item_net": "Saldo van de geraamde posten",
        "item_dwellings": "Woningen op de reguliere woningmarkt",
        "item_family": "Gezinsleden aanwezig",
        "same_every_year": "zelfde elk jaar (nieuwe vergunningen; centrale raming)",
        "caveat_title": "Wat het saldo niet is",
        "caveat": (
            "Het saldo omvat alleen de hier geraamde posten (leges, loonbelasting en premies, uitvoeringskosten "
            "van IND en UWV). Publieke uitgaven aan de migranten en hun gezinnen (onderwijs, zorg, uitkeringen, "
            "huisvesting) vallen erbuiten; het is dus geen netto fiscale bijdrage. Ramingen van de netto "
            "bijdrage over de levensloop zijn omstreden en worden niet gebruikt."
        ),
        "admissions_section": "2. Toelatingen per route",
        "routes_table": "Aanvragers per route en regime (per jaar, gewogen)",
        "route_changes_table": "Verandering per route ten opzichte van huidig recht (per jaar, gewogen)",
        "route": "route",
        "percent_change": "verandering in %",
        "chart_route_changes": "Verandering in toelatingen per route ten opzichte van huidig recht",
        "chart_route_changes_x": "toegelaten aanvragers per jaar (gewogen), verschil met huidig recht",
        "sectors_section": "3. Sectoren en beroepen",
        "sectors_table": "Toegelaten per sector (SBI 2008), per jaar, gewogen",
        "sector": "sector (SBI)",
        "occupations_table": "Toegelaten per beroepsgroep (ISCO-08 hoofdgroep), per jaar, gewogen",
        "occupation": "beroepsgroep (ISCO-08)",
        "applicants": "aanvragers",
        "chart_sectors": "Verandering in toelatingen per sector (SBI) ten opzichte van huidig recht",
        "chart_sectors_x": "toegelaten aanvragers per jaar (gewogen), verschil met huidig recht",
        "transitions_section": "4. Overgangen tussen routes",
        "transitions_table": "Overgangen per hervorming (aanvragers per jaar, gewogen)",
        "admitted_to_refused": "toegelaten → geweigerd",
        "refused_to_admitted": "geweigerd → toegelaten",
        "route_changed": "andere route",
        "unchanged": "ongewijzigd",
        "flows_table": "Grootste stromen met hun beslissende weigeringsgrond",
        "from_route": "route huidig recht",
        "to_route": "route hervorming",
        "main_ground": "voornaamste beslissende grond",
        "share": "aandeel",
        "chart_transitions": "Overgangen onder {reform}: route onder huidig recht (rij) en onder de hervorming (kolom)",
        "chart_transitions_x": "route onder {reform}",
        "chart_transitions_y": "route onder huidig recht",
        "no_transitions": "{reform}: niemand krijgt een andere route of uitkomst; geen overgangsmatrix.",
        "refusals_table": "Weigeringen per grond",
        "kind_deciding": "de beslissende grond",
        "kind_failed_requirement": "elke niet vervulde eis",
        "kind": "soort",
        "ground": "weigeringsgrond",
        "weighted": "gewogen aantal",
        "share_refused": "aandeel van geweigerden",
        "source": "bron",
        "wages_section": "5. Lonen tegenover de looncriteria",
        "chart_wages": "Loonverdeling van niet-EU-aanvragers tegenover elk looncriterium, per regime",
        "chart_wages_x": "bruto maandloon excl. vakantiebijslag (euro)",
        "chart_wages_y": "aanvragers per jaar (gewogen)",
        "wages_table": "Aanvragers rond elk looncriterium (niet-EU, per jaar, gewogen)",
        "criterion": "criterium",
        "amount": "bedrag (euro per maand)",
        "below_10": "tot 10% eronder",
        "at_or_above": "erop of erboven",
        "budget_section": "6. Budgettaire effecten per jaar",
        "chart_budget": "Budgettaire effecten per jaar: verschil met huidig recht (mln euro), centraal en 90%-interval",
        "chart_workload": "Werklast IND en UWV per jaar: verschil met huidig recht (duizend), centraal en 90%-interval",
        "yearly_table": "{label}: per jaar",
        "yearly_intro": "Per regime de centrale raming; per hervorming het verschil met huidig recht met tussen haakjes het 90%-interval. De intervallen van de niveaus staan in yearly.csv.",
        "difference": "verschil",
        "appendix": "Bijlage A. Methode, aannames en bronnen",
        "method_title": "Wat elk cijfer omvat",
        "assumptions_title": "Aannames met hun onderbouwing",
        "sources_title": "Eenheidswaarden en bronnen",
        "parameter": "parameter",
        "value": "waarde",
        "range": "bandbreedte",
        "rationale": "onderbouwing",
        "assumptions_intro": (
            "Elke waarde die de wet of een publicatie niet geeft, is een aanname met een onderbouwing (de metadata "
            "assumption van de parameter, zoals daar in het Engels vastgelegd) en, waar zij onzeker is, een "
            "bandbreedte waarover de trekkingen lopen. Parameternamen zonder het voorvoegsel kosten."
        ),
        "receipt_title": "Bijlage B. Ontvangstbewijs (herhaalbaarheid)",
        "warnings_title": "Waarschuwingen",
        "footnote_admissions": (
            "De toelatingen in de routetabellen (hoofdstuk 2 tot en met 4) zijn die van de microsimulatie zelf. De "
            "jaartabellen en de samenvatting tellen daarbij de loonreactie van werkgevers op: een aandeel "
            "(onzekerheid.loonreactie_aandeel) van wie onder een hoger looncriterium zou worden geweigerd maar het "
            "binnen een marge (onzekerheid.loonreactie_marge) haalt, krijgt het hogere loon en wordt toegelaten. "
            "Daardoor verschillen de toelatingen onder een hervorming tussen die tabellen."
        ),
        "footnote_permits": (
            "De geldigheidsduur en het aandeel van 60 maanden komen uit de microsimulatie (zonder loonreactie), "
            "centrale raming."
        ),
        "footnote_family": (
            "Gezinsleden: meereizend volgens de populatie, nareizend volgens gezin.gezinsleden_per_arbeidsmigrant "
            "en gezin.nareis_vertraging_jaren; aanwezig is het jaargemiddelde."
        ),
        "no_change": "geen verandering",
        "decomposition_intro": (
            "Een gecombineerd regime (a+b) wordt ontleed: de hervormingen worden één voor één toegevoegd in de "
            "volgorde waarin zij worden toegepast; de bijdrage van elke hervorming is de verandering ten opzichte van "
            "de stap ervoor, zodat de bijdragen optellen tot de verandering van de combinatie."
        ),
        "decomposition_table": "Bijdrage per hervorming aan de verandering (aanvragers per jaar, gewogen)",
        "admitted_change": "verandering toegelaten",
        "per_route": "per route",
        "no_ground": "geen weigering (andere route)",
        "warnings_note": "meldingen van het rekenmodel, in het Engels",
        "legal_text": "wettekst",
        "projection_note": "Projectie",
    },
    "en": {
        "title": "Costing of labour migration: current law and reforms",
        "intro": (
            "Period from {period}, {n} years ({first}-{last}), {draws} Monte Carlo draws (seed {seed}). "
            "Central: the estimate with every assumption at its central value; the 90% interval (5th and 95th "
            "percentile) is over the draws and, with few draws, may not contain the central estimate."
        ),
        "no_draws": "No draws: the central estimate only, no interval.",
        "contents": "Contents",
        "summary": "1. Summary: change from current law",
        "summary_intro": (
            "Per reform the change from current law in the first year ({first}) and in the last year ({last}), "
            "when the cohorts of earlier years count too. Amounts in million euro with one decimal, numbers in "
            "thousands per year. The table can be copied (also as summary.json and differences.csv)."
        ),
        "reforms": "Regimes costed",
        "reform": "reform",
        "item": "item",
        "unit": "unit",
        "current_law": "current law",
        "central": "central",
        "low": "5%",
        "high": "95%",
        "change": "change",
        "year": "year",
        "eur_mln": "EUR million",
        "thousand": "thousand",
        "months": "months",
        "percent": "%",
        "percent_points": "% (change: percentage points)",
        "item_admissions": "Admissions (cohort of the year)",
        "item_admissions_non_eu": "of which permits issued, non-EU",
        "item_validity": "Validity of permits issued (mean)",
        "item_validity_60": "Permits valid 60 months or more (share)",
        "item_fees": "Fees",
        "item_decisions_ind": "IND decisions",
        "item_decisions_points": "Points-test decisions",
        "item_tests_uwv": "UWV labour-market tests",
        "item_cost": "Execution costs IND and UWV",
        "item_tax": "Tax and contributions",
        "item_net": "Balance of the items costed",
        "item_dwellings": "Dwellings on the regular housing market",
        "item_family": "Family members present",
        "same_every_year": "same every year (new permits; central estimate)",
        "caveat_title": "What the balance is not",
        "caveat": (
            "The balance covers only the items costed here (fees, wage tax and contributions, execution costs "
            "of IND and UWV). It leaves out public spending on the migrants and their families (education, care, "
            "benefits, housing) and so is not a net fiscal contribution; lifetime net-fiscal-contribution "
            "estimates are contested and are not used."
        ),
        "admissions_section": "2. Admissions by route",
        "routes_table": "Applicants by route and regime (per year, weighted)",
        "route_changes_table": "Change by route from current law (per year, weighted)",
        "route": "route",
        "percent_change": "change in %",
        "chart_route_changes": "Change in admissions by route from current law",
        "chart_route_changes_x": "admitted applicants per year (weighted), difference from current law",
        "sectors_section": "3. Sectors and occupations",
        "sectors_table": "Admitted by sector (SBI 2008), per year, weighted",
        "sector": "sector (SBI)",
        "occupations_table": "Admitted by occupation (ISCO-08 major group), per year, weighted",
        "occupation": "occupation (ISCO-08)",
        "applicants": "applicants",
        "chart_sectors": "Change in admissions by sector (SBI) from current law",
        "chart_sectors_x": "admitted applicants per year (weighted), difference from current law",
        "transitions_section": "4. Transitions between routes",
        "transitions_table": "Transitions per reform (applicants per year, weighted)",
        "admitted_to_refused": "admitted → refused",
        "refused_to_admitted": "refused → admitted",
        "route_changed": "other route",
        "unchanged": "unchanged",
        "flows_table": "Largest flows with their deciding refusal ground",
        "from_route": "route under current law",
        "to_route": "route under the reform",
        "main_ground": "main deciding ground",
        "share": "share",
        "chart_transitions": "Transitions under {reform}: route under current law (row) and under the reform (column)",
        "chart_transitions_x": "route under {reform}",
        "chart_transitions_y": "route under current law",
        "no_transitions": "{reform}: nobody gets another route or outcome; no transition matrix.",
        "refusals_table": "Refusals by ground",
        "kind_deciding": "the deciding ground",
        "kind_failed_requirement": "every requirement not met",
        "kind": "kind",
        "ground": "refusal ground",
        "weighted": "weighted number",
        "share_refused": "share of refused",
        "source": "source",
        "wages_section": "5. Wages against the salary criteria",
        "chart_wages": "Wage distribution of non-EU applicants against each salary criterion, per regime",
        "chart_wages_x": "gross monthly wage excl. holiday allowance (euro)",
        "chart_wages_y": "applicants per year (weighted)",
        "wages_table": "Applicants around each salary criterion (non-EU, per year, weighted)",
        "criterion": "criterion",
        "amount": "amount (euro a month)",
        "below_10": "up to 10% below",
        "at_or_above": "at or above",
        "budget_section": "6. Budget effects per year",
        "chart_budget": "Budget effects per year: difference from current law (EUR million), central and 90% interval",
        "chart_workload": "IND and UWV workload per year: difference from current law (thousands), central and 90% interval",
        "yearly_table": "{label}: per year",
        "yearly_intro": "Per regime the central estimate; per reform the difference from current law with the 90% interval in brackets. The intervals of the levels are in yearly.csv.",
        "difference": "difference",
        "appendix": "Appendix A. Method, assumptions and sources",
        "method_title": "What each figure includes",
        "assumptions_title": "Assumptions with their rationale",
        "sources_title": "Unit values and sources",
        "parameter": "parameter",
        "value": "value",
        "range": "range",
        "rationale": "rationale",
        "assumptions_intro": (
            "Every value that the law or a publication does not give is an assumption with a rationale (the "
            "parameter's assumption metadata) and, where it is uncertain, a range over which the draws run. "
            "Parameter names without the prefix kosten."
        ),
        "receipt_title": "Appendix B. Receipt (reproducibility)",
        "warnings_title": "Warnings",
        "footnote_admissions": (
            "Admissions in the route tables (sections 2 to 4) are those of the microsimulation itself. The yearly "
            "tables and the summary add the employers' wage response: a share (onzekerheid.loonreactie_aandeel) of "
            "those refused under a higher salary criterion who are within a margin of it "
            "(onzekerheid.loonreactie_marge) get the higher wage and are admitted. So admissions under a reform "
            "differ between those tables."
        ),
        "footnote_permits": (
            "Validity and the share of 60 months come from the microsimulation (without wage response), central "
            "estimate."
        ),
        "footnote_family": (
            "Family members: accompanying as in the population, following as in gezin.gezinsleden_per_arbeidsmigrant "
            "and gezin.nareis_vertraging_jaren; present is the yearly average."
        ),
        "no_change": "no change",
        "decomposition_intro": (
            "A combined regime (a+b) is decomposed: the reforms are added one at a time in the order they apply; "
            "each reform's contribution is the change from the step before, so the contributions add up to the "
            "change of the combination."
        ),
        "decomposition_table": "Contribution of each reform to the change (applicants per year, weighted)",
        "admitted_change": "change in admitted",
        "per_route": "by route",
        "no_ground": "no refusal (another route)",
        "warnings_note": "messages of the model",
        "legal_text": "statute",
        "projection_note": "Projection",
    },
}

METHOD = {
    "nl": [
        ("Toelatingen", "Eén cohort aanvragers per jaar (de populatie, gewogen naar landelijke aantallen), onder elk regime beslist door de wettelijke variabelen; elk jaar komt hetzelfde cohort bij."),
        ("Vergunningen", "Verleende vergunningen niet-EU (kennismigrant, blauwe kaart, TWV/GVVA, puntentoets) met hun geldigheidsduur volgens de wet of de hervorming."),
        ("Leges", "Eerste aanvragen, gezinsleden, erkenning als referent, verlengingen en verblijf voor onbepaalde tijd, elk aantal maal het tarief van dat jaar (kosten.leges)."),
        ("Werklast IND en UWV", "Beslissingen van de IND (eerste aanvraag, verlenging, gezin, onbepaalde tijd), beslissingen in de brede welvaartstoets, arbeidsmarkttoetsen van UWV (ook bij verlenging); uitvoeringskosten zijn aantal maal kostprijs (kosten.uitvoering)."),
        ("Belasting en premies", "Loon- en inkomstenbelasting, premies volksverzekeringen na heffingskortingen en werkgeverspremies over het loon van de aanwezige migranten, met de 30%-regeling voor een aandeel van de kennismigranten (variabelen van de belastingwet)."),
        ("Huisvesting", "Woningen op de reguliere woningmarkt in gebruik door aanwezige migranten en hun huishouden, en personen buiten die markt (kosten.huisvesting)."),
        ("Blijven en vertrekken", "Vertrek binnen vijf jaar per groep (EU, niet-EU) volgens CBS, verdeeld naar loon en huishouden (kosten.verblijf)."),
        ("Onzekerheid", "Elke aanname met een bandbreedte wordt per trekking getrokken (driehoeksverdeling, centraal als modus); het interval is het 5e tot 95e percentiel, per jaar en per verschil gepaard per trekking."),
    ],
    "en": [
        ("Admissions", "One cohort of applicants a year (the population, weighted to national totals), decided under each regime by the law's variables; every year the same cohort arrives."),
        ("Permits", "Permits issued to non-EU applicants (highly skilled migrant, Blue Card, TWV/GVVA, points test) with their validity under the law or the reform."),
        ("Fees", "First applications, family members, recognition as sponsor, renewals and permanent residence, each number times that year's fee (kosten.leges)."),
        ("IND and UWV workload", "IND decisions (first application, renewal, family, permanent residence), points-test decisions, UWV labour-market tests (renewals included); execution costs are number times unit cost (kosten.uitvoering)."),
        ("Tax and contributions", "Wage and income tax, national-insurance contributions after tax credits and employer contributions on the wages of the migrants present, with the 30% ruling for a share of the highly skilled (variables of the tax law)."),
        ("Housing", "Dwellings on the regular housing market used by the migrants present and their households, and persons outside that market (kosten.huisvesting)."),
        ("Staying and leaving", "Departure within five years per group (EU, non-EU) as CBS reports, spread by wage and household (kosten.verblijf)."),
        ("Uncertainty", "Each assumption with a range is drawn per draw (triangular, central value as mode); the interval is the 5th to 95th percentile, per year and per difference paired by draw."),
    ],
}


def words(language: str) -> dict[str, str]:
    return WORDS[language]


def number(value: float | None, decimals: int, language: str, *, sign: bool = False) -> str:
    """``value`` rounded to ``decimals`` in the language's notation (nl: 1.234,5; en: 1,234.5);
    a minus is the typographic minus; ``sign`` adds a plus to a positive number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0,0"
    text = f"{abs(rounded):,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    prefix = "\u2212" if rounded < 0 else ("+" if sign and rounded > 0 else "")
    return prefix + text


def route_label(route: str, language: str) -> str:
    return ROUTES[language].get(route, route)


def sector_label(code: str, language: str) -> str:
    """``"A Landbouw, ..."``: the code with its SBI 2008 title (enums.SbiSectie in Dutch)."""
    from openfisca_arbeidsmigratie.enums import SbiSectie  # noqa: PLC0415

    if language == "en" and code in SECTORS_EN:
        return f"{code} {SECTORS_EN[code]}"
    member = SbiSectie.__members__.get(code)
    return member.value if member is not None else code


def occupation_label(group: str, language: str) -> str:
    name = ISCO_MAJOR[language].get(group, group)
    return f"{group} {name}" if group else name

"""Calibration targets of the synthetic population, each with its source (domain.md §3.2, §7).

The population is one YEAR of labour-migration cases in the Netherlands, in five segments. Weights
gross each segment up to its yearly national total. Segment totals come from different
statistics (IND applications, UWV applications, CBS immigration by motive); domain.md warns not
to mix series, so each segment uses ONE series and says which. Values marked ``aanname`` are the
generator's assumptions where no published figure was found (domain.md "open points").

Wages are in euro per month excluding holiday allowance, at the 2026 level (reference month
2026-01), so that the mass around the salary criteria sits at the 2026 criteria.
"""

from __future__ import annotations

import dataclasses

REFERENCE_MONTH = "2026-01"


@dataclasses.dataclass(frozen=True)
class Target:
    key: str
    value: float
    unit: str
    meaning: str
    source: str
    reliability: str  # domain.md marker ([2+], [1]) or "aanname" / "afgeleid"


# --- Yearly totals per segment (weighted applicants) -------------------------------------------
SEGMENT_TOTALS = {
    "eu_werknemer": 48_400,
    "kennismigrant": 13_000,
    "europese_blauwe_kaart": 150,
    "twv_gvva": 23_900,
    "twv_asielzoeker": 2_000,
}

# --- Salary criteria and minimum wage in 2026 (domain.md §3.2, §7.6) ---------------------------
KENNISMIGRANT_30_PLUS = 5_942.0
KENNISMIGRANT_ONDER_30 = 4_357.0
BLAUWE_KAART = 5_942.0
WML_UUR = 14.71
WML_MAAND_40_UUR = round(WML_UUR * 40 * 52 / 12, 2)  # 2,549.73: hourly minimum x 40 h x 52 / 12

TARGETS: tuple[Target, ...] = (
    Target(
        "totaal.eu_werknemer",
        48_400,
        "applicants/year",
        "EU/EER/CH labour immigrants (free movement, no permit)",
        "CBS labour immigrants 2023 ≈ 70,000 (blikopnieuws.nl, domain §7.3) minus non-EU knowledge migrants 2023 "
        "≈ 21,600 (CBS 2024: 16,000 = -26% vs 2023, domain §7.2)",
        "afgeleid from [1]",
    ),
    Target(
        "totaal.kennismigrant",
        13_000,
        "applicants/year",
        "kennismigrant applications",
        "IND: scheme used ~13,000 times in 2023 (domain §3.4, §7.2)",
        "[1]",
    ),
    Target(
        "totaal.europese_blauwe_kaart",
        150,
        "applicants/year",
        "EU Blue Card applications",
        "~150 Blue Cards in 2020 (europeseblauwekaart.nl citing IND, domain §7.2)",
        "[1]",
    ),
    Target(
        "totaal.twv_gvva",
        23_900,
        "applicants/year",
        "TWV and GVVA applications other than asylum seekers",
        "UWV 2023: 25,900 TWV + GVVA-advice applications (rendement.nl, domain §7.1) minus 2,000 asylum seekers",
        "[1]",
    ),
    Target(
        "totaal.twv_asielzoeker",
        2_000,
        "applicants/year",
        "TWV applications for asylum seekers",
        "UWV: TWVs for asylum seekers 2,000 in 2023 (domain §7.1)",
        "[1]",
    ),
    Target(
        "kennismigrant.aandeel.IN",
        0.287,
        "share",
        "India among non-EU knowledge migrants",
        "CBS inflow 2005-2016 via smartbonnie overview (domain §7.2b)",
        "[1]",
    ),
    Target("kennismigrant.aandeel.US", 0.128, "share", "United States", "same", "[1]"),
    Target("kennismigrant.aandeel.CN", 0.102, "share", "China", "same", "[1]"),
    Target("kennismigrant.aandeel.JP", 0.060, "share", "Japan", "same", "[1]"),
    Target("kennismigrant.aandeel.TR", 0.050, "share", "Turkey", "same", "[1]"),
    Target(
        "eu_werknemer.aandeel.PL",
        0.32,
        "share",
        "Poland among EU/EFTA labour migrants",
        "CBS inflow 2005-2016 (domain §7.2b); the UK's 8% is left out (third country since 2021) "
        "and spread over other EU states",
        "[1] + aanname",
    ),
    Target("eu_werknemer.aandeel.DE", 0.09, "share", "Germany", "same", "[1]"),
    Target("eu_werknemer.aandeel.IT", 0.07, "share", "Italy", "same", "[1]"),
    Target("eu_werknemer.aandeel.FR", 0.05, "share", "France", "same", "[1]"),
    Target(
        "eu_werknemer.sector.N",
        0.409,
        "share",
        "EU/EFTA labour migrants working through an agency (SBI N)",
        "CBS: 40.9% via temporary-work agencies (domain §7.2b)",
        "[1]",
    ),
    Target(
        "kennismigrant.sector.J",
        0.23,
        "share",
        "knowledge migrants in ICT (SBI J)",
        "CBS 2022: ICT 23% (volkskrant.nl, domain §7.2)",
        "[1]",
    ),
    Target(
        "kennismigrant.sector.MN",
        0.24,
        "share",
        "knowledge migrants in business services (SBI M+N)",
        "CBS 2022: business services 24% (domain §7.2)",
        "[1]",
    ),
    Target(
        "kennismigrant.onder_40",
        2 / 3,
        "share",
        "knowledge migrants under 40",
        "CBS 2022: two thirds under 40 (domain §7.2)",
        "[1]",
    ),
    Target(
        "kennismigrant.onder_30",
        0.30,
        "share",
        "knowledge migrants under 30",
        "not found (domain open point 9)",
        "aanname",
    ),
    Target(
        "kennismigrant.loon_boven_criterium",
        0.93,
        "share",
        "knowledge migrants paid at least their criterion",
        "IND Kennis en Talent grant rate 92-94% (kroesadvocaten.nl, domain §7.2); all refusals put on the wage",
        "aanname",
    ),
    Target(
        "kennismigrant.loon_tot_5pct_boven_criterium",
        0.30,
        "share",
        "bunching: paid between the criterion and 5% above it",
        "salary distribution not found (domain open point 9)",
        "aanname",
    ),
    Target(
        "kennismigrant.met_partner",
        0.38,
        "share",
        "knowledge migrants living with a partner",
        "CBS (domain §7.2b)",
        "[1]",
    ),
    Target(
        "eu_werknemer.met_partner",
        0.25,
        "share",
        "EU/EFTA labour migrants living with a partner",
        "CBS (domain §7.2b)",
        "[1]",
    ),
)


def target(key: str) -> Target:
    return next(t for t in TARGETS if t.key == key)


def markdown_table() -> str:
    """The calibration targets as a markdown table (for docs/synthetic-population.md)."""
    lines = ["| key | value | unit | meaning | source | reliability |", "|---|---|---|---|---|---|"]
    for t in TARGETS:
        value = f"{t.value:,.0f}" if t.value >= 10 else f"{t.value:.3f}"
        lines.append(
            f"| `{t.key}` | {value} | {t.unit} | {t.meaning} | {t.source} | {t.reliability} |"
        )
    return "\n".join(lines) + "\n"

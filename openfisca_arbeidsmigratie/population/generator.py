"""Synthetic population generator, deterministic for a seed, calibrated to data/calibration_targets.yaml.

``generate(size, seed)`` returns an Arrow table in the population-file format: ``size``
applicants (plus partners and children as extra rows), one year of labour-migration cases,
weights grossing each segment up to its yearly national total.

Determinism: every column draws from its own random stream, seeded by (seed, stream name), so
the same size and seed give the same table, and adding a column for a new input leaves every
other column unchanged. Columns are written only for inputs the tax-benefit system defines (the
schema); inputs it does not define are left out.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable

import numpy as np
import pyarrow as pa

from openfisca_arbeidsmigratie.population import calibration as cal
from openfisca_arbeidsmigratie.population.schema import RANGES, PopulationSchema
from openfisca_arbeidsmigratie.tijd import leeftijd_op

SEGMENTS = tuple(cal.SEGMENT_TOTALS)
MIN_SEGMENT_SHARE = (
    0.01  # small segments (Blue Card) get at least 1% of the rows; weights correct for it
)
REFERENCE_DATE = np.datetime64(cal.REFERENCE_MONTH + "-01", "D")

# Categorical distributions per segment. Shares with a source in the comments are the published
# figures of data/calibration_targets.yaml; everything else is an assumption (aanname) documented in
# docs/synthetic-population.md.
NATIONALITEIT = {
    # CBS, Komen en gaan van arbeidsmigranten (2025), table 3.2a, EU/EFTA labour migrants 2005-2016,
    # without the United Kingdom (a third country since 2021) and divided by 1 - 0.084; the
    # remaining 12.6% ("overig EU/EFTA") spread over the other member states (aanname).
    "eu_werknemer": {
        "PL": 0.354,
        "DE": 0.094,
        "IT": 0.073,
        "FR": 0.059,
        "ES": 0.059,
        "HU": 0.048,
        "PT": 0.046,
        "RO": 0.040,
        "GR": 0.039,
        "BG": 0.035,
        "BE": 0.027,
        "LT": 0.020,
        "LV": 0.015,
        "SK": 0.015,
        "CZ": 0.015,
        "HR": 0.015,
        "IE": 0.010,
        "AT": 0.010,
        "SE": 0.008,
        "FI": 0.005,
        "DK": 0.005,
        "SI": 0.004,
        "EE": 0.004,
    },
    # CBS StatLine 82027ENG 2022, highly skilled migrant / Blue Card permits (IN, US, CN, BR, IR, JP,
    # EG, AU, PH, CA of 24,705) and CBS immigrants 2022 (TR 2,800 and RU 2,200 of 26,000, via
    # volkskrant.nl); the rest (GB onwards) is an assumption (aanname).
    "kennismigrant": {
        "IN": 0.260,
        "TR": 0.108,
        "RU": 0.085,
        "US": 0.050,
        "BR": 0.035,
        "CN": 0.030,
        "IR": 0.026,
        "JP": 0.014,
        "EG": 0.014,
        "AU": 0.011,
        "PH": 0.011,
        "CA": 0.009,
        "GB": 0.060,
        "ZA": 0.050,
        "UA": 0.045,
        "KR": 0.040,
        "PK": 0.030,
        "BY": 0.030,
        "MX": 0.030,
        "NG": 0.015,
        "TW": 0.015,
        "SG": 0.010,
        "CO": 0.006,
        "LB": 0.006,
        "AR": 0.005,
        "ID": 0.005,
    },
    "europese_blauwe_kaart": {
        "IN": 0.30,
        "US": 0.15,
        "CN": 0.10,
        "TR": 0.10,
        "RU": 0.10,
        "GB": 0.10,
        "BR": 0.05,
        "ZA": 0.05,
        "JP": 0.05,
    },
    "twv_gvva": {
        "CN": 0.18,
        "IN": 0.12,
        "TR": 0.10,
        "PH": 0.08,
        "ID": 0.07,
        "US": 0.07,
        "GB": 0.08,
        "UA": 0.06,
        "MA": 0.05,
        "BR": 0.05,
        "TH": 0.05,
        "VN": 0.04,
        "RS": 0.03,
    },
    "twv_asielzoeker": {
        "SY": 0.30,
        "ER": 0.15,
        "TR": 0.15,
        "AF": 0.10,
        "YE": 0.10,
        "IQ": 0.08,
        "IR": 0.07,
        "SO": 0.05,
    },
}
SECTOR = {
    "eu_werknemer": {
        "N": 0.409,
        "C": 0.15,
        "H": 0.12,
        "A": 0.10,
        "G": 0.08,
        "F": 0.05,
        "I": 0.05,
        "Q": 0.021,
        "M": 0.02,
    },
    "kennismigrant": {
        "J": 0.23,
        "M": 0.16,
        "N": 0.08,
        "C": 0.15,
        "K": 0.08,
        "P": 0.10,
        "Q": 0.05,
        "G": 0.10,
        "H": 0.03,
        "D": 0.02,
    },
    "europese_blauwe_kaart": {"J": 0.35, "M": 0.25, "C": 0.20, "K": 0.10, "P": 0.10},
    "twv_gvva": {
        "I": 0.25,
        "A": 0.15,
        "N": 0.15,
        "C": 0.10,
        "Q": 0.10,
        "P": 0.05,
        "J": 0.05,
        "M": 0.05,
        "R": 0.05,
        "H": 0.05,
    },
    "twv_asielzoeker": {"I": 0.30, "N": 0.30, "A": 0.15, "C": 0.15, "Q": 0.10},
}
ISCO = {
    "eu_werknemer": {
        "9321": 0.30,
        "9333": 0.15,
        "8160": 0.15,
        "8322": 0.10,
        "7115": 0.08,
        "5120": 0.05,
        "9211": 0.10,
        "2512": 0.04,
        "3313": 0.03,
    },
    "kennismigrant": {
        "2512": 0.25,
        "2141": 0.15,
        "2421": 0.15,
        "2211": 0.05,
        "2310": 0.10,
        "1120": 0.10,
        "2413": 0.10,
        "2144": 0.10,
    },
    "europese_blauwe_kaart": {"2512": 0.40, "2141": 0.30, "2421": 0.20, "1120": 0.10},
    "twv_gvva": {
        "5120": 0.25,
        "9211": 0.15,
        "2512": 0.10,
        "2211": 0.08,
        "3434": 0.10,
        "9321": 0.12,
        "2310": 0.05,
        "2652": 0.05,
        "8322": 0.10,
    },
    "twv_asielzoeker": {"9412": 0.30, "9321": 0.30, "9211": 0.15, "5120": 0.15, "5322": 0.10},
}
# Age bands (low, high inclusive, share) per segment; the knowledge-migrant bands meet the CBS
# "two thirds under 40" and the assumed 30% under 30.
LEEFTIJD = {
    "eu_werknemer": ((18, 24, 0.20), (25, 34, 0.40), (35, 44, 0.25), (45, 60, 0.15)),
    "kennismigrant": ((22, 29, 0.30), (30, 39, 2 / 3 - 0.30), (40, 60, 1 / 3)),
    "europese_blauwe_kaart": ((30, 39, 0.55), (40, 55, 0.45)),
    "twv_gvva": ((18, 24, 0.15), (25, 34, 0.40), (35, 44, 0.30), (45, 60, 0.15)),
    "twv_asielzoeker": ((18, 24, 0.30), (25, 34, 0.40), (35, 50, 0.30)),
}
# Share of applicants with a partner, and so (children only live with a couple here) the share not
# living alone: CBS, Komen en gaan van arbeidsmigranten (2025): 72% of EU/EFTA labour migrants and
# 62% of knowledge migrants live alone one year after arrival. Others: aanname.
PARTNER = {
    "eu_werknemer": 0.28,
    "kennismigrant": 0.38,
    "europese_blauwe_kaart": 0.38,
    "twv_gvva": 0.20,
    "twv_asielzoeker": 0.10,
}
KINDEREN = {
    "eu_werknemer": 0.6,
    "kennismigrant": 0.8,
    "europese_blauwe_kaart": 0.8,
    "twv_gvva": 0.8,
    "twv_asielzoeker": 0.8,
}  # mean children per applicant WITH a partner (aanname; single applicants have none here)
WERKGEVERS_PER_AANVRAGER = {
    "eu_werknemer": 1 / 25,
    "kennismigrant": 1 / 3,
    "europese_blauwe_kaart": 1.0,
    "twv_gvva": 1 / 2,
    "twv_asielzoeker": 1 / 2,
}


def _stream(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def allocate(size: int) -> dict[str, int]:
    """Rows per segment: proportional to the yearly totals, at least 1% each; sums to ``size``."""
    if size < 10 * len(SEGMENTS):
        msg = f"size must be at least {10 * len(SEGMENTS)} applicants (got {size})."
        raise ValueError(msg)
    total = sum(cal.SEGMENT_TOTALS.values())
    floor = max(1, round(MIN_SEGMENT_SHARE * size))
    rows = {s: max(floor, round(size * t / total)) for s, t in cal.SEGMENT_TOTALS.items()}
    largest = max(rows, key=rows.get)
    rows[largest] += size - sum(rows.values())
    return rows


@dataclasses.dataclass
class Applicants:
    """Per-applicant draws (one entry per applicant, before family rows are added)."""

    seed: int
    segment: np.ndarray  # index into SEGMENTS
    weight: np.ndarray
    birth: np.ndarray
    age: np.ndarray
    employer: np.ndarray  # 0-based employer number
    employer_segment: np.ndarray  # segment of each employer
    partner: np.ndarray
    children: np.ndarray
    reference: np.datetime64 = REFERENCE_DATE  # the first day of the month the dates are relative to

    def stream(self, name: str) -> np.random.Generator:
        return _stream(self.seed, name)

    def masks(self):
        for code, name in enumerate(SEGMENTS):
            yield name, self.segment == code

    def categorical(self, name: str, table: dict[str, dict[str, float]]) -> np.ndarray:
        rng = self.stream(name)
        out = np.empty(len(self.segment), dtype=object)
        for segment, mask in self.masks():
            values, shares = zip(*table[segment].items(), strict=True)
            p = np.asarray(shares) / np.sum(shares)
            out[mask] = np.asarray(values, dtype=object)[
                rng.choice(len(values), size=int(mask.sum()), p=p)
            ]
        return out

    def bernoulli(
        self, name: str, probability: dict[str, float], level: str = "persoon"
    ) -> np.ndarray:
        segments = self.segment if level == "persoon" else self.employer_segment
        p = np.array([probability.get(s, 0.0) for s in SEGMENTS])[segments]
        return self.stream(name).random(len(segments)) < p


def draw_applicants(size: int, seed: int, reference: np.datetime64 = REFERENCE_DATE) -> Applicants:
    rows = allocate(size)
    segment = np.repeat(np.arange(len(SEGMENTS)), [rows[s] for s in SEGMENTS])
    segment = segment[_stream(seed, "volgorde").permutation(size)]
    weight = np.array([cal.SEGMENT_TOTALS[s] / rows[s] for s in SEGMENTS])[segment]
    birth = _birth_dates(segment, _stream(seed, "leeftijd"), reference)
    employer, employer_segment = _employers(segment, _stream(seed, "werkgever"))
    partner = (
        _stream(seed, "partner").random(size) < np.array([PARTNER[s] for s in SEGMENTS])[segment]
    )
    lam = np.array([KINDEREN[s] for s in SEGMENTS])[segment]
    children = np.where(partner, np.minimum(_stream(seed, "kinderen").poisson(lam), 4), 0)
    return Applicants(
        seed,
        segment,
        weight,
        birth,
        leeftijd_op(birth, reference),
        employer,
        employer_segment,
        partner,
        children,
        reference,
    )


def _birth_dates(segment: np.ndarray, rng: np.random.Generator, reference: np.datetime64) -> np.ndarray:
    age_days = np.zeros(len(segment))
    u_band, u_age = rng.random(len(segment)), rng.random(len(segment))
    for code, name in enumerate(SEGMENTS):
        mask = segment == code
        bands = LEEFTIJD[name]
        cumulative = np.cumsum([b[2] for b in bands])
        band = np.minimum(
            np.searchsorted(cumulative / cumulative[-1], u_band[mask]), len(bands) - 1
        )
        low = np.array([b[0] for b in bands])[band]
        high = np.array([b[1] for b in bands])[band] + 1
        age_days[mask] = (low + u_age[mask] * (high - low)) * 365.25
    return reference - np.ceil(age_days).astype("timedelta64[D]")


def _employers(segment: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    employer = np.zeros(len(segment), np.int64)
    owners, offset = [], 0
    for code, name in enumerate(SEGMENTS):
        mask = segment == code
        pool = max(1, int(np.ceil(mask.sum() * WERKGEVERS_PER_AANVRAGER[name])))
        employer[mask] = offset + rng.integers(0, pool, int(mask.sum()))
        owners.append(np.full(pool, code))
        offset += pool
    return employer, np.concatenate(owners)


# ---- wages ------------------------------------------------------------------------------------


def _criterion(a: Applicants) -> np.ndarray:
    criterion = np.where(a.age < 30, cal.KENNISMIGRANT_ONDER_30, cal.KENNISMIGRANT_30_PLUS)
    blue = a.segment == SEGMENTS.index("europese_blauwe_kaart")
    return np.where(blue, cal.BLAUWE_KAART, criterion)


def wages(a: Applicants) -> np.ndarray:
    """Monthly wage (2026 euro, excl. holiday allowance), with mass around the salary criteria.

    Knowledge migrants and Blue Card: 7% (5%) below their criterion, 30% bunched within 5% above
    it, the rest log-normally above. Others: around the 40-hour minimum wage, 5% (10% for asylum
    seekers) below it.
    """
    rng = a.stream("bruto_maandloon")
    u = rng.random(len(a.segment))
    spread = rng.lognormal(np.log(0.30), 0.7, len(a.segment))
    uniform = rng.random(len(a.segment))
    skilled = np.isin(
        a.segment, [SEGMENTS.index("kennismigrant"), SEGMENTS.index("europese_blauwe_kaart")]
    )
    below_share = np.where(a.segment == SEGMENTS.index("europese_blauwe_kaart"), 0.05, 0.07)
    base = np.where(skilled, _criterion(a), cal.WML_MAAND_40_UUR)
    above = np.where(skilled, 1.05 + np.minimum(spread, 3.0), 1.0 + np.minimum(spread * 0.6, 2.5))
    below_share = np.where(
        skilled, below_share, np.where(a.segment == SEGMENTS.index("twv_asielzoeker"), 0.10, 0.05)
    )
    factor = np.where(u < below_share, 0.80 + 0.199 * uniform, above)
    bunch = skilled & (u >= below_share) & (u < below_share + 0.30)
    factor = np.where(bunch, 1.0 + 0.05 * uniform, factor)
    return np.round(base * factor, 2)


# ---- the inputs the generator can fill ----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Fill:
    """How to fill one input: its entity level and a function of the applicants."""

    level: str  # "persoon", "werkgever" or "huishouden"
    make: Callable[[Applicants], np.ndarray]
    # value for family rows, from (applicants, owner row, role code, the applicants' values)
    family: Callable[[Applicants, np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = None


def _by_segment(values: dict[str, object], default) -> Callable[[Applicants], np.ndarray]:
    def make(a: Applicants) -> np.ndarray:
        return np.array([values.get(s, default) for s in SEGMENTS], dtype=object)[a.segment]

    return make


def _hours(a: Applicants) -> np.ndarray:
    rng = a.stream("arbeidsuren_per_week")
    hours = rng.choice([40.0, 36.0, 32.0, 24.0], size=len(a.segment), p=[0.75, 0.12, 0.08, 0.05])
    student = _residence(a) == "studie"
    return np.where(student, 16.0, hours)


# TWV/GVVA applications (not asylum seekers): intended duration in weeks, and the share already in
# the Netherlands as a student. Calibrated so that the law's GVVA (a first application from abroad
# for at least 13 weeks, not seasonal work: variable gecombineerde_vergunning) is about one in
# eight of the permits granted, as the published counts give (CBS StatLine 82027: 2,090 first GVVA
# residence permits in 2023, against 14,304 TWVs for others than asylum seekers: target
# toegelaten.gvva); the split between short stays and students is an assumption (aanname).
TWV_GVVA_DUUR = {4: 0.28, 8: 0.32, 12: 0.235, 26: 0.055, 52: 0.07, 104: 0.04}
TWV_GVVA_STUDIE = 0.25


def _duration(a: Applicants) -> np.ndarray:
    rng = a.stream("beoogde_duur_arbeid_weken")
    long = rng.choice([52, 104, 156, 260], size=len(a.segment), p=[0.3, 0.2, 0.1, 0.4])
    short = rng.choice([12, 24, 26, 52, 104], size=len(a.segment), p=[0.15, 0.25, 0.2, 0.25, 0.15])
    weeks, shares = zip(*TWV_GVVA_DUUR.items(), strict=True)
    permit = rng.choice(weeks, size=len(a.segment), p=np.asarray(shares) / np.sum(shares))
    skilled = np.isin(
        a.segment, [SEGMENTS.index("kennismigrant"), SEGMENTS.index("europese_blauwe_kaart")]
    )
    twv = a.segment == SEGMENTS.index("twv_gvva")
    return np.where(skilled, long, np.where(twv, permit, short)).astype(np.int32)


def _residence(a: Applicants) -> np.ndarray:
    u = a.stream("verblijfsdoel").random(len(a.segment))
    out = np.full(len(a.segment), "geen", dtype=object)
    out[(a.segment == SEGMENTS.index("twv_gvva")) & (u < TWV_GVVA_STUDIE)] = "studie"
    out[(a.segment == SEGMENTS.index("kennismigrant")) & (u < 0.05)] = "zoekjaar_hoogopgeleiden"
    out[a.segment == SEGMENTS.index("twv_asielzoeker")] = "asielzoeker"
    return out


def _graduation(a: Applicants) -> np.ndarray:
    """Recent graduates (orientation-year holders) graduated in the past year; others: not given."""
    days = a.stream("afstudeerdatum").integers(30, 365, len(a.segment)).astype("timedelta64[D]")
    recent = _residence(a) == "zoekjaar_hoogopgeleiden"
    return np.where(recent, a.reference - days, np.datetime64("NaT"))


def _experience(a: Applicants) -> np.ndarray:
    rng = a.stream("relevante_werkervaring_jaren")
    years = rng.gamma(2.0, 3.0, len(a.segment))
    blue = a.segment == SEGMENTS.index("europese_blauwe_kaart")
    # the gamma tail passes 50 years about once in a million draws: capped at the input's bound
    most = RANGES["relevante_werkervaring_jaren"][1]
    return np.round(np.minimum(np.where(blue, 5 + years, years), most), 1)


def _enum_choice(
    name: str, shares: dict[str, dict[str, float]]
) -> Callable[[Applicants], np.ndarray]:
    return lambda a: a.categorical(name, shares)


def _fines(a: Applicants) -> np.ndarray:
    return a.stream("referent_aantal_boetes_laatste_4_jaar").poisson(0.05, len(a.employer_segment))


def _weeks_since_vacancy(a: Applicants) -> np.ndarray:
    rng = a.stream("weken_tussen_vacaturemelding_en_aanvraag")
    return np.where(
        rng.random(len(a.employer_segment)) < 0.1,
        rng.integers(1, 5, len(a.employer_segment)),
        rng.integers(5, 13, len(a.employer_segment)),
    )


def _asylum_months(a: Applicants) -> np.ndarray:
    months = a.stream("asielaanvraag_duur_maanden").integers(6, 31, len(a.segment))
    return np.where(a.segment == SEGMENTS.index("twv_asielzoeker"), months, 0)


def _same_as_applicant(
    a: Applicants, owner: np.ndarray, role: np.ndarray, values: np.ndarray
) -> np.ndarray:
    return values[owner]


def _partner_birth(
    a: Applicants, owner: np.ndarray, role: np.ndarray, values: np.ndarray
) -> np.ndarray:
    rng = a.stream("geboortedatum_gezin")
    shift = np.round(rng.normal(0, 3 * 365, len(owner))).astype("timedelta64[D]")
    child_age = rng.integers(0, 18 * 365, len(owner)).astype("timedelta64[D]")
    return np.where(role == 1, a.birth[owner] + shift, a.reference - child_age)


SKILLED_TALEN = {"geen": 0.55, "intentie": 0.30, "A1": 0.08, "A2": 0.05, "B1_of_hoger": 0.02}
TAALNIVEAU = {
    "eu_werknemer": {"geen": 0.60, "intentie": 0.25, "A1": 0.10, "A2": 0.05},
    "kennismigrant": SKILLED_TALEN,
    "europese_blauwe_kaart": SKILLED_TALEN,
    "twv_gvva": {"geen": 0.65, "intentie": 0.25, "A1": 0.07, "A2": 0.03},
    "twv_asielzoeker": {"intentie": 0.40, "A1": 0.35, "A2": 0.20, "B1_of_hoger": 0.05},
}
HUISVESTING = {
    "eu_werknemer": {
        "buiten_reguliere_woningmarkt": 0.50,
        "reguliere_woningmarkt": 0.45,
        "bestaand_huishouden": 0.05,
    },
    "kennismigrant": {"reguliere_woningmarkt": 0.85, "bestaand_huishouden": 0.15},
    "europese_blauwe_kaart": {"reguliere_woningmarkt": 0.85, "bestaand_huishouden": 0.15},
    "twv_gvva": {
        "reguliere_woningmarkt": 0.50,
        "buiten_reguliere_woningmarkt": 0.40,
        "bestaand_huishouden": 0.10,
    },
    "twv_asielzoeker": {"buiten_reguliere_woningmarkt": 0.80, "bestaand_huishouden": 0.20},
}
TWV = {"twv_gvva": 1.0, "twv_asielzoeker": 1.0}
# Employer failings outside the skilled segments: knowledge-migrant refusals are all put on the
# wage (the IND grant rate, docs/synthetic-population.md), so those employers do not fail these.
NO_SKILLED = ("eu_werknemer", "twv_gvva", "twv_asielzoeker")

FILLS: dict[str, Fill] = {
    "nationaliteit": Fill(
        "persoon", lambda a: a.categorical("nationaliteit", NATIONALITEIT), _same_as_applicant
    ),
    "geboortedatum": Fill("persoon", lambda a: a.birth, _partner_birth),
    "gewicht": Fill("persoon", lambda a: a.weight.astype(np.float32), _same_as_applicant),
    "bruto_maandloon": Fill("persoon", wages),
    "arbeidsuren_per_week": Fill("persoon", _hours),
    "sector_sbi": Fill("persoon", lambda a: a.categorical("sector_sbi", SECTOR)),
    "beroep_isco08": Fill("persoon", lambda a: a.categorical("beroep_isco08", ISCO)),
    "beoogde_duur_arbeid_weken": Fill("persoon", _duration),
    "verblijfsdoel": Fill("persoon", _residence),
    "hoger_onderwijs_diploma": Fill(
        "persoon",
        lambda a: a.bernoulli(
            "hoger_onderwijs_diploma",
            {
                "kennismigrant": 0.85,
                "europese_blauwe_kaart": 1.0,
                "twv_gvva": 0.20,
                "twv_asielzoeker": 0.10,
                "eu_werknemer": 0.25,
            },
        ),
    ),
    "relevante_werkervaring_jaren": Fill("persoon", _experience),
    "wetenschappelijk_onderzoeker": Fill(
        # CBS StatLine 82027ENG 2022: 3,490 researchers against 24,705 knowledge-migrant permits
        "persoon", lambda a: a.bernoulli("wetenschappelijk_onderzoeker", {"kennismigrant": 0.124})
    ),
    "afstudeerdatum": Fill("persoon", _graduation),
    "diploma_nederlands_hoger_onderwijs": Fill(
        "persoon", lambda a: _residence(a) == "zoekjaar_hoogopgeleiden"
    ),
    "prioriteitgenietend_aanbod_beschikbaar": Fill(
        "persoon",
        lambda a: a.bernoulli(
            "prioriteitgenietend_aanbod_beschikbaar", {"twv_gvva": 0.25, "twv_asielzoeker": 0.10}
        ),
    ),
    "seizoenarbeid": Fill("persoon", lambda a: a.bernoulli("seizoenarbeid", {"twv_gvva": 0.10})),
    "asielaanvraag_duur_maanden": Fill("persoon", _asylum_months),
    "taalniveau_nederlands": Fill("persoon", _enum_choice("taalniveau_nederlands", TAALNIVEAU)),
    "huisvestingsvorm": Fill("persoon", _enum_choice("huisvestingsvorm", HUISVESTING)),
    "erkend_referent": Fill(
        "werkgever",
        lambda a: a.bernoulli(
            "erkend_referent",
            {
                # a knowledge-migrant application is filed by a recognised sponsor; a Blue Card
                # applicant's employer is taken not to be one (the route order of current law
                # would otherwise admit the applicant as a knowledge migrant) (aanname)
                "kennismigrant": 1.0,
                "europese_blauwe_kaart": 0.0,
                "twv_gvva": 0.10,
                "twv_asielzoeker": 0.05,
                "eu_werknemer": 0.05,
            },
            "werkgever",
        ),
    ),
    "referent_aantal_boetes_laatste_4_jaar": Fill("werkgever", _fines),
    "vacature_gemeld_bij_uwv": Fill(
        "werkgever",
        lambda a: ~a.bernoulli("vacature_gemeld_bij_uwv", {s: 0.10 for s in TWV}, "werkgever"),
    ),
    "weken_tussen_vacaturemelding_en_aanvraag": Fill("werkgever", _weeks_since_vacancy),
    "voldoende_wervingsinspanningen": Fill(
        "werkgever",
        lambda a: (
            ~a.bernoulli("voldoende_wervingsinspanningen", {s: 0.10 for s in TWV}, "werkgever")
        ),
    ),
    "marktconforme_arbeidsvoorwaarden": Fill(
        "werkgever",
        lambda a: (
            ~a.bernoulli(
                "marktconforme_arbeidsvoorwaarden", {s: 0.05 for s in NO_SKILLED}, "werkgever"
            )
        ),
    ),
    "loon_giraal_betaald": Fill(
        "werkgever",
        lambda a: ~a.bernoulli("loon_giraal_betaald", {s: 0.03 for s in NO_SKILLED}, "werkgever"),
    ),
    "economische_activiteit_in_nederland": Fill(
        "werkgever",
        lambda a: (
            ~a.bernoulli(
                "economische_activiteit_in_nederland", {s: 0.01 for s in SEGMENTS}, "werkgever"
            )
        ),
    ),
    "aantal_meereizende_gezinsleden": Fill(
        "huishouden", lambda a: (a.partner + a.children).astype(np.int32)
    ),
}


# ---- assembling the table -----------------------------------------------------------------------


def _household_rows(a: Applicants) -> tuple[np.ndarray, np.ndarray]:
    """For every row: its applicant (owner) and its role code (0 aanvrager, 1 partner, 2 kind)."""
    members = 1 + a.partner.astype(np.int64) + a.children
    owner = np.repeat(np.arange(len(members)), members)
    starts = np.cumsum(members) - members
    position = np.arange(len(owner)) - starts[owner]
    role = np.where(position == 0, 0, np.where((position == 1) & a.partner[owner], 1, 2))
    return owner, role


def _arrow(values: np.ndarray, mask: np.ndarray | None, kind: str) -> pa.Array:
    if kind == "enum" or values.dtype == object:
        array = pa.array(
            values.astype(str) if values.dtype != object else values, type=pa.string(), mask=mask
        )
        return array.dictionary_encode()
    if values.dtype.kind == "M":
        mask = np.isnat(values) if mask is None else (mask | np.isnat(values))
        return pa.array(values.astype("datetime64[D]"), type=pa.date32(), mask=mask)
    return pa.array(values, mask=mask)


def _column(fill: Fill, a: Applicants, owner: np.ndarray, role: np.ndarray, kind: str) -> pa.Array:
    values = fill.make(a)
    if fill.level == "werkgever":
        values = values[a.employer]
    applicant = role == 0
    if fill.family is not None:
        full = np.empty(len(owner), dtype=values.dtype)
        full[applicant] = values
        full[~applicant] = fill.family(a, owner[~applicant], role[~applicant], values)
        return _arrow(full, None, kind)
    full = values[owner]
    return _arrow(full, ~applicant, kind)


def generate(
    size: int,
    seed: int = 0,
    schema: PopulationSchema | None = None,
    id_offset: int = 0,
    reference_month: str | None = None,
) -> pa.Table:
    """A synthetic population of ``size`` applicants (plus family rows) as an Arrow table.

    Without ``schema`` every known fill is written; with it, only the inputs the schema has, with
    a value type the fill can provide. ``id_offset`` shifts all ids (to concatenate populations).
    ``reference_month`` (YYYY-MM, default the targets' 2026-01) is the month the dates (births,
    graduations) are relative to, so that a past month can be simulated on the same draws: ages
    and everything else stay as they are, wages included (2026 level).
    """
    month = reference_month or cal.REFERENCE_MONTH
    a = draw_applicants(size, seed, np.datetime64(month + "-01", "D"))
    owner, role = _household_rows(a)
    base = id_offset
    columns = {
        "persoon_id": pa.array(base + np.arange(1, len(owner) + 1, dtype=np.int64)),
        "werkgever_id": pa.array(base + 1 + a.employer[owner], mask=role != 0),
        "huishouden_id": pa.array(base + 1 + owner.astype(np.int64)),
        "rol_huishouden": pa.array(
            np.array(["aanvrager", "partner", "kind"], dtype=object)[role]
        ).dictionary_encode(),
    }
    for name, fill in FILLS.items():
        column = None if schema is None else schema.columns.get(name)
        if schema is not None and (column is None or column.entity != fill.level):
            continue
        columns[name] = _column(fill, a, owner, role, column.kind if column else "")
    metadata = {
        "generator": "openfisca_arbeidsmigratie.population.generator",
        "size": str(size),
        "seed": str(seed),
        "reference_month": month,
    }
    return pa.table(columns).replace_schema_metadata(metadata)


def segments_of(table: pa.Table) -> np.ndarray:
    """Segment name of every row of a generated table (recomputed from its size and seed)."""
    metadata = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    a = draw_applicants(int(metadata["size"]), int(metadata["seed"]))
    owner, _ = _household_rows(a)
    return np.asarray(SEGMENTS, dtype=object)[a.segment[owner]]

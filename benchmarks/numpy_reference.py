"""A hand-written numpy reference of the full current-law decision: the yardstick of the benchmarks.

From a population Parquet file (read with pyarrow) or from a loaded Population's arrays, it decides,
for one month of current law, the five outputs the package writes per applicant:

* ``toelatingsroute`` (the Toelatingsroute member index), ``toegelaten``,
* ``weigeringsgrond`` (the deciding ground, a Weigeringsgrond member index),
* ``verblijfsvergunning_geldigheidsduur_maanden`` (permit validity),
* ``niet_voldaan`` (the failed requirements of a refused applicant, in deciding order; kept as a
  bit mask per applicant, bit ``j`` = :data:`FAILED_ORDER` ``[j]``).

It is written by hand from the law (Wav art. 2-4, 8, 9 and 11 with the exceptions of art. 8 lid 2
and 3 and the students' rule; the kennismigrantenregeling with the reduced, under-30 and 30+
criteria, the researchers' exemption, the sponsor's reliability, market-conform wage and bank
payment; the EU Blue Card after the recast with the experience route, the reduced criterion and the
6-month contract; the deciding order of the grounds and the failed-requirements rule) and uses no
OpenFisca simulation. The amounts come from the package's parameter tree, read at the application
date (:class:`Law`); the only inputs it reads are listed in :data:`INPUTS` (absent columns take the
defaults of the package's input variables, kept as scalars). Integer codes and small lookup tables
per dictionary entry (nationality, occupation, enums) keep it fast.

Scope: current law for an application date from 12 June 2024 (Blue Card recast, hourly minimum
wage) until the next change of the rules; the application date is the first day of the month
simulated (a population file cannot carry another). :class:`Law` refuses other dates.

As a script (the numpy pipeline that bench_compare.py times in a subprocess):

    python benchmarks/numpy_reference.py POPULATION.parquet OUT.parquet [--month 2026-06]

reads the file, makes the arrays, decides the five outputs of current law, writes the applicants'
table (persoon_id and the five ``huidig_recht.<output>`` columns) and prints the seconds of its
stages as JSON: ``startup`` (imports and loading the parameter tree), ``read``, ``arrays``,
``decide``, ``write``. Without ``--month`` it uses the package's default month (which builds the
package's system once: pass ``--month`` to leave that out).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
import time

_T0 = time.perf_counter()

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from openfisca_arbeidsmigratie.enums import (  # noqa: E402  (member names and their codes only)
    KennismigrantEerderCriterium,
    KennismigrantSoortAanvraag,
    Toelatingsroute,
    UitzonderingWav8Lid3,
    Verblijfsdoel,
    VerblijfsrechtArbeid,
    VrijgesteldeCategorieWav,
    Weigeringsgrond,
)

REGIME = "huidig_recht"
OUTPUTS = (
    "toelatingsroute",
    "toegelaten",
    "weigeringsgrond",
    "verblijfsvergunning_geldigheidsduur_maanden",
    "niet_voldaan",
)
ENUMS = {
    "verblijfsdoel": Verblijfsdoel,
    "uitzondering_wav_8_lid_3": UitzonderingWav8Lid3,
    "verblijfsrecht_arbeid": VerblijfsrechtArbeid,
    "vrijgestelde_categorie_buwav": VrijgesteldeCategorieWav,
    "kennismigrant_soort_aanvraag": KennismigrantSoortAanvraag,
    "kennismigrant_eerder_toegepast_criterium": KennismigrantEerderCriterium,
}

# The inputs the decision reads: name -> (kind, default, entity). The defaults are those of the
# package's input variables (tests/python/test_numpy_reference.py checks them against the schema).
INPUTS: dict[str, tuple[str, object, str]] = {
    "nationaliteit": ("str", "", "persoon"),
    "begunstigde_terugtrekkingsakkoord": ("bool", False, "persoon"),
    "geboortedatum": ("date", "1970-01-01", "persoon"),
    "afstudeerdatum": ("date", "1970-01-01", "persoon"),
    "bruto_maandloon": ("float", 0.0, "persoon"),
    "arbeidsuren_per_week": ("float", 40.0, "persoon"),
    "beroep_isco08": ("str", "", "persoon"),
    "beoogde_duur_arbeid_weken": ("int", 52, "persoon"),
    "verblijfsdoel": ("enum", "geen", "persoon"),
    "jaren_onafgebroken_verblijf_met_arbeid": ("float", 0.0, "persoon"),
    "arbeid_vrij_toegestaan_amvb": ("bool", False, "persoon"),
    "vrijgestelde_categorie_buwav": ("enum", "geen", "persoon"),
    "zelfstandige_met_verblijfsvergunning": ("bool", False, "persoon"),
    "hoger_onderwijs_diploma": ("bool", False, "persoon"),
    "diploma_nederlands_hoger_onderwijs": ("bool", False, "persoon"),
    "diploma_buitenland_top200": ("bool", False, "persoon"),
    "relevante_werkervaring_jaren": ("float", 0.0, "persoon"),
    "wetenschappelijk_onderzoeker": ("bool", False, "persoon"),
    "arts_in_opleiding_tot_specialist": ("bool", False, "persoon"),
    "kennismigrant_soort_aanvraag": ("enum", "eerste_aanvraag", "persoon"),
    "kennismigrant_eerder_toegepast_criterium": ("enum", "geen", "persoon"),
    "zoekjaarvergunning_verlopen_zonder_aansluitende_aanvraag": ("bool", False, "persoon"),
    "prioriteitgenietend_aanbod_beschikbaar": ("bool", False, "persoon"),
    "prioriteitgenietend_aanbod_binnen_redelijke_termijn": ("bool", False, "persoon"),
    "passende_huisvesting_beschikbaar": ("bool", True, "persoon"),
    "verblijfsrecht_arbeid": ("enum", "aangevraagd", "persoon"),
    "seizoenarbeid": ("bool", False, "persoon"),
    "aangewezen_arbeid_niet_in_nederlands_belang": ("bool", False, "persoon"),
    "uitzondering_wav_8_lid_3": ("enum", "geen", "persoon"),
    "asielaanvraag_duur_maanden": ("int", 0, "persoon"),
    "quotum_bereikt": ("bool", False, "persoon"),
    "niet_eerder_toegelaten": ("bool", True, "persoon"),
    "werkvergunning_in_voorafgaande_14_weken": ("bool", False, "persoon"),
    "erkend_referent": ("bool", False, "werkgever"),
    "erkenning_referent_ingetrokken": ("bool", False, "werkgever"),
    "referent_aantal_boetes_laatste_4_jaar": ("int", 0, "werkgever"),
    "vacature_gemeld_bij_uwv": ("bool", True, "werkgever"),
    "weken_tussen_vacaturemelding_en_aanvraag": ("int", 5, "werkgever"),
    "voldoende_wervingsinspanningen": ("bool", True, "werkgever"),
    "marktconforme_arbeidsvoorwaarden": ("bool", True, "werkgever"),
    "loon_giraal_betaald": ("bool", True, "werkgever"),
    "economische_activiteit_in_nederland": ("bool", True, "werkgever"),
    "voorschriften_eerdere_vergunning_overtreden": ("bool", False, "werkgever"),
    "sectorconvenant_werving_geschonden": ("bool", False, "werkgever"),
    "andere_belemmeringen_opgeworpen": ("bool", False, "werkgever"),
    "boete_vw_55a": ("bool", False, "werkgever"),
    "veroordeling_vw_108": ("bool", False, "werkgever"),
    "boete_arbeidstijdenwet_10_1": ("bool", False, "werkgever"),
    "boete_arbeidsomstandighedenwet_33": ("bool", False, "werkgever"),
    "boete_wml_18b": ("bool", False, "werkgever"),
    "boete_wav_18": ("bool", False, "werkgever"),
    "boete_waadi_16": ("bool", False, "werkgever"),
    "veroordeling_sr_273f": ("bool", False, "werkgever"),
    "veroordeling_arbeidstijdenwet_11_3": ("bool", False, "werkgever"),
    "veroordeling_arbeidsomstandighedenwet_32": ("bool", False, "werkgever"),
}

# The requirements in deciding order (Wav art. 8 lid 1 a..h, art. 9 lid 1 a..j, the 2022 grounds,
# then the kennismigrant, Blue Card, points-test and bandwidth requirements): the order of the
# ``niet_voldaan`` lists. Bit j of a failed mask is FAILED_ORDER[j].
ART_8 = (
    "wav_8_1_a_prioriteitgenietend_aanbod",
    "wav_8_1_b_vacature_niet_tijdig_gemeld",
    "wav_8_1_c_onvoldoende_wervingsinspanningen",
    "wav_8_1_d_arbeidsvoorwaarden",
    "wav_8_1_e_geen_verblijfsrecht",
    "wav_8_1_f_minimumloon",
    "wav_8_1_g_aangewezen_arbeid",
    "wav_8_1_h_quotum",
)
ART_9 = tuple(f"wav_9_1_{letter}" for letter in "abcdefghij")
GROUNDS_2022 = ("wav_9_girale_betaling", "wav_9_economische_activiteit")
KENNISMIGRANT = ("kennismigrant_geen_erkend_referent", "kennismigrant_looncriterium", "overig")
BLAUWE_KAART = (
    "europese_blauwe_kaart_kwalificatie",
    "europese_blauwe_kaart_contractduur",
    "europese_blauwe_kaart_looncriterium",
)
NEVER_UNDER_CURRENT_LAW = (
    "puntentoets_stap_1",
    "puntentoets_totaal",
    "bandbreedte_bereikt",
    "bandbreedte_saldo_bovengrens",
    "asielzoeker_werkverbod",
)
FAILED_ORDER = (*ART_8, *ART_9, "wav_9_1_facultatief", *GROUNDS_2022, *KENNISMIGRANT, *BLAUWE_KAART, *NEVER_UNDER_CURRENT_LAW)
BIT = {name: j for j, name in enumerate(FAILED_ORDER)}
GROUND_CODE = np.array([Weigeringsgrond[name].index for name in FAILED_ORDER], dtype=np.int16)
GROUND_BIT = np.zeros(len(Weigeringsgrond), dtype=np.uint32)
GROUND_BIT[GROUND_CODE] = np.left_shift(np.uint32(1), np.arange(len(FAILED_ORDER), dtype=np.uint32))


def _bits(names) -> np.uint32:
    return np.uint32(sum(1 << BIT[name] for name in names))


TWV_DECIDES = _bits((*ART_8, *ART_9, *GROUNDS_2022))
KM_BITS = _bits(KENNISMIGRANT)
BK_BITS = _bits(BLAUWE_KAART)


# The position of a single set bit by a de Bruijn sequence: (bit * 0x077CB531) >> 27 (modulo 2**32)
# is a different 5-bit number for each of the 32 bits, read back through a table of 32.
DE_BRUIJN = np.uint32(0x077CB531)
POSITION_OF = np.zeros(32, dtype=np.int8)
POSITION_OF[((np.left_shift(np.uint32(1), np.arange(32, dtype=np.uint32)) * DE_BRUIJN) >> np.uint32(27))] = np.arange(32)


def first_failed(mask: np.ndarray, default: int) -> np.ndarray:
    """The Weigeringsgrond index of the lowest set bit of each mask (the first failed in deciding order)."""
    lowest = mask & (~mask + np.uint32(1))  # the lowest set bit alone
    position = POSITION_OF[(lowest * DE_BRUIJN) >> np.uint32(27)]
    return np.where(mask == 0, default, GROUND_CODE[position])


ROUTE = {member.name: member.index for member in Toelatingsroute}
GEEN = Weigeringsgrond.geen.index
OVERIG = Weigeringsgrond.overig.index
DAYS_PER_MONTH = 365.25 / 12
WEEKS_PER_MONTH = 52 / 12

# Wav art. 8 lid 3 (and lid 2, the students' rule): which onderdelen of lid 1 each exception drops.
LID_3 = {
    "bijzondere_omstandigheden": "b",
    "internationale_handel_of_religieuze_functie": "abcf",
    "opleiding_onderwijs_cultuur_uitwisseling": "abcdf",
    "verblijfsvergunning_arbeid": "abcdf",
}
ASIELZOEKER_LETTERS = "abcfh"  # art. 8 lid 2
STUDENT_LETTERS = "abcf"  # work besides study (a case designated under art. 8 lid 3)


# ---- the law's amounts, read from the parameter tree ---------------------------------------------


def load_parameters():
    """The package's parameter tree (openfisca-core's loader, without building the system)."""
    from openfisca_core.parameters import load_parameter_file  # noqa: PLC0415

    from openfisca_arbeidsmigratie import law_directory  # noqa: PLC0415

    return load_parameter_file(law_directory("parameters"))


@dataclasses.dataclass(frozen=True)
class Law:
    """The amounts of current law on the application date ``day`` (and the month's first day)."""

    day: np.datetime64
    free_movement: frozenset[str]
    free_access_years: float
    minimum_wage: np.float32
    age_limit_km: int
    km_30_plus: np.float32
    km_under_30: np.float32
    km_reduced: np.float32
    km_reduced_years: int
    km_follow_on_required: bool
    km_max_fines: int
    km_bank_payment_required: bool
    bk_general: np.float32
    bk_reduced: np.float32
    bk_reduced_years: float
    bk_experience: np.float32
    bk_experience_ict: np.float32
    bk_contract_months: np.float32
    asylum_wait_months: int
    asylum_24_weeks: bool
    asylum_24_weeks_max: int
    student_hours: float
    vacancy_weeks: int
    minimum_age: int
    optional: dict
    twv_full_test: int
    twv_lid_3_b_c: int
    twv_statutory: int
    seasonal_weeks: int
    km_max_months: int
    bk_extra_months: int
    bk_max_months: int

    @classmethod
    def at(cls, parameters, day: str) -> Law:
        """Read every amount on ``day`` (``YYYY-MM-DD``, the application date)."""
        if day < "2024-06-12":
            msg = f"the numpy reference decides current law from 12 June 2024 only, not on {day}"
            raise ValueError(msg)
        p = parameters(day)
        km, bk, wav = p.kennismigranten, p.europese_blauwe_kaart, p.wav
        for monthly in (km.looncriterium.grondslag_maandloon, bk.looncriterium.grondslag_maandloon):
            if not monthly:
                raise ValueError(f"{day}: an annual salary criterion is outside the reference's scope")
        if not bk.herziene_richtlijn_van_toepassing:
            raise ValueError(f"{day}: the old Blue Card directive is outside the reference's scope")
        wml = p.algemeen.wettelijk_minimumloon
        hourly = wml.uurbedrag
        if hourly is None or km.looncriterium.dertig_jaar_en_ouder is None or bk.looncriterium.algemeen is None:
            raise ValueError(f"{day}: an amount is not published (a gap in the parameters)")
        optional = wav.facultatieve_weigeringsgronden_toegepast
        duration = p.toelating.verblijfsvergunning_geldigheidsduur
        twv = wav.twv_maximale_geldigheidsduur
        return cls(
            day=np.datetime64(day, "D"),
            free_movement=frozenset(code.upper() for code, value in wav.vrij_verkeer_van_werknemers._children.items() if value),
            free_access_years=wav.vrije_toegang_jaren_verblijf,
            # Wml art. 8 lid 1 onder c: hourly amount x 36 hours x 52/12 weeks, to the cent
            minimum_wage=np.float32(round(hourly * wml.voltijd_uren_per_week * WEEKS_PER_MONTH, 2)),
            age_limit_km=km.looncriterium.leeftijdsgrens,
            km_30_plus=np.float32(km.looncriterium.dertig_jaar_en_ouder),
            km_under_30=np.float32(km.looncriterium.jonger_dan_dertig),
            km_reduced=np.float32(km.looncriterium.verlaagd),
            km_reduced_years=km.verlaagd_criterium.termijn_na_afstuderen_jaren,
            km_follow_on_required=bool(km.verlaagd_criterium.aansluitend_op_zoekjaar_vereist),
            km_max_fines=km.erkend_referent.aantal_boetes_onbetrouwbaar,
            km_bank_payment_required=bool(km.girale_betaling_vereist),
            bk_general=np.float32(bk.looncriterium.algemeen),
            bk_reduced=np.float32(bk.looncriterium.verlaagd),
            bk_reduced_years=np.float32(bk.verlaagd_criterium_termijn_jaren),
            bk_experience=np.float32(bk.werkervaring_jaren),
            bk_experience_ict=np.float32(bk.werkervaring_jaren_ict),
            bk_contract_months=np.float32(bk.minimale_duur_arbeidsovereenkomst_maanden),
            asylum_wait_months=wav.asielzoeker_wachttijd_maanden,
            asylum_24_weeks=bool(wav.asielzoeker_24_weken_eis.van_toepassing),
            asylum_24_weeks_max=int(wav.asielzoeker_24_weken_eis.maximale_duur_weken),
            student_hours=wav.student_maximale_arbeidsuren_per_week,
            vacancy_weeks=wav.vacaturemelding_termijn_weken,
            minimum_age=wav.minimumleeftijd_niet_eerder_toegelaten,
            optional={name: bool(getattr(optional, name)) for name in (*"abcdefghij", "girale_betaling", "economische_activiteit")},
            twv_full_test=int(twv.na_volledige_arbeidsmarkttoets),
            twv_lid_3_b_c=int(twv.uitzonderingscategorieen_art_8_lid_3),
            twv_statutory=int(twv.wettelijk_maximum),
            seasonal_weeks=int(wav.seizoenarbeid_maximale_duur_weken),
            km_max_months=int(duration.kennismigrant_maximum_maanden),
            bk_extra_months=int(duration.europese_blauwe_kaart_toeslag_maanden),
            bk_max_months=int(duration.europese_blauwe_kaart_maximum_maanden),
        )


# ---- arrays ------------------------------------------------------------------------------------


def civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Year and 100 * month + day of each date (days since 1970-01-01), by integer arithmetic."""
    z = days.astype(np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (month <= 2), 100 * month + day


def whole_years(since, day: np.datetime64) -> np.ndarray:
    """Whole years from each date ``since`` (days since 1970) to ``day`` (a birthday counts on the day).

    Worked out once per day in the span of the dates (a lookup table), read back by index.
    """
    since = np.asarray(since)
    on_year, on_month_day = civil(np.array([day.astype(np.int64)]))
    low, high = (int(since.min()), int(since.max())) if since.size else (0, 0)
    if high - low > 4 * since.size + 65536:  # a wide span: compute each date
        year, month_day = civil(since)
        return on_year[0] - year - (on_month_day[0] < month_day)
    year, month_day = civil(np.arange(low, high + 1))
    table = (on_year[0] - year - (on_month_day[0] < month_day)).astype(np.int32)
    return table[since - low]


def _dictionary(column: pa.ChunkedArray | pa.Array) -> tuple[list, np.ndarray]:
    """(distinct values, index of each row's value), nulls as None, from any Arrow column."""
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()
    values = column.dictionary.to_pylist() + [None]
    indices = column.indices.fill_null(len(values) - 1).to_numpy(zero_copy_only=False)
    return values, indices


def _text_codes(column) -> tuple[list, np.ndarray]:
    """A text column as (distinct texts, index per row); null is the empty text."""
    values, indices = _dictionary(column)
    return [("" if v is None else str(v).strip()) for v in values], indices


def _enum_codes(column, name: str, default: str) -> np.ndarray:
    enum = ENUMS[name]
    if pa.types.is_integer(column.type):
        return column.fill_null(enum[default].index).to_numpy(zero_copy_only=False).astype(np.int16)
    values, indices = _dictionary(column)
    table = np.array([enum[default if v is None or not str(v).strip() else str(v).strip()].index for v in values], np.int16)
    return table[indices]


def _column(table: pa.Table, name: str, kind: str, default):
    """One input column as a numpy array (null -> the default)."""
    column = table.column(name)
    if column.null_count == 0 and kind in ("bool", "int", "float"):
        dtype = {"bool": bool, "int": np.int32, "float": np.float32}[kind]
        return column.to_numpy().astype(dtype, copy=False)
    if kind == "bool":
        return column.fill_null(default).to_numpy(zero_copy_only=False).astype(bool, copy=False)
    if kind == "int":
        return column.fill_null(default).to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    if kind == "float":
        return column.fill_null(default).to_numpy(zero_copy_only=False).astype(np.float32)
    if kind == "date":
        if not pa.types.is_date32(column.type):
            column = column.cast(pa.date32())
        days = np.datetime64(default, "D").astype(np.int64)
        return column.fill_null(pa.scalar(int(days), pa.int32()).cast(pa.date32())).cast(pa.int32()).to_numpy(zero_copy_only=False)
    if kind == "enum":
        return _enum_codes(column, name, default)
    return _text_codes(column)  # str: (texts, index)


def _default(kind: str, default):
    if kind == "bool":
        return np.bool_(default)
    if kind == "int":
        return np.int32(default)
    if kind == "float":
        return np.float32(default)
    if kind == "date":
        return np.int32(np.datetime64(default, "D").astype(np.int64))
    if kind == "enum":
        return None  # filled by the caller (needs the enum)
    return ([default], np.int8(0))


def arrays_from_table(table: pa.Table) -> tuple[pa.Array, dict]:
    """The applicants' persoon_id and the decision's inputs (numpy; an absent column is a scalar).

    Employer inputs: the group's value (the first filled member row of the werkgever_id); a row
    without werkgever_id has an employer of its own with default inputs.
    """
    role_values, role_index = _dictionary(table.column("rol_huishouden"))
    applicant = role_index == role_values.index("aanvrager")
    rows = np.flatnonzero(applicant)
    selected = table.filter(pa.array(applicant))
    arrays = {}
    employer_index = None
    for name, (kind, default, entity) in INPUTS.items():
        if name not in table.column_names:
            arrays[name] = _default(kind, default) if kind != "enum" else np.int16(ENUMS[name][default].index)
            continue
        if entity == "werkgever" and _needs_group(table, name):
            if employer_index is None:
                employer_index = _groups(table.column("werkgever_id"))
            arrays[name] = _group_values(table, name, kind, default, employer_index)[rows]
            continue
        arrays[name] = _column(selected, name, kind, default)
    return selected.column("persoon_id"), arrays


def _needs_group(table: pa.Table, name: str) -> bool:
    """Does some row with a werkgever_id leave this employer input empty (so the group's value counts)?"""
    column = table.column(name)
    if column.null_count == 0:
        return False
    with_employer = pc.is_valid(table.column("werkgever_id"))
    return bool(pc.any(pc.and_(pc.is_null(column), with_employer)).as_py())


def _groups(ids) -> np.ndarray:
    """0-based employer group of each row; -1 without werkgever_id."""
    _, index = _dictionary(ids)
    values = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    nulls = pc.is_null(values).to_numpy(zero_copy_only=False)
    return np.where(nulls, -1, index)


def _group_values(table, name, kind, default, group) -> np.ndarray:
    column = table.column(name)
    given = pc.is_valid(column).to_numpy(zero_copy_only=False) & (group >= 0)
    values = _column(table, name, kind, default)
    out = np.full(group.max() + 2, _default(kind, default), dtype=values.dtype)
    filled = np.flatnonzero(given)[::-1]
    out[group[filled]] = values[filled]  # the last write wins: the first filled row
    return out[np.where(group >= 0, group, len(out) - 1)]


def arrays_from_population(population) -> dict:
    """The decision's inputs of the applicants from a package Population (the arrays the engine uses)."""
    rows = population.applicant_rows()
    employer = population.group_index["werkgever"][rows]
    arrays = {}
    for name, (kind, default, entity) in INPUTS.items():
        if entity == "werkgever":
            source = population.group_inputs["werkgever"].get(name)
            value = None if source is None else source[employer]
        else:
            source = population.person_inputs.get(name)
            value = None if source is None else source[rows]
        if value is None:
            arrays[name] = _default(kind, default) if kind != "enum" else np.int16(ENUMS[name][default].index)
        elif kind == "str":
            arrays[name] = _text_codes(pa.array(value, type=pa.string()))
        elif kind == "date":
            arrays[name] = value.astype("datetime64[D]").astype(np.int64).astype(np.int32)
        else:
            arrays[name] = value
    return arrays


# ---- the decision ------------------------------------------------------------------------------


@dataclasses.dataclass
class Decision:
    route: np.ndarray  # Toelatingsroute index
    admitted: np.ndarray
    ground: np.ndarray  # Weigeringsgrond index
    validity: np.ndarray  # months
    failed: np.ndarray  # uint32 bit mask over FAILED_ORDER

    def failed_names(self) -> list[list[str]]:
        return [[FAILED_ORDER[j] for j in range(len(FAILED_ORDER)) if mask >> j & 1] for mask in self.failed.tolist()]


def _per_text(codes, test) -> np.ndarray:
    """``test(text)`` once per distinct text, read back per row through the index."""
    texts, index = codes
    return np.array([bool(test(t)) for t in texts], dtype=bool)[index]


def decide(arrays: dict, law: Law, count: int) -> Decision:
    """The five outputs of current law for ``count`` applicants (see the module docstring)."""
    a = arrays
    doel = a["verblijfsdoel"]
    loon = a["bruto_maandloon"]

    # Wav art. 1, 3 lid 1 onder a, art. 4: who is a foreign national, free movement, free access
    vreemdeling = _per_text(a["nationaliteit"], lambda c: c != "NL")
    vrij_verkeer = _per_text(a["nationaliteit"], lambda c: c in law.free_movement)
    vrij_verkeer = vrij_verkeer | (_per_text(a["nationaliteit"], lambda c: c == "GB") & a["begunstigde_terugtrekkingsakkoord"])
    vrije_toegang = vreemdeling & (
        (a["jaren_onafgebroken_verblijf_met_arbeid"] >= law.free_access_years)
        | (doel == Verblijfsdoel.onbepaalde_tijd.index)
        | (doel == Verblijfsdoel.asiel_bepaalde_tijd.index)
        | a["arbeid_vrij_toegestaan_amvb"]
    )
    vrijgesteld = (a["vrijgestelde_categorie_buwav"] != VrijgesteldeCategorieWav.geen.index) | a["zelfstandige_met_verblijfsvergunning"]

    leeftijd = whole_years(a["geboortedatum"], law.day)
    sinds_afstuderen = whole_years(a["afstudeerdatum"], law.day)

    # Kennismigrant (BuWav 2022 art. 2.1; Vw 2000 art. 2a-2h): sponsor, criterion, market-conform wage
    referent = a["erkend_referent"]
    referent_betrouwbaar = referent & ~a["erkenning_referent_ingetrokken"] & (a["referent_aantal_boetes_laatste_4_jaar"] < law.km_max_fines)
    soort = a["kennismigrant_soort_aanvraag"]
    eerder = a["kennismigrant_eerder_toegepast_criterium"]
    zelfde_werkgever = soort == KennismigrantSoortAanvraag.verlenging_zelfde_werkgever.index
    voortgezet = zelfde_werkgever | (soort == KennismigrantSoortAanvraag.wisseling_werkgever.index)
    jonger = (leeftijd < law.age_limit_km) | (zelfde_werkgever & (eerder == KennismigrantEerderCriterium.jonger_dan_dertig.index))
    diploma_km = a["diploma_nederlands_hoger_onderwijs"] | a["diploma_buitenland_top200"]
    binnen_termijn = (sinds_afstuderen >= 0) & (sinds_afstuderen < law.km_reduced_years)
    uitgesloten = law.km_follow_on_required & a["zoekjaarvergunning_verlopen_zonder_aansluitende_aanvraag"]
    verlaagd = (
        (doel == Verblijfsdoel.zoekjaar_hoogopgeleiden.index)
        | (diploma_km & binnen_termijn & ~uitgesloten)
        | (voortgezet & (eerder == KennismigrantEerderCriterium.verlaagd.index))
    )
    criterium = np.where(verlaagd, law.km_reduced, np.where(jonger, law.km_under_30, law.km_30_plus))
    zonder_criterium = a["wetenschappelijk_onderzoeker"] | a["arts_in_opleiding_tot_specialist"]
    km_loon = np.where(zonder_criterium, loon >= law.minimum_wage, loon >= criterium)
    km_marktconform = a["marktconforme_arbeidsvoorwaarden"] & (a["loon_giraal_betaald"] | (not law.km_bank_payment_required))
    kennismigrant = referent_betrouwbaar & km_loon & km_marktconform

    # EU Blue Card after the recast (Stb. 2024, 150): qualification or experience, contract, criterion
    diploma_bk = a["hoger_onderwijs_diploma"] | diploma_km
    bk_verlaagd = diploma_bk & (sinds_afstuderen >= 0) & (sinds_afstuderen < law.bk_reduced_years)
    bk_loon = loon >= np.where(bk_verlaagd, law.bk_reduced, law.bk_general)
    ict = _per_text(a["beroep_isco08"], lambda code: code.startswith(("133", "25")))
    bk_kwalificatie = diploma_bk | (a["relevante_werkervaring_jaren"] >= np.where(ict, law.bk_experience_ict, law.bk_experience))
    contract_maanden = (a["beoogde_duur_arbeid_weken"] / WEEKS_PER_MONTH).astype(np.float32)
    bk_contract = contract_maanden >= law.bk_contract_months
    blauwe_kaart = bk_kwalificatie & bk_contract & bk_loon

    # Wav art. 2: a TWV/GVVA is required unless free, exempt, or a kennismigrant / Blue Card holder
    twv_vereist = vreemdeling & ~(vrij_verkeer | vrije_toegang | vrijgesteld | kennismigrant | blauwe_kaart)

    # Wav art. 8 lid 2 (asylum seekers), lid 3 (designated cases) and the students' rule
    asielzoeker = (doel == Verblijfsdoel.asielzoeker.index) & (a["asielaanvraag_duur_maanden"] >= law.asylum_wait_months)
    student = (doel == Verblijfsdoel.studie.index) & (a["arbeidsuren_per_week"] <= law.student_hours)
    uitzondering = a["uitzondering_wav_8_lid_3"]

    def vervalt(letter):
        codes = [UitzonderingWav8Lid3[name].index for name, letters in LID_3.items() if letter in letters]
        out = np.isin(uitzondering, codes) if np.ndim(uitzondering) else np.bool_(int(uitzondering) in codes)
        if letter in ASIELZOEKER_LETTERS:
            out = out | asielzoeker
        if letter in STUDENT_LETTERS:
            out = out | student
        return out

    v = {letter: vervalt(letter) for letter in "abcdfh"}
    tijdig = a["vacature_gemeld_bij_uwv"] & (a["weken_tussen_vacaturemelding_en_aanvraag"] >= law.vacancy_weeks)
    verblijfsrecht = a["verblijfsrecht_arbeid"]
    toegepast = law.optional
    grounds = {  # True where the ground applies (before the TWV gate)
        ART_8[0]: a["prioriteitgenietend_aanbod_beschikbaar"] & ~v["a"],
        ART_8[1]: ~tijdig & ~v["b"],
        ART_8[2]: ~a["voldoende_wervingsinspanningen"] & ~v["c"],
        ART_8[3]: ~a["marktconforme_arbeidsvoorwaarden"] & ~v["d"],
        ART_8[4]: (verblijfsrecht == VerblijfsrechtArbeid.niet_aangevraagd.index) | (verblijfsrecht == VerblijfsrechtArbeid.geweigerd.index),
        ART_8[5]: ~v["f"] & (loon < law.minimum_wage),
        ART_8[6]: a["aangewezen_arbeid_niet_in_nederlands_belang"],
        ART_8[7]: a["quotum_bereikt"] & ~v["h"],
        "wav_9_1_a": a["prioriteitgenietend_aanbod_binnen_redelijke_termijn"] & ~v["a"] & toegepast["a"],
        "wav_9_1_b": a["niet_eerder_toegelaten"] & (leeftijd < law.minimum_age) & toegepast["b"],
        "wav_9_1_c": a["voorschriften_eerdere_vergunning_overtreden"] & toegepast["c"],
        "wav_9_1_d": ~a["passende_huisvesting_beschikbaar"] & toegepast["d"],
        "wav_9_1_e": a["sectorconvenant_werving_geschonden"] & toegepast["e"],
        "wav_9_1_f": a["andere_belemmeringen_opgeworpen"] & toegepast["f"],
        "wav_9_1_g": a["erkenning_referent_ingetrokken"] & toegepast["g"],
        "wav_9_1_h": (a["boete_vw_55a"] | a["veroordeling_vw_108"]) & toegepast["h"],
        "wav_9_1_i": (
            a["boete_arbeidstijdenwet_10_1"] | a["boete_arbeidsomstandighedenwet_33"] | a["boete_wml_18b"]
            | a["boete_wav_18"] | a["boete_waadi_16"]
        ) & toegepast["i"],
        "wav_9_1_j": (
            a["veroordeling_sr_273f"] | a["veroordeling_arbeidstijdenwet_11_3"] | a["veroordeling_arbeidsomstandighedenwet_32"]
        ) & toegepast["j"],
        "wav_9_girale_betaling": ~a["loon_giraal_betaald"] & toegepast["girale_betaling"],
        "wav_9_economische_activiteit": ~a["economische_activiteit_in_nederland"] & toegepast["economische_activiteit"],
    }
    km_failed = {KENNISMIGRANT[0]: ~referent_betrouwbaar, KENNISMIGRANT[1]: ~km_loon, KENNISMIGRANT[2]: ~km_marktconform}
    bk_failed = {BLAUWE_KAART[0]: ~bk_kwalificatie, BLAUWE_KAART[1]: ~bk_contract, BLAUWE_KAART[2]: ~bk_loon}

    # Every failed requirement as one bit mask (a TWV ground counts only where a TWV is required);
    # the first failed requirement of a route is then the lowest bit of the route's part of the mask
    fails = {name: grounds[name] & twv_vereist for name in grounds}
    fails["wav_9_1_facultatief"] = functools.reduce(np.logical_or, [grounds[name] for name in ART_9]) & twv_vereist
    fails.update(km_failed)
    fails.update(bk_failed)
    mask = np.zeros(count, dtype=np.uint32)
    for name, failed in fails.items():
        mask |= np.left_shift(np.asarray(failed, dtype=np.uint32), np.uint32(BIT[name]))

    twv_grond = first_failed(mask & TWV_DECIDES, GEEN)  # art. 9 lid 1 as a whole never decides (letter by letter)
    twv_verleend = twv_vereist & (twv_grond == GEEN)

    # The route: the first open one (variables' order), else refused
    vrij = ~vreemdeling | vrij_verkeer | vrije_toegang
    route = np.select(
        [vrij, kennismigrant, blauwe_kaart, vrijgesteld, twv_verleend],
        [ROUTE["vrij_verkeer"], ROUTE["kennismigrant"], ROUTE["europese_blauwe_kaart"], ROUTE["vrijgesteld"], ROUTE["twv_gvva"]],
        ROUTE["geweigerd"],
    ).astype(np.int8)
    admitted = route != ROUTE["geweigerd"]

    # The deciding ground: sponsor -> kennismigrant route; Blue Card wage -> Blue Card route; else TWV
    ground = np.select(
        [admitted, referent, bk_loon],
        [GEEN, first_failed(mask & KM_BITS, OVERIG), first_failed(mask & BK_BITS, OVERIG)],
        np.where(twv_grond == GEEN, OVERIG, twv_grond),
    ).astype(np.int16)

    # Validity (months): kennismigrant contract, Blue Card contract + 3, TWV per Wav art. 11
    maanden = np.ceil(contract_maanden - 1e-6)
    volledige_toets = twv_vereist & ~(v["a"] | v["b"] | v["c"])
    lid_3_b_c = np.isin(uitzondering, [UitzonderingWav8Lid3[n].index for n in ("internationale_handel_of_religieuze_functie", "opleiding_onderwijs_cultuur_uitwisseling", "verblijfsvergunning_arbeid")])
    twv_duur = np.select([volledige_toets, lid_3_b_c], [law.twv_full_test, law.twv_lid_3_b_c], law.twv_statutory)
    seizoen = a["seizoenarbeid"] & a["niet_eerder_toegelaten"] & ~a["werkvergunning_in_voorafgaande_14_weken"]
    twv_duur = np.where(seizoen, np.minimum(twv_duur, int(np.floor(law.seasonal_weeks * 7 / DAYS_PER_MONTH))), twv_duur)
    if law.asylum_24_weeks:
        twv_duur = np.where(asielzoeker, np.minimum(twv_duur, int(np.floor(law.asylum_24_weeks_max * 7 / DAYS_PER_MONTH))), twv_duur)
    validity = np.select(
        [route == ROUTE["kennismigrant"], route == ROUTE["europese_blauwe_kaart"], route == ROUTE["twv_gvva"]],
        [np.minimum(maanden, law.km_max_months), np.minimum(maanden + law.bk_extra_months, law.bk_max_months), twv_duur],
        0,
    ).astype(np.int32)

    # Failed requirements of a refused applicant: every failed requirement of current law's routes
    # (every refusal ground of current law belongs to that family), the deciding ground among them
    failed = np.where(admitted, np.uint32(0), mask | GROUND_BIT[ground])
    return Decision(route, admitted, ground, validity, failed)


# ---- output ------------------------------------------------------------------------------------


def failed_list_array(mask: np.ndarray) -> pa.ListArray:
    """The failed masks as an Arrow list of requirement names per applicant, in deciding order.

    The lists are built once per distinct mask (a few hundred) and taken by index.
    """
    distinct, index = np.unique(mask, return_inverse=True)
    lists = pa.array([[name for j, name in enumerate(FAILED_ORDER) if int(m) >> j & 1] for m in distinct], pa.list_(pa.string()))
    return lists.take(pa.array(index.reshape(-1).astype(np.int32)))


def to_table(persoon_id, decision: Decision) -> pa.Table:
    """The applicants' table: persoon_id and the five outputs of current law."""
    routes = pa.array([m.name for m in Toelatingsroute])
    grounds = pa.array([m.name for m in Weigeringsgrond])
    return pa.table(
        {
            "persoon_id": persoon_id,
            f"{REGIME}.toelatingsroute": pa.DictionaryArray.from_arrays(pa.array(decision.route.astype(np.int16)), routes),
            f"{REGIME}.toegelaten": pa.array(decision.admitted),
            f"{REGIME}.weigeringsgrond": pa.DictionaryArray.from_arrays(pa.array(decision.ground), grounds),
            f"{REGIME}.verblijfsvergunning_geldigheidsduur_maanden": pa.array(decision.validity),
            f"{REGIME}.niet_voldaan": failed_list_array(decision.failed),
        }
    )


def read(path: str) -> pa.Table:
    """The columns the decision reads (and the ids and roles), from a Parquet population file."""
    names = set(pq.read_schema(path).names)
    wanted = ["persoon_id", "werkgever_id", "rol_huishouden", *INPUTS]
    return pq.read_table(path, columns=[name for name in wanted if name in names])


def pipeline(path: str, out: str, month: str | None) -> dict:
    """Read, make the arrays, decide, write (the numpy pipeline); the seconds of each stage."""
    seconds = {}
    started = time.perf_counter()
    parameters = load_parameters()
    if month is None:
        from openfisca_arbeidsmigratie.law_coverage import default_period  # noqa: PLC0415

        month = default_period()
    law = Law.at(parameters, f"{month}-01")
    seconds["startup"] = time.perf_counter() - _T0
    started = time.perf_counter()
    table = read(path)
    seconds["read"] = time.perf_counter() - started
    started = time.perf_counter()
    persoon_id, arrays = arrays_from_table(table)
    seconds["arrays"] = time.perf_counter() - started
    started = time.perf_counter()
    decision = decide(arrays, law, len(persoon_id))
    seconds["decide"] = time.perf_counter() - started
    started = time.perf_counter()
    pq.write_table(to_table(persoon_id, decision), out)
    seconds["write"] = time.perf_counter() - started
    return seconds


# ---- agreement with the package ----------------------------------------------------------------


def masks_from_lists(column) -> np.ndarray:
    """The failed bit masks from a list column of requirement names (the package's ``niet_voldaan``)."""
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    rows = pc.list_parent_indices(column).to_numpy(zero_copy_only=False)
    names = pc.list_flatten(column)
    if pa.types.is_dictionary(names.type):
        names = names.cast(names.type.value_type)
    found = pc.index_in(names, value_set=pa.array(FAILED_ORDER))
    if found.null_count:
        raise ValueError(f"unknown requirement name(s) in niet_voldaan: {pc.unique(pc.filter(names, pc.is_null(found)))}")
    bits = found.to_numpy(zero_copy_only=False)
    masks = np.zeros(len(column), dtype=np.uint32)
    np.bitwise_or.at(masks, rows, np.left_shift(np.uint32(1), bits.astype(np.uint32)))
    return masks


def package_outputs(table: pa.Table, regime: str = REGIME) -> dict[str, np.ndarray]:
    """The five outputs of ``regime`` from the package's applicants' table, in the reference's codes."""

    def codes(name, enum):
        column = table.column(f"{regime}.{name}").combine_chunks()
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        return pc.index_in(column, value_set=pa.array([m.name for m in enum])).to_numpy(zero_copy_only=False)

    return {
        "toelatingsroute": codes("toelatingsroute", Toelatingsroute),
        "toegelaten": table.column(f"{regime}.toegelaten").to_numpy(),
        "weigeringsgrond": codes("weigeringsgrond", Weigeringsgrond),
        "verblijfsvergunning_geldigheidsduur_maanden": table.column(f"{regime}.verblijfsvergunning_geldigheidsduur_maanden").to_numpy(),
        "niet_voldaan": masks_from_lists(table.column(f"{regime}.niet_voldaan")),
    }


def decision_outputs(decision: Decision) -> dict[str, np.ndarray]:
    return {
        "toelatingsroute": decision.route,
        "toegelaten": decision.admitted,
        "weigeringsgrond": decision.ground,
        "verblijfsvergunning_geldigheidsduur_maanden": decision.validity,
        "niet_voldaan": decision.failed,
    }


def agreement(package: dict[str, np.ndarray], reference: dict[str, np.ndarray]) -> dict[str, float]:
    """Share of applicants on which the two agree, per output."""
    return {name: float(np.mean(np.asarray(package[name]) == np.asarray(reference[name]))) for name in OUTPUTS}


# ---- a population that exercises every rule --------------------------------------------------


def vary_inputs(table: pa.Table, day: str = "2026-06-01", seed: int = 0, schema=None) -> pa.Table:
    """``table`` with every input of :data:`INPUTS` drawn at random, clustered at the law's boundaries.

    Wages at and around each criterion, ages around 18 and 30, graduation around the 1- and
    3-year terms, durations around 13, 24 and 26 weeks, experience around 3 and 5 years, fines
    around the sponsor's threshold, every enum member, EU, British, Dutch and third-country
    nationals. Person inputs are set on the applicants' rows (empty on family rows); employer
    inputs once per werkgever_id (empty on rows without one). With the package's population
    ``schema``, every other input column is drawn too (any member, any switch, a number in its
    range): the decision must not depend on them. For agreement tests (the package validates the
    result like any population file).
    """
    rng = np.random.default_rng(seed)
    _, roles = _dictionary(table.column("rol_huishouden"))
    role_names, _ = _dictionary(table.column("rol_huishouden"))
    applicant = roles == role_names.index("aanvrager")
    employer_ids = table.column("werkgever_id").combine_chunks()
    has_employer = pc.is_valid(employer_ids).to_numpy(zero_copy_only=False)
    employer = np.where(has_employer, employer_ids.fill_null(0).to_numpy(zero_copy_only=False), 0).astype(np.int64)
    n = table.num_rows
    on = np.datetime64(day, "D")
    wages = np.array([2294.0, 2296.0, 2297.64, 2298.0, 3121.0, 3122.0, 4356.0, 4357.0, 4753.0, 4754.0, 5941.0, 5942.0, 6500.0, 0.0])

    def pick(values, size):
        values = np.asarray(values, dtype=object)
        return values[rng.integers(0, len(values), size)]

    def dates(years, spread_days, size):
        base = np.array([np.datetime64(f"{int(str(on)[:4]) - y}{str(on)[4:]}", "D") for y in years])
        return base[rng.integers(0, len(base), size)] + rng.integers(-spread_days, spread_days + 1, size).astype("timedelta64[D]")

    def draw(kind, name, size):
        if name == "nationaliteit":
            return pick(["NL", "PL", "GB", "GB", *["IN", "US", "TR", "UA", "CN", "BR"] * 3], size)
        if name == "beroep_isco08":
            return pick(["25", "2512", "133", "1330", "1", "2", "2141", "5120", "9", "1334"], size)
        if name == "geboortedatum":
            return dates([17, 18, 19, 29, 30, 31, 45], 2, size)
        if name == "afstudeerdatum":
            return dates([0, 1, 2, 3, 4, 10], 2, size)
        if name == "bruto_maandloon":
            return (wages[rng.integers(0, len(wages), size)] + rng.choice([0.0, 0.0, 0.5, -0.5, 100.0], size)).clip(0)
        if name == "arbeidsuren_per_week":
            return pick([8.0, 10.0, 16.0, 16.5, 20.0, 36.0, 40.0], size)
        if name == "beoogde_duur_arbeid_weken":
            return pick([1, 12, 13, 24, 25, 26, 27, 52, 104, 260, 520], size)
        if name == "jaren_onafgebroken_verblijf_met_arbeid":
            return pick([0.0] * 12 + [4.99, 5.0], size)
        if name == "relevante_werkervaring_jaren":
            return pick([0.0, 2.9, 3.0, 4.99, 5.0, 6.0], size)
        if name == "asielaanvraag_duur_maanden":
            return pick([0, 5, 6, 7, 24], size)
        if name == "referent_aantal_boetes_laatste_4_jaar":
            return pick([0, 0, 2, 3, 4], size)
        if name == "weken_tussen_vacaturemelding_en_aanvraag":
            return pick([0, 4, 5, 6, 10], size)
        if kind == "enum":  # the default half of the time, else any member
            default = INPUTS[name][1]
            return np.where(rng.random(size) < 0.5, default, pick([m.name for m in ENUMS[name]], size))
        if kind == "bool":
            default = INPUTS[name][1]
            return rng.random(size) < (0.9 if default else 0.08)
        raise AssertionError(name)

    others = {}
    for name, column in (schema.columns.items() if schema is not None else ()):
        if name in INPUTS or name in ("gewicht",):
            continue
        if column.kind == "enum":
            others[name] = (column.entity, pa.string(), lambda size, c=column: pick(c.enum_names, size))
        elif column.kind == "bool":
            others[name] = (column.entity, pa.bool_(), lambda size: rng.random(size) < 0.5)
        elif column.kind in ("int", "float"):
            top = 50 if column.maximum is None else min(column.maximum, 50)
            kind = pa.int64() if column.kind == "int" else pa.float64()
            others[name] = (column.entity, kind, lambda size, t=top, k=column.kind: rng.integers(1, int(t) + 1, size).astype(np.int64 if k == "int" else np.float64))
        else:
            raise AssertionError(f"no draw for the input {name} ({column.kind}): add it to INPUTS or here")

    arrow = {"date": pa.date32(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_(), "str": pa.string(), "enum": pa.string()}
    columns = {name: table.column(name) for name in table.column_names if name not in INPUTS and name not in others}
    groups = np.unique(employer[has_employer])
    for name, (kind, _, entity) in INPUTS.items():
        if entity == "werkgever":
            per_group = draw(kind, name, len(groups))
            values = per_group[np.searchsorted(groups, employer)] if len(groups) else np.zeros(n, object)
            mask = ~has_employer
        else:
            values = draw(kind, name, n)
            mask = ~applicant
        values = np.asarray(values)
        columns[name] = pa.array(values.tolist() if values.dtype == object else values, type=arrow[kind], mask=mask)
    for name, (entity, kind, draw_other) in others.items():
        if entity == "werkgever":
            per_group = np.asarray(draw_other(len(groups)))
            values, mask = per_group[np.searchsorted(groups, employer)], ~has_employer
        else:
            values, mask = np.asarray(draw_other(n)), ~applicant
        columns[name] = pa.array(values.tolist() if values.dtype == object else values, type=kind, mask=mask)
    return pa.table(columns).replace_schema_metadata(table.schema.metadata)


def main(argv: list[str] | None = None) -> None:
    import argparse  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("population")
    parser.add_argument("output")
    parser.add_argument("--month", help="YYYY-MM (default: the package's default month)")
    arguments = parser.parse_args(argv)
    print(json.dumps(pipeline(arguments.population, arguments.output, arguments.month)))


if __name__ == "__main__":
    main(sys.argv[1:])

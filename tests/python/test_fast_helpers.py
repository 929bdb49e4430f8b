"""The fast helpers (dates by table, codes as integers) give exactly numpy's straightforward results."""

import datetime

import numpy as np
import pytest
from openfisca_core import periods

from openfisca_arbeidsmigratie import codes, peildatum, tijd
from openfisca_arbeidsmigratie.peildatum import dagperiode, op_datums, unieke_dagen


def _leeftijd_per_element(geboren, peil):
    """Age by Python's calendar, one person at a time (29 February: older on 1 March)."""
    uit = []
    for g, p in zip(geboren.tolist(), peil.tolist(), strict=True):
        uit.append(p.year - g.year - ((p.month, p.day) < (g.month, g.day)))
    return np.array(uit, dtype=np.int32)


def _leeftijd_datetime64(geboren, peil):
    """The former implementation (datetime64 casts on every element)."""

    def jmd(d):
        d = np.asarray(d).astype("datetime64[D]")
        m = d.astype("datetime64[M]")
        return m.astype("datetime64[Y]").astype(np.int64) + 1970, m.astype(np.int64) % 12 + 1, (d - m).astype(np.int64) + 1

    gj, gm, gd = jmd(geboren)
    pj, pm, pd = jmd(peil)
    gehad = (pm > gm) | ((pm == gm) & (pd >= gd))
    return (pj - gj - np.where(gehad, 0, 1)).astype(np.int32)


RANDGEVALLEN = [
    # (born, on, age): birthdays, the day before, 29 February in leap and non-leap years
    ("2000-02-29", "2030-02-28", 29),
    ("2000-02-29", "2030-03-01", 30),
    ("2000-02-29", "2032-02-28", 31),
    ("2000-02-29", "2032-02-29", 32),
    ("1996-02-29", "2026-02-28", 29),
    ("1996-02-29", "2026-03-01", 30),
    ("1996-03-01", "2026-02-28", 29),
    ("1996-03-01", "2026-03-01", 30),
    ("1996-06-01", "2026-05-31", 29),
    ("1996-06-01", "2026-06-01", 30),
    ("1995-12-31", "2025-12-31", 30),
    ("1995-12-31", "2025-12-30", 29),
    ("1996-01-01", "2025-12-31", 29),
    ("1900-03-01", "2000-02-29", 99),
    ("1969-12-31", "1970-01-01", 0),
    ("1950-01-01", "2026-06-01", 76),
]


@pytest.mark.parametrize(("geboren", "op", "leeftijd"), RANDGEVALLEN)
def test_leeftijd_op_on_birthdays_and_leap_days(geboren, op, leeftijd):
    assert tijd.leeftijd_op(np.array([geboren], "datetime64[D]"), np.array([op], "datetime64[D]"))[0] == leeftijd
    # a scalar reference date (the generator's and calibration's use) gives the same
    assert tijd.leeftijd_op(np.array([geboren], "datetime64[D]"), np.datetime64(op, "D"))[0] == leeftijd


def test_leeftijd_op_equals_the_calendar_on_every_day_of_a_span():
    geboren = np.arange(np.datetime64("1950-01-01"), np.datetime64("2010-12-31")).astype("datetime64[D]")
    rng = np.random.default_rng(3)
    peil = np.datetime64("2014-01-01") + rng.integers(0, 13 * 366, len(geboren)).astype("timedelta64[D]")
    nieuw = tijd.leeftijd_op(geboren, peil)
    assert nieuw.dtype == np.int32
    np.testing.assert_array_equal(nieuw, _leeftijd_datetime64(geboren, peil))
    np.testing.assert_array_equal(nieuw, _leeftijd_per_element(geboren, peil))
    # one reference date for all (the simulated month's first day)
    vast = np.full(len(geboren), np.datetime64("2024-03-01"))
    np.testing.assert_array_equal(tijd.leeftijd_op(geboren, vast), _leeftijd_datetime64(geboren, vast))


def test_leeftijd_op_wide_span_and_nat_use_numpy_calendar():
    geboren = np.array(["0001-01-01", "2000-02-29", "NaT"], "datetime64[D]")
    peil = np.array(["9999-12-31", "2001-02-28", "2020-01-01"], "datetime64[D]")
    np.testing.assert_array_equal(tijd.leeftijd_op(geboren, peil), _leeftijd_datetime64(geboren, peil))


@pytest.mark.parametrize(
    "dagen",
    [
        np.full(1000, np.datetime64("2026-06-01")),
        np.array(["2024-02-29", "2018-05-23", "2024-02-29", "2018-05-22", "2024-06-12"], "datetime64[D]"),
        np.array(["1000-01-01", "2024-06-12", "2024-06-12"], "datetime64[D]"),
        np.array(["NaT", "2024-06-12", "NaT"], "datetime64[D]"),
        np.array([], "datetime64[D]"),
    ],
    ids=["one day", "a few days", "wide span", "NaT", "empty"],
)
def test_unieke_dagen_equals_np_unique(dagen):
    uniek, terug = unieke_dagen(dagen)
    verwacht, verwacht_terug = np.unique(dagen, return_inverse=True)
    np.testing.assert_array_equal(uniek, verwacht)
    np.testing.assert_array_equal(terug, verwacht_terug.reshape(-1))


def test_op_datums_with_waar_on_one_and_many_days():
    dagen = np.array(["2024-06-11", "2024-06-12", "2024-06-12", "2024-06-13"], "datetime64[D]")
    waar = np.array([True, False, True, True])
    uit = op_datums(dagen, lambda dag: dag.start.day, waar=waar, anders=-1)
    np.testing.assert_array_equal(uit, [11, -1, 12, 13])
    uit = op_datums(dagen[1:3], lambda dag: dag.start.day)
    np.testing.assert_array_equal(uit, [12, 12])


CODES = np.array([b"2221", b"25", b"133", b"1330", b"251", b"", b"9", b"2512", b"1339", b"X1", b"  25"], dtype="S4")


def test_per_code_equals_the_elementwise_calculation():
    def ict(c):
        c = c.astype(str)
        return np.char.startswith(c, "133") | np.char.startswith(c, "25")

    groot = np.tile(CODES, 50)
    np.testing.assert_array_equal(codes.per_code(groot, ict), ict(groot))
    alleen_lezen = groot.copy()
    alleen_lezen.flags.writeable = False
    np.testing.assert_array_equal(codes.per_code(alleen_lezen, ict), ict(groot))
    np.testing.assert_array_equal(codes.per_code(alleen_lezen, ict), ict(groot))  # cached


def test_uniek_covers_every_code_once():
    uniek, terug = codes.uniek(CODES)
    assert sorted(uniek.tolist()) == sorted(set(CODES.tolist()))
    np.testing.assert_array_equal(uniek[terug], CODES)


@pytest.mark.parametrize("breedte", [1, 2, 4, 8])
@pytest.mark.parametrize(
    ("verschillend", "zeldzaam"),
    [(1, 0), (21, 0), (300, 0), (300, 997), (300, 250_000), (5_000, 0)],
)
def test_uniek_of_a_large_array_equals_np_unique(breedte, verschillend, zeldzaam):
    """The sample-and-lookup path (few distinct values; rare ones missed by the sample; too many
    distinct values for a lookup table) gives np.unique's distinct values and positions."""
    rng = np.random.default_rng(breedte * 1_000 + verschillend + zeldzaam)
    soort = np.dtype(f"u{breedte}")
    hoogste = int(np.iinfo(soort).max)
    waarden = rng.integers(0, hoogste, verschillend, dtype=np.uint64, endpoint=True).astype(soort)
    getallen = waarden[rng.integers(0, verschillend, 1_000_000)]
    if zeldzaam:
        getallen[::zeldzaam] = rng.integers(0, hoogste, len(getallen[::zeldzaam]), dtype=np.uint64).astype(soort)
    tekst = getallen.view(f"S{breedte}")
    uniek, terug = codes.uniek(tekst)
    verwacht, verwacht_terug = np.unique(getallen, return_inverse=True)
    np.testing.assert_array_equal(uniek.view(soort), verwacht)
    np.testing.assert_array_equal(terug, verwacht_terug.reshape(-1))


@pytest.mark.parametrize(
    "lijst",
    [
        np.array([b"PL", b"DE", b"B"], dtype="S2"),
        np.array([b"P"], dtype="S1"),
        np.array([b"PLX"], dtype="S3"),
        np.array([], dtype="S2"),
        ["PL", "DE"],
    ],
)
def test_in_codes_equals_np_isin(lijst):
    nationaliteit = np.array([b"PL", b"DE", b"B", b"P", b"", b"GB", b"PLX"], dtype="S2")
    np.testing.assert_array_equal(codes.in_codes(nationaliteit, lijst), np.isin(nationaliteit, lijst))


def test_date_helpers_accept_python_dates():
    geboren = np.array([datetime.date(2000, 2, 29)], dtype="datetime64[D]")
    assert tijd.leeftijd_op(geboren, np.datetime64("2001-03-01"))[0] == 1


def test_eerste_waar_equals_np_select():
    rng = np.random.default_rng(5)
    voorwaarden = [rng.random(5000) < p for p in (0.1, 0.0, 0.5, 0.3)]
    waarden = [3, 7, rng.integers(0, 30, 5000), 12]
    verwacht = np.select(voorwaarden, waarden, 25)
    uit = codes.eerste_waar(voorwaarden, waarden, 25)
    assert uit.dtype == np.int16
    np.testing.assert_array_equal(uit, verwacht)
    standaard = rng.integers(0, 9, 5000)
    uit = codes.eerste_waar(voorwaarden, waarden, standaard, dtype=np.int32)
    assert uit.dtype == np.int32
    np.testing.assert_array_equal(uit, np.select(voorwaarden, waarden, standaard))
    assert codes.eerste_waar([np.zeros(4, bool)], [5], 2).tolist() == [2, 2, 2, 2]


@pytest.mark.parametrize("personen", [0, 1, 2, 7, 64, 65])
def test_eerste_waar_on_a_few_persons_equals_np_select(personen):
    rng = np.random.default_rng(personen)
    for _ in range(20):
        voorwaarden = [rng.random(personen) < p for p in (0.1, 0.0, 0.5, 0.3, 0.05, 1.0)]
        waarden = [3, 7, 0, 12, np.int16(4), 30]
        for standaard, dtype in ((25, np.int16), (0, np.int32), (np.int64(9), np.uint8)):
            k = int(rng.integers(1, 7))
            uit = codes.eerste_waar(voorwaarden[:k], waarden[:k], standaard, dtype=dtype)
            assert uit.dtype == dtype
            assert uit.shape == (personen,)
            np.testing.assert_array_equal(uit, np.select(voorwaarden[:k], waarden[:k], standaard).astype(dtype))
    # an array of values per person, or a value per person as default: the general path, same result
    voorwaarden = [rng.random(personen) < 0.5, rng.random(personen) < 0.5]
    waarden = [rng.integers(0, 9, personen), 4]
    np.testing.assert_array_equal(codes.eerste_waar(voorwaarden, waarden, 2), np.select(voorwaarden, waarden, 2))


def test_leeftijd_op_on_a_few_persons_equals_the_calendar():
    rng = np.random.default_rng(11)
    for personen in (1, 2, 8, 9):
        for _ in range(200):
            geboren = np.datetime64("1940-01-01") + rng.integers(0, 80 * 366, personen).astype("timedelta64[D]")
            peil = np.datetime64("2012-01-01") + rng.integers(0, 16 * 366, personen).astype("timedelta64[D]")
            uit = tijd.leeftijd_op(geboren, peil)
            assert uit.dtype == np.int32
            np.testing.assert_array_equal(uit, _leeftijd_datetime64(geboren, peil))
            np.testing.assert_array_equal(tijd.leeftijd_op(geboren, peil[0]), _leeftijd_datetime64(geboren, np.full(personen, peil[0])))
    # NaT and years outside 1-9999 of Python's calendar: numpy's calendar, as for a population
    for van, tot in ((["NaT"], ["2020-01-01"]), (["2000-01-01"], ["NaT"]), (["-0001-06-01"], ["2020-01-01"]), (["2000-02-29"], ["10000-03-01"])):
        geboren, peil = np.array(van, "datetime64[D]"), np.array(tot, "datetime64[D]")
        np.testing.assert_array_equal(tijd.leeftijd_op(geboren, peil), _leeftijd_datetime64(geboren, peil))


@pytest.mark.parametrize("lengte", [3, 15, 17, 31, 40])
def test_in_tabel_equals_indexing(lengte):
    rng = np.random.default_rng(lengte)
    tabel = rng.random(lengte) < 0.5
    tabel[-1] = True  # the highest entry (the sign bit of the 16- or 32-bit mask)
    indices = rng.integers(0, lengte, 3000).astype(np.int16)
    np.testing.assert_array_equal(codes.in_tabel(indices, tabel), tabel[indices])


def test_begint_met_and_is_code_equal_numpy_on_text():
    tekst = CODES.astype(str)
    verwacht = np.char.startswith(tekst, "133") | np.char.startswith(tekst, "25")
    np.testing.assert_array_equal(codes.begint_met(CODES, [b"133", b"25"]), verwacht)
    np.testing.assert_array_equal(codes.begint_met(CODES.astype("S5"), [b"133", b"25"]), verwacht)  # other width
    nationaliteit = np.array([b"NL", b"N", b"", b"GB", b"LN"], dtype="S2")
    np.testing.assert_array_equal(codes.is_code(nationaliteit, b"NL"), nationaliteit == b"NL")
    np.testing.assert_array_equal(codes.is_code(nationaliteit, b"N"), nationaliteit == b"N")


def test_op_datums_one_date_gives_the_values_and_types_of_the_date_by_date_path():
    dagen = np.full(6, np.datetime64("2024-06-12"))
    waar = np.array([True, False, True, True, False, True])
    for kwargs in ({}, {"waar": waar}, {"waar": waar, "anders": False}, {"dtype": np.float32}, {"waar": np.ones(6, bool)}):
        snel = op_datums(dagen, lambda dag: dag.start.day * 1.5, **kwargs)
        # the same dates, not all one: the date-by-date path
        gemengd = op_datums(np.concatenate([dagen, [np.datetime64("2024-06-13")]]), lambda dag: dag.start.day * 1.5,
                            **{k: (np.append(v, True) if k == "waar" else v) for k, v in kwargs.items()})[:6]
        assert snel.dtype == gemengd.dtype
        np.testing.assert_array_equal(snel, gemengd)


@pytest.mark.parametrize("kwargs", [{}, {"dtype": np.float32}, {"waar": np.ones(1, bool)}, {"waar": np.zeros(1, bool), "anders": -1.0}])
def test_op_datums_one_person_gives_the_values_and_types_of_the_date_by_date_path(kwargs):
    dag = np.array(["2024-06-12"], "datetime64[D]")
    snel = op_datums(dag, lambda d: d.start.day * 1.5, **kwargs)
    twee = np.array(["2024-06-12", "2024-06-13"], "datetime64[D]")
    gemengd = op_datums(twee, lambda d: d.start.day * 1.5, **{k: (np.append(v, v) if k == "waar" else v) for k, v in kwargs.items()})[:1]
    assert snel.shape == (1,)
    assert snel.dtype == gemengd.dtype
    np.testing.assert_array_equal(snel, gemengd)


@pytest.mark.parametrize("anders", [np.nan, False, -1, 2.5])
@pytest.mark.parametrize("dtype", [None, np.float32, bool])
@pytest.mark.parametrize("dagen", [["2024-06-12"], ["2024-06-12", "2024-06-12"], ["2024-06-12", "2019-01-01", "2024-06-12"], []])
def test_op_datums_for_no_one_gives_the_values_and_types_of_the_date_by_date_path(anders, dtype, dagen):
    dagen = np.array(dagen, "datetime64[D]")
    waar = np.zeros(len(dagen), bool)
    snel = op_datums(dagen, lambda d: d.start.day * 1.5, waar=waar, anders=anders, dtype=dtype)
    verwacht = peildatum._op_verschillende_datums(dagen, lambda d: d.start.day * 1.5, waar, anders, None)
    verwacht = verwacht if dtype is None else verwacht.astype(dtype)
    assert snel.dtype == verwacht.dtype
    np.testing.assert_array_equal(snel, verwacht)


@pytest.mark.parametrize("dag", ["1970-01-01", "1969-12-31", "2024-02-29", "2014-01-01", "0001-01-01", "9999-12-31"])
def test_dagperiode_equals_parsing_the_text(dag):
    verwacht = periods.period(f"day:{dag}")
    assert dagperiode(np.datetime64(dag, "D")) == verwacht
    assert dagperiode(np.datetime64(dag, "D")) == verwacht  # the second time from the cache
    assert str(dagperiode(np.datetime64(dag, "D"))) == str(verwacht)


def _variables_module(pad):
    import importlib.util  # noqa: PLC0415
    import pathlib  # noqa: PLC0415

    from openfisca_arbeidsmigratie import law_directory  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("wetsmodule", pathlib.Path(law_directory("variables")) / pad)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("stapgrootte", "maximum", "referentie", "hoogste_loon", "hoogste_stap"),
    [
        (0.1, 10, 27.25, 15_000, 12),
        (0.25, 3, 27.25, 15_000, 12),
        (0.1, 0, 27.25, 15_000, 12),
        (0.0, 4, 27.25, 15_000, 12),
        (0.1, 10, 0.0, 15_000, 12),
        # most wages below the first bound (the persons searched are a minority)
        (0.1, 10, 27.25, 2_000, 2),
        (0.25, 3, 27.25, 1_000, 2),
    ],
)
def test_wage_steps_equal_the_step_by_step_count_on_and_next_to_every_bound(
    stapgrootte, maximum, referentie, hoogste_loon, hoogste_stap
):
    module = _variables_module("voorstellen/brede_welvaartstoets.py")
    rng = np.random.default_rng(11)
    uren_per_week = rng.choice(np.array([0, 0.5, 8, 32, 36, 38, 40, 60, -1, np.inf], np.float32), 20_000)
    uren = uren_per_week.astype(np.float64) * 52 / 12
    stap = rng.integers(0, hoogste_stap, len(uren))
    op_grens = np.round(referentie * (1 + stap * stapgrootte) * uren, 2).astype(np.float32)
    loon = rng.uniform(0, hoogste_loon, len(uren)).astype(np.float32)
    loon[::3] = op_grens[::3]  # exactly on a bound
    loon[1::3] = np.nextafter(op_grens[1::3], np.float32(0))  # a cent's fraction below it
    loon[5::97] = np.nan  # no wage known
    verwacht = np.zeros(len(loon), dtype=np.int32)
    for k in range(1, maximum + 1):
        verwacht += (uren > 0) & (loon >= np.round(referentie * (1 + k * stapgrootte) * uren, 2).astype(np.float32))
    np.testing.assert_array_equal(module._aantal_stappen(loon, uren, referentie, stapgrootte, maximum), verwacht)
    # the wage points on the hours per week (the persons below the first bound sifted out first)
    punten = module._loonpunten(loon, uren_per_week, referentie, stapgrootte, maximum, punten_per_stap=1.5)
    assert punten.dtype == np.float32
    np.testing.assert_array_equal(punten, (verwacht * 1.5).astype(np.float32))


@pytest.mark.parametrize("maximum", [-2, 0, 1, 3, 6])
@pytest.mark.parametrize("punten_per_lid", [-1.0, 0.0, -0.3])
def test_housing_points_equal_the_elementwise_sum(maximum, punten_per_lid):
    module = _variables_module("voorstellen/brede_welvaartstoets.py")
    rng = np.random.default_rng(3)
    per_vorm = np.array([2.0, -1.5, 0.1, 0.0], dtype=np.float32)
    vorm = rng.integers(0, len(per_vorm), 5_000).astype(np.int16)
    gezinsleden = rng.integers(0, 9, len(vorm)).astype(np.int32)
    punten = module._huisvestingspunten(per_vorm, vorm, gezinsleden, maximum, punten_per_lid)
    verwacht = (per_vorm[vorm] + np.clip(gezinsleden, 0, maximum) * punten_per_lid).astype(np.float32)
    assert punten.dtype == np.float32
    np.testing.assert_array_equal(punten, verwacht)


def test_job_scores_equal_section_plus_longest_listed_prefix():
    from openfisca_arbeidsmigratie import puntentabel  # noqa: PLC0415
    from openfisca_arbeidsmigratie.enums import SbiSectie  # noqa: PLC0415

    sectoren = {s.name: {"economie": i * 0.5 - 3, "ecologie": 1.25 - i, "samenleving": i % 4} for i, s in enumerate(SbiSectie)}
    beroepen = {"isco_2": {"economie": 8.0, "ecologie": 0.0, "samenleving": 6.0},
                "isco_222": {"economie": 7.0, "ecologie": -2.0, "samenleving": 9.5},
                "isco_2221": {"economie": 7.5, "ecologie": 0.1, "samenleving": 10.0},
                "isco_9": {"economie": -1.0, "ecologie": 3.0, "samenleving": 0.7},
                "onbekend": {"economie": -4.0, "ecologie": 0.2, "samenleving": 0.0}}

    class Node(dict):
        def __getattr__(self, key):
            return self[key]

    stap_1 = Node(sector=Node({k: Node(v) for k, v in sectoren.items()}), beroep=Node({k: Node(v) for k, v in beroepen.items()}))
    rng = np.random.default_rng(5)
    codes_ = rng.choice(np.array([b"2221", b"2225", b"22", b"2", b"9", b"", b"X1", b"31", b"2221"], dtype="S4"), 3_000)
    sector = rng.integers(0, len(SbiSectie), len(codes_)).astype(np.int16)

    def verwacht(dim):
        bekend = {k.removeprefix("isco_"): v for k, v in beroepen.items()}
        uit = []
        for code, s in zip(codes_.tolist(), sector.tolist(), strict=True):
            tekst = code.decode()
            gevonden = next((tekst[:n] for n in range(len(tekst), 0, -1) if tekst.isdigit() and tekst[:n] in bekend), "onbekend")
            uit.append(np.float32(sectoren[list(SbiSectie)[s].name][dim]) + np.float32(bekend[gevonden][dim]))
        return np.array(uit, dtype=np.float32)

    for dim in puntentabel.DIMENSIES:
        np.testing.assert_array_equal(puntentabel.werkscores(stap_1, puntentabel.celindex(sector, codes_), dim), verwacht(dim))
    # another table on the same cells
    beroepen["isco_22"] = {"economie": 1.0, "ecologie": 1.0, "samenleving": 1.0}
    stap_1 = Node(sector=stap_1.sector, beroep=Node({k: Node(v) for k, v in beroepen.items()}))
    cellen = puntentabel.celindex(sector, codes_)
    np.testing.assert_array_equal(puntentabel.werkscores(stap_1, cellen, "economie"), verwacht("economie"))


def test_per_simulatie_keeps_a_value_while_the_simulation_holds_the_same_arrays():
    class Entity:
        simulation = type("Simulation", (), {})()

    made = []

    def maak(array):
        made.append(array)
        return array.sum()

    a = np.arange(5)
    assert codes.per_simulatie(Entity, "k", (a,), lambda: maak(a)) == 10
    assert codes.per_simulatie(Entity, "k", (a[:].view(),), lambda: maak(a)) == 10  # a view of the same data
    assert len(made) == 1
    b = np.arange(6)  # another array (an input set again): made anew
    assert codes.per_simulatie(Entity, "k", (b,), lambda: maak(b)) == 15
    assert codes.per_simulatie(Entity, "other", (b,), lambda: maak(b)) == 15  # another key
    assert len(made) == 3

"""The requirements (eisen) an applicant can fail, each declared once (law side).

Every requirement whose failure refuses an application is one :class:`Eis` in :data:`EISEN`:

* ``name``: its member of the ``Weigeringsgrond`` enum (openfisca_arbeidsmigratie.enums builds
  the enum from this registry; ``index`` is the member's position, stable across releases:
  population files and tables may carry the integer code);
* ``variable`` and ``met_when``: the law variable that decides it. ``met_when=False``: the variable
  is True where the ground applies (``weigeringsgrond_wav_8_1_a``); ``met_when=True``: the variable
  is True where the requirement is met (``kennismigrant_loon_voldoende``), so it fails where the
  variable is False. ``entity`` says whose variable it is (``persoon`` or ``werkgever``);
  ``requires_twv``: the requirement counts only where a TWV/GVVA is required
  (``tewerkstellingsvergunning_vereist``);
* ``routes``: the admission route(s) it belongs to (keys of :data:`ROUTES`);
* ``order``: the order in which it decides within its route: the deciding ground of a route is
  its first failed requirement by ``order`` (the statute's order: Wav art. 8 lid 1 a..h, then
  art. 9 lid 1 a..j, then the 2022 grounds); ``decides=False`` for a requirement that is reported
  but never the deciding ground (``wav_9_1_facultatief``, the sum of art. 9 lid 1 a..j, which is
  reported letter by letter);
* ``citation``: law, BWB id, article, lid, onderdeel and a wetten.overheid.nl JCI link pinned to
  the version in force when the requirement took its present form (a proposal: Kamerstuk 29861
  nr. 153 and its section); ``unverified`` names any part not checked against the text;
* ``description`` (Dutch) and ``description_en``: a short plain statement of the requirement.

Derived from it: the ``Weigeringsgrond`` enum and labels, the order of the deciding grounds
(variables/wav/vergunning.py, variables/toelating/besluit.py), one bool variable
``niet_voldaan_<name>`` per entry (variables/uitleg/afwijzingsgronden.py), the explanations
(openfisca_arbeidsmigratie.explain) and :func:`catalogue` (``GET /requirements``).

Which requirements count for a refused applicant follows from the deciding ground
(``weigeringsgrond``, which every regime writes) and its route's *family* (:data:`ROUTES`):

* a current-law ground: the failed requirements of every current-law route that exists in the
  month (its route variable has a formula then);
* a points-test ground: the failed steps of the points test;
* a ground with no family (the bandwidth cap): that ground alone.

The deciding ground itself is always among the failed requirements.

Adding a refusal ground: write its law variable, append one :class:`Eis` here (the next free
``index``; an ``order`` that places it in its route) and its YAML tests; everything above follows.
"""

from __future__ import annotations

import dataclasses
import weakref

import numpy as np

# --- citations ---------------------------------------------------------------------------------

WAV = "Wet arbeid vreemdelingen"
WAV_BWB = "BWBR0007149"
BUWAV = "Besluit uitvoering Wet arbeid vreemdelingen"
BUWAV_BWB = "BWBR0007523"
BUWAV_2022 = "Besluit uitvoering Wet arbeid vreemdelingen 2022"
BUWAV_2022_BWB = "BWBR0046078"
VW_2000 = "Vreemdelingenwet 2000"
VW_2000_BWB = "BWBR0011823"
KAMERSTUK_29861_153 = "Kamerstuk 29861 nr. 153"
KAMERSTUK_29861_153_URL = "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2025D00418"


def jci_url(bwb_id: str, article, lid="", onderdeel="", geldig_op: str = "2022-01-01") -> str:
    """A wetten.overheid.nl JCI 1.3 link to an article (lid, onderdeel) in the version valid on ``geldig_op``."""
    parts = [f"artikel={article}"]
    if lid:
        parts.append(f"lid={lid}")
    if onderdeel:
        parts.append(f"onderdeel={onderdeel}")
    return f"https://wetten.overheid.nl/jci1.3:c:{bwb_id}&{'&'.join(parts)}&g={geldig_op}"


@dataclasses.dataclass(frozen=True)
class Citation:
    law: str
    bwb_id: str
    article: str
    lid: str
    onderdeel: str
    url: str

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    def text(self) -> str:
        """'Wet arbeid vreemdelingen art. 8 lid 1 onder a' (a proposal: 'Kamerstuk 29861 nr. 153, <section>')."""
        if not self.article:
            return ", ".join(p for p in (self.law, self.onderdeel) if p)
        parts = [self.law, f"art. {self.article}"]
        if self.lid:
            parts.append(f"lid {self.lid}")
        if self.onderdeel:
            parts.append(f"onder {self.onderdeel}")
        return " ".join(parts)


def law(name: str, bwb_id: str, article, lid="", onderdeel="", *, geldig_op: str) -> Citation:
    return Citation(name, bwb_id, str(article), str(lid), onderdeel, jci_url(bwb_id, article, lid, onderdeel, geldig_op))


def kamerstuk(section: str) -> Citation:
    """A proposal is not law: it cites the cabinet's letter and the section that describes it."""
    return Citation(KAMERSTUK_29861_153, "", "", "", section, KAMERSTUK_29861_153_URL)


# --- routes ------------------------------------------------------------------------------------

CURRENT_LAW = "huidig_recht"
POINTS_TEST = "puntentoets"


@dataclasses.dataclass(frozen=True)
class Route:
    family: str | None  # routes of one family are explained together; None: the ground alone
    variable: str | None  # the route is open (decides whether the route exists in a month)


ROUTES: dict[str, Route] = {
    "twv_gvva": Route(CURRENT_LAW, "route_twv_gvva_open"),
    "kennismigrant": Route(CURRENT_LAW, "route_kennismigrant_open"),
    "europese_blauwe_kaart": Route(CURRENT_LAW, "route_europese_blauwe_kaart_open"),
    "puntentoets": Route(POINTS_TEST, "puntentoets_gehaald"),
    "bandbreedte": Route(None, None),
    "voorstel": Route(None, None),  # a proposal's own ground, reported alone
}
"""Per route: its family and the variable saying it is open. A route exists in a month when that
variable has a formula then (the kennismigrant route from October 2004, the Blue Card from 19 June
2011); the route names of current law are members of ``Toelatingsroute``."""


# --- the registry ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Eis:
    name: str
    index: int
    label: str
    variable: str
    met_when: bool
    routes: tuple[str, ...]
    order: int
    citation: Citation | None
    description: str
    description_en: str
    entity: str = "persoon"
    requires_twv: bool = False
    decides: bool = True
    unverified: str = ""

    @property
    def family(self) -> str | None:
        return ROUTES[self.routes[0]].family

    @property
    def failed_variable(self) -> str:
        """The bool variable that reports this requirement as failed for a refused applicant."""
        return f"niet_voldaan_{self.name}"

    def as_dict(self) -> dict:
        """The JSON form of :func:`catalogue`."""
        entry = {
            "name": self.name,
            "variable": self.variable,
            "routes": list(self.routes),
            "order": self.order,
            "description": self.description,
            "description_en": self.description_en,
            "citation": self.citation.as_dict() if self.citation else None,
            "failed_variable": self.failed_variable,
            "met_when": self.met_when,
            "requires_twv": self.requires_twv,
            "decides": self.decides,
        }
        if self.unverified:
            entry["unverified"] = self.unverified
        return entry


GEEN = ("geen", "Niet geweigerd")
"""Member 0 of Weigeringsgrond: admitted (not a requirement)."""

_ART_8 = {
    "a": ("prioriteitgenietend_aanbod", "prioriteitgenietend aanbod beschikbaar",
          "Voor de arbeidsplaats is prioriteitgenietend aanbod op de arbeidsmarkt aanwezig.",
          "Priority supply (Dutch, EU/EEA/Swiss or free-access workers) is available for the job."),
    "b": ("vacature_niet_tijdig_gemeld", "vacature niet tijdig bij UWV gemeld",
          "De vacature is niet ten minste vijf weken voor de aanvraag bij UWV gemeld.",
          "The vacancy was not reported to UWV at least five weeks before the application."),
    "c": ("onvoldoende_wervingsinspanningen", "onvoldoende wervingsinspanningen",
          "De werkgever toont niet aan voldoende wervingsinspanningen te hebben gepleegd.",
          "The employer does not show sufficient efforts to recruit priority supply."),
    "d": ("arbeidsvoorwaarden", "arbeidsvoorwaarden onder wettelijk of gebruikelijk niveau",
          "Arbeidsvoorwaarden liggen beneden het wettelijk vereiste of in de bedrijfstak gebruikelijke niveau.",
          "Terms of employment are below the statutory or customary level of the sector."),
    "e": ("geen_verblijfsrecht", "geen (aanvraag om) verblijfsrecht dat arbeid toestaat",
          "De vreemdeling heeft geen (aanvraag om een) voor arbeid geldige verblijfsvergunning.",
          "The foreign national has no (application for a) residence permit valid for work."),
    "f": ("minimumloon", "loon lager dan het wettelijk minimumloon",
          "De vreemdeling verdient met de arbeid niet ten minste het wettelijk minimumloon per maand.",
          "The work does not pay at least the statutory monthly minimum wage."),
    "g": ("aangewezen_arbeid", "arbeid aangewezen als niet in het Nederlands belang",
          "De arbeid behoort tot een bij AMvB aangewezen categorie die niet in het Nederlands belang is.",
          "The work belongs to a category designated by order in council as not in the Dutch interest."),
    "h": ("quotum", "quotum (art. 5a) bereikt",
          "Het bij of krachtens art. 5a vastgestelde quotum is bereikt.",
          "The quota set under art. 5a has been reached."),
}

_ART_9 = {
    "a": ("prioriteitgenietend aanbod binnen redelijke termijn",
          "Prioriteitgenietend aanbod is naar verwachting binnen een redelijke termijn beschikbaar.",
          "Priority supply is expected to be available within a reasonable period."),
    "b": ("niet eerder toegelaten vreemdeling onder de minimumleeftijd",
          "De niet eerder toegelaten vreemdeling is jonger dan de bij regeling gestelde leeftijd.",
          "A foreign national not admitted before is younger than the age set by ministerial regulation."),
    "c": ("voorschriften of beperkingen van een eerdere vergunning niet nageleefd",
          "Voorschriften of beperkingen van een eerder verleende vergunning zijn niet nageleefd.",
          "Conditions or restrictions of an earlier permit were not complied with."),
    "d": ("geen passende huisvesting",
          "Er is geen passende huisvesting voor de vreemdeling beschikbaar.",
          "No suitable housing is available for the foreign national."),
    "e": ("werving niet volgens het sectorconvenant",
          "De werving is niet verlopen zoals in een sectorconvenant afgesproken.",
          "Recruitment did not follow the sector covenant."),
    "f": ("werkgever heeft andere belemmeringen opgeworpen",
          "De werkgever heeft andere belemmeringen opgeworpen om de vacature met prioriteitgenietend aanbod te vervullen.",
          "The employer raised other obstacles to filling the vacancy with priority supply."),
    "g": ("erkenning als referent ingetrokken, geschorst of geweigerd",
          "De erkenning van de werkgever als referent is ingetrokken, geschorst of geweigerd.",
          "The employer's recognition as sponsor was withdrawn, suspended or refused."),
    "h": ("boete Vw 2000 art. 55a of veroordeling art. 108 (vijf jaar)",
          "De werkgever kreeg in de vijf jaar voor de aanvraag een boete (Vw 2000 art. 55a) of veroordeling (art. 108).",
          "The employer was fined (Aliens Act art. 55a) or convicted (art. 108) in the five years before the application."),
    "i": ("boete Arbeidstijdenwet, Arbowet, Wml, Wav of Waadi (vijf jaar)",
          "De werkgever kreeg in de vijf jaar voor de aanvraag een boete onder de Arbeidstijdenwet, Arbowet, Wml, Wav of Waadi.",
          "The employer was fined under working-time, health-and-safety, minimum-wage, Wav or Waadi law in the five years before."),
    "j": ("veroordeling Sr 273f, Arbeidstijdenwet of Arbowet (vijf jaar)",
          "De werkgever is in de vijf jaar voor de aanvraag veroordeeld (Sr art. 273f, Arbeidstijdenwet 11:3, Arbowet 32).",
          "The employer was convicted (trafficking, working-time or health-and-safety offences) in the five years before."),
}


def _wav_8(index: int, letter: str) -> Eis:
    suffix, kort, nl, en = _ART_8[letter]
    return Eis(
        f"wav_8_1_{letter}_{suffix}", index, f"Wav art. 8 lid 1 onder {letter}: {kort}",
        f"weigeringsgrond_wav_8_1_{letter}", False, ("twv_gvva",), 100 + "abcdefgh".index(letter),
        law(WAV, WAV_BWB, 8, 1, letter, geldig_op="2014-01-01"), nl, en, requires_twv=True,
    )


def _wav_9(index: int, letter: str) -> Eis:
    kort, nl, en = _ART_9[letter]
    return Eis(
        f"wav_9_1_{letter}", index, f"Wav art. 9 lid 1 onder {letter}: {kort}",
        f"weigeringsgrond_wav_9_1_{letter}", False, ("twv_gvva",), 200 + "abcdefghij".index(letter),
        law(WAV, WAV_BWB, 9, 1, letter, geldig_op="2014-01-01"), nl, en, requires_twv=True,
    )


_UNVERIFIED_2022 = (
    "The letter (onderdeel) of art. 9 lid 1 that the 2022 amendment (Stb. 2021, 505) gave this ground "
    "was not read in the consolidated text; the citation stops at the lid."
)
_UNVERIFIED_BUWAV_2022 = "The lid of BuWav 2022 art. 2.1/2.2 was not read in the consolidated text; the citation stops at the article."

EISEN: tuple[Eis, ...] = (
    *(_wav_8(1 + i, letter) for i, letter in enumerate("abcdefgh")),
    Eis(
        "wav_9_1_facultatief", 9, "Wav art. 9 lid 1: facultatieve weigeringsgrond toegepast",
        "weigeringsgrond_wav_9_1", False, ("twv_gvva",), 299,
        law(WAV, WAV_BWB, 9, 1, geldig_op="2014-01-01"),
        "Een facultatieve weigeringsgrond van art. 9 lid 1 (onder a tot en met j) is toegepast.",
        "An optional refusal ground of art. 9 lid 1 (onder a to j) is applied; each letter is reported on its own.",
        requires_twv=True, decides=False,
    ),
    Eis(
        "wav_9_girale_betaling", 10, "Wav art. 9 (2022): loon niet giraal betaald",
        "weigeringsgrond_wav_9_girale_betaling", False, ("twv_gvva",), 300,
        law(WAV, WAV_BWB, 9, 1, geldig_op="2022-01-01"),
        "Het loon wordt niet giraal betaald over een periode van ten hoogste een maand (sinds 2022).",
        "The wage is not paid by bank transfer per period of at most one month (since 2022).",
        requires_twv=True, unverified=_UNVERIFIED_2022,
    ),
    Eis(
        "wav_9_economische_activiteit", 11, "Wav art. 9 (2022): geen economische activiteit in Nederland",
        "weigeringsgrond_wav_9_economische_activiteit", False, ("twv_gvva",), 301,
        law(WAV, WAV_BWB, 9, 1, geldig_op="2022-01-01"),
        "De werkgever heeft geen economische activiteit in Nederland (sinds 2022).",
        "The employer has no economic activity in the Netherlands (since 2022).",
        requires_twv=True, unverified=_UNVERIFIED_2022,
    ),
    Eis(
        "kennismigrant_looncriterium", 12, "Kennismigrant: looncriterium niet gehaald",
        "kennismigrant_loon_voldoende", True, ("kennismigrant",), 420,
        law(BUWAV_2022, BUWAV_2022_BWB, "2.1", geldig_op="2024-06-12"),
        "Het loon haalt het looncriterium voor kennismigranten niet (vroeger BuWav art. 1d lid 1 onder a).",
        "The gross monthly wage is below the salary criterion for highly skilled migrants.",
        unverified=_UNVERIFIED_BUWAV_2022,
    ),
    Eis(
        "kennismigrant_geen_erkend_referent", 13, "Kennismigrant: werkgever is geen erkend referent",
        "erkend_referent_betrouwbaar", True, ("kennismigrant",), 410,
        law(VW_2000, VW_2000_BWB, "2e", geldig_op="2024-01-01"),
        "De werkgever is geen (betrouwbare) erkend referent; erkenning geweigerd, geschorst of ingetrokken.",
        "The employer is not a recognised (and reliable) sponsor.",
        entity="werkgever",
    ),
    Eis(
        "europese_blauwe_kaart_looncriterium", 14, "Europese blauwe kaart: looncriterium niet gehaald",
        "europese_blauwe_kaart_loon_voldoende", True, ("europese_blauwe_kaart",), 530,
        law(BUWAV_2022, BUWAV_2022_BWB, "2.2", geldig_op="2024-06-12"),
        "Het loon haalt het looncriterium voor de Europese blauwe kaart niet (vroeger BuWav art. 1i lid 1 onder b).",
        "The gross monthly wage is below the EU Blue Card salary criterion.",
        unverified=_UNVERIFIED_BUWAV_2022,
    ),
    Eis(
        "europese_blauwe_kaart_kwalificatie", 15, "Europese blauwe kaart: geen hogeronderwijsdiploma of beroepservaring",
        "europese_blauwe_kaart_kwalificatie", True, ("europese_blauwe_kaart",), 510,
        law(BUWAV_2022, BUWAV_2022_BWB, "2.2", geldig_op="2024-06-12"),
        "Geen hogeronderwijsdiploma en (na de herziening, richtlijn (EU) 2021/1883) geen vereiste beroepservaring.",
        "No higher-education diploma (nor, after the recast, the professional experience).",
        unverified=_UNVERIFIED_BUWAV_2022,
    ),
    Eis(
        "europese_blauwe_kaart_contractduur", 16, "Europese blauwe kaart: arbeidsovereenkomst te kort",
        "europese_blauwe_kaart_contractduur_voldoende", True, ("europese_blauwe_kaart",), 520,
        law(BUWAV_2022, BUWAV_2022_BWB, "2.2", geldig_op="2024-06-12"),
        "De arbeidsovereenkomst duurt korter dan vereist (12 maanden; 6 maanden na de herziening, Stb. 2024, 150).",
        "The employment contract is shorter than required (12 months; 6 after the recast).",
        unverified=_UNVERIFIED_BUWAV_2022,
    ),
    Eis(
        "puntentoets_stap_1", 17, "Brede welvaartstoets: stap 1 (de baan) onder de drempel",
        "puntentoets_stap_1_gehaald", True, ("puntentoets",), 610,
        kamerstuk("brede welvaartstoets, stap 1"),
        "Het werk haalt niet meer punten dan de drempel van stap 1 (of er is geen concreet werkaanbod).",
        "No concrete job offer, or the job's points are not above the step-1 threshold.",
    ),
    Eis(
        "puntentoets_totaal", 18, "Brede welvaartstoets: totaal onder de toelatingsdrempel",
        "puntentoets_totaal_gehaald", True, ("puntentoets",), 620,
        kamerstuk("brede welvaartstoets, stap 1 en 2"),
        "Het totaal van de punten van het werk en van de nieuwkomer haalt de toelatingsdrempel niet.",
        "The total of the job's and the newcomer's points is below the admission threshold.",
    ),
    Eis(
        "bandbreedte_bereikt", 19, "Bandbreedte: jaarplafond voor arbeidsmigratie bereikt",
        "bandbreedte_bereikt", False, ("bandbreedte",), 700,
        kamerstuk("bandbreedte (motie Bikker, Kamerstuk 29861 nr. 129)"),
        "Het jaarplafond (bandbreedte) voor arbeidsmigratie is bereikt.",
        "The annual cap (bandwidth) on labour migration has been reached.",
    ),
    Eis(
        "overig", 20, "Andere grond",
        "kennismigrant_loon_marktconform_en_giraal", True, ("kennismigrant",), 430,
        law(BUWAV, BUWAV_BWB, "1d", 4, geldig_op="2015-01-01"),
        "Een andere grond; voor de kennismigrant: het loon is niet marktconform of wordt niet maandelijks giraal betaald.",
        "Another ground; for the kennismigrant route: the wage is not market-conform or not paid monthly by bank transfer.",
        unverified="The current provision (BuWav 2022) of the market-conform and bank-payment condition was not read; the citation is the old BuWav art. 1d lid 4.",
    ),
    *(_wav_9(21 + i, letter) for i, letter in enumerate("abcdefghij")),
    Eis(
        "bandbreedte_saldo_bovengrens", 31,
        "Bandbreedte voor het arbeidsmigratiesaldo: ruimte voor toelating van buiten de EU is op",
        "bandbreedte_saldo_bovengrens_bereikt", False, ("bandbreedte",), 710,
        kamerstuk("bandbreedte arbeidsmigratiesaldo (motie Bikker, Kamerstuk 29861 nr. 129)"),
        "De bovengrens van het jaarlijkse arbeidsmigratiesaldo laat geen ruimte meer voor toelating van buiten de EU.",
        "The upper bound of the yearly net labour-migration balance leaves no room for admission from outside the EU.",
    ),
    Eis(
        "asielzoeker_werkverbod", 32,
        "Voorstel migratiepact: werkverbod voor een asielzoeker met een lage kans op een asielvergunning",
        "asielzoeker_werkverbod", False, ("voorstel",), 720,
        Citation(
            "Ontwerpwijziging BuWav 2022 en RuWav 2022 (internetconsultatie 3-30 november 2025; voorstel)",
            "", "", "", "werkverbod asielzoeker met lage kans op een asielvergunning",
            "https://www.rijksoverheid.nl/actueel/nieuws/2025/11/03/asielzoeker-met-grote-kans-op-vergunning-kan-al-na-drie-maanden-werken",
        ),
        "Een asielzoeker met een lage kans op een asielvergunning (bijvoorbeeld uit een veilig land) mag niet werken.",
        "An asylum seeker with low prospects of an asylum permit (e.g. from a safe country of origin) may not work.",
    ),
)
"""Every requirement, in ``index`` order (the Weigeringsgrond member order)."""


def enum_members() -> list[tuple[str, str]]:
    """(name, label) of each Weigeringsgrond member in index order, ``geen`` first."""
    members = [GEEN, *((eis.name, eis.label) for eis in sorted(EISEN, key=lambda e: e.index))]
    return members


def deciding_order(route: str) -> list[Eis]:
    """The requirements of ``route`` that can decide a refusal, in the order they decide."""
    return [eis for eis in IN_ORDER if route in eis.routes and eis.decides]


def catalogue() -> list[dict]:
    """Every requirement as a JSON-able dict (``GET /requirements``), in deciding order."""
    return [eis.as_dict() for eis in IN_ORDER]


# --- evaluation (read by the variables) --------------------------------------------------------


def _read(persoon, period, eis: Eis, rows: np.ndarray | None = None) -> np.ndarray:
    """The requirement's variable for every person, or for the persons ``rows`` only."""
    if eis.entity == "werkgever":
        if rows is None:
            return np.asarray(persoon.werkgever(eis.variable, period), dtype=bool)
        # the employers' values gathered for those persons only (not projected onto everyone)
        werkgever = persoon.simulation.populations["werkgever"]
        return np.asarray(werkgever(eis.variable, period), dtype=bool)[werkgever.members_entity_id[rows]]
    value = np.asarray(persoon(eis.variable, period), dtype=bool)
    return value if rows is None else value[rows]


def fails(persoon, period, eis: Eis, rows: np.ndarray | None = None) -> np.ndarray:
    """True where the requirement is not met (before the refusal and family rules); with ``rows``
    (person indices), for those persons only."""
    value = _read(persoon, period, eis, rows)
    vereist = None
    if eis.requires_twv:
        vereist = np.asarray(persoon("tewerkstellingsvergunning_vereist", period), dtype=bool)
        if rows is not None:  # gathered once for the rows every requirement of a family reads
            vereist = _kept((vereist, rows), "vereist", lambda: vereist[rows])
    if vereist is not None:
        return (~value & vereist) if eis.met_when else (value & vereist)
    return ~value if eis.met_when else value.copy()


def first_failed(persoon, period, route: str, default: int, rows: np.ndarray | None = None) -> np.ndarray:
    """The Weigeringsgrond index of the first failed deciding requirement of ``route``; ``default`` if
    none. With ``rows`` (person indices), for those persons only."""
    from openfisca_arbeidsmigratie.codes import eerste_waar  # noqa: PLC0415 (the registry itself imports numpy only)

    eisen = deciding_order(route)
    return eerste_waar([fails(persoon, period, eis, rows) for eis in eisen], [eis.index for eis in eisen], default)


def route_exists(persoon, period, route: str) -> bool:
    """Does ``route`` exist in ``period`` in the simulation's regime (its route variable has a formula)?"""
    name = ROUTES[route].variable
    variable = persoon.simulation.tax_benefit_system.variables.get(name) if name else None
    return variable is not None and variable.get_formula(period) is not None


def failed_after_refusal(persoon, period, eis: Eis) -> np.ndarray:
    """``niet_voldaan_<name>``: True for a refused applicant who fails ``eis`` (module docstring)."""
    toegelaten = np.asarray(persoon("toegelaten", period), dtype=bool)
    refused = _kept((toegelaten,), "refused", lambda: ~toegelaten)
    if not refused.any():
        return _nobody(len(refused))
    grounds = persoon("weigeringsgrond", period)
    # Who is refused, their deciding grounds, which grounds occur and who is refused on a ground
    # of each family: worked out once per simulation (on the refused persons' rows), not per
    # requirement. A requirement that is no one's deciding ground needs no comparison over all.
    rows = _kept((refused,), "rows", lambda: np.flatnonzero(refused))
    ground_of = _kept((grounds, rows), "grounds", lambda: np.asarray(grounds).take(rows))
    present = _kept((ground_of,), "present", lambda: np.bincount(ground_of, minlength=len(FAMILY_OF_INDEX)) > 0)
    failed = None
    if eis.index < len(present) and present[eis.index]:
        failed = np.zeros(len(refused), dtype=bool)  # the refused whose deciding ground it is
        failed[rows[ground_of == eis.index]] = True
    if eis.family is not None and any(route_exists(persoon, period, route) for route in eis.routes):
        family = FAMILIES.index(eis.family)
        family_rows = _kept(
            (ground_of, rows, FAMILY_OF_INDEX), family, lambda: rows[FAMILY_OF_INDEX.take(ground_of) == family]
        )
        if len(family_rows) and (eis.entity == "werkgever" or len(family_rows) * GATHER_BELOW < len(refused)):
            # the requirement's value for the refused of the family only (gathered, not over everyone)
            failing = family_rows[fails(persoon, period, eis, family_rows)]
            if len(failing):
                if failed is None:
                    failed = np.zeros(len(refused), dtype=bool)
                failed[failing] = True
        elif len(family_rows):
            # many of them: a person's own requirement by whole-array logic on bool arrays
            in_family = _kept((family_rows,), "mask", lambda: _mask(len(refused), family_rows))
            failing = fails(persoon, period, eis)  # a new array
            failing &= in_family
            failed = failing if failed is None else np.logical_or(failed, failing, out=failed)
    return _nobody(len(refused)) if failed is None else failed


GATHER_BELOW = 16
"""A family's refused persons are gathered when they are fewer than 1 in ``GATHER_BELOW`` persons:
gathering a bool by index costs about ten times a pass over every person's bool."""


def _mask(count: int, rows: np.ndarray) -> np.ndarray:
    mask = np.zeros(count, dtype=bool)
    mask[rows] = True
    return mask


def _nobody(count: int) -> np.ndarray:
    """False for all ``count`` persons: a read-only view of one value (no array of copies)."""
    return np.broadcast_to(np.False_, (count,))


_KEPT: dict[tuple, tuple] = {}


def _kept(arrays: tuple, tag, compute) -> np.ndarray:
    """``compute()``, a read-only array derived from ``arrays`` only, computed once while they live.

    Every ``niet_voldaan_<name>`` of a simulation reads the same arrays (``toegelaten``,
    ``weigeringsgrond``): who is refused, and who is refused on a ground of a family, are worked
    out once per simulation, not once per requirement.
    """
    key = (*map(id, arrays), tag)
    hit = _KEPT.get(key)
    if hit is not None and all(ref() is array for ref, array in zip(hit[0], arrays, strict=True)):
        return hit[1]
    value = compute()
    value.flags.writeable = False
    try:
        references = tuple(weakref.ref(array) for array in arrays)
    except TypeError:
        return value
    _KEPT[key] = (references, value)
    weakref.finalize(arrays[0], _KEPT.pop, key, None)
    return value


# --- the failed-requirement variables ----------------------------------------------------------


def _failed_formula(eis: Eis):
    def formula(persoon, period, parameters):
        return failed_after_refusal(persoon, period, eis)

    return formula


def failed_requirement_variables() -> list[type]:
    """One bool variable ``niet_voldaan_<name>`` per requirement (added by CountryTaxBenefitSystem).

    Generated here, not written in variables/, so that a new registry entry brings its variable:
    OpenFisca's file loader only accepts variables written as class statements.
    """
    from openfisca_core.periods import MONTH  # noqa: PLC0415 (the enum module imports this one)
    from openfisca_core.variables import Variable  # noqa: PLC0415

    from openfisca_arbeidsmigratie.entities import Persoon  # noqa: PLC0415

    classes = []
    for eis in EISEN:
        reference = [eis.citation.url] if eis.citation else []
        gate = " Counts only where a TWV/GVVA is required." if eis.requires_twv else ""
        attributes = {
            "value_type": bool,
            "entity": Persoon,
            "definition_period": MONTH,
            "label": f"Afgewezen aanvraag voldoet niet aan: {eis.label}",
            "reference": reference,
            "documentation": (
                f"PUBLIC. True for a refused applicant who fails this requirement ({eis.description_en}){gate} "
                f"It counts when the deciding ground (weigeringsgrond) is {eis.name}, or belongs to the same "
                f"family of routes ({eis.family or 'none: this ground alone'}) and the route "
                f"{', '.join(eis.routes)} exists in the month. False when admitted. Declared in the registry "
                "of requirements (openfisca_arbeidsmigratie.eisen); read by the variable "
                f"{eis.variable}{' (met when True)' if eis.met_when else ' (the ground applies when True)'}."
            ),
            "formula": _failed_formula(eis),
            "__module__": __name__,
            "introspection_data": ("openfisca_arbeidsmigratie/eisen.py", "", 0),
        }
        classes.append(type(eis.failed_variable, (Variable,), attributes))
    return classes


# --- tables derived from EISEN -----------------------------------------------------------------

BY_NAME: dict[str, Eis] = {}
IN_ORDER: tuple[Eis, ...] = ()
"""The requirements in deciding order (the order explanations list them in)."""
FAMILIES: list[str] = []
FAMILY_OF_INDEX = np.zeros(0, dtype=np.int8)
"""FAMILY_OF_INDEX[i]: the position in FAMILIES of the family of Weigeringsgrond member i (-1: none)."""


def derive() -> None:
    """(Re)compute the tables above from EISEN (at import; again after an entry is added in a test)."""
    global BY_NAME, IN_ORDER, FAMILIES, FAMILY_OF_INDEX  # noqa: PLW0603 (module-level tables)
    BY_NAME = {eis.name: eis for eis in EISEN}
    IN_ORDER = tuple(sorted(EISEN, key=lambda eis: eis.order))
    FAMILIES = sorted({route.family for route in ROUTES.values() if route.family})
    FAMILY_OF_INDEX = np.full(max(eis.index for eis in EISEN) + 1, -1, dtype=np.int8)
    for eis in EISEN:
        if eis.family is not None:
            FAMILY_OF_INDEX[eis.index] = FAMILIES.index(eis.family)


derive()

"""Where each refusal ground comes from: law, article, lid, onderdeel, URL.

``WEIGERINGSGROND_CITATIES`` maps a member name of
:class:`openfisca_arbeidsmigratie.enums.Weigeringsgrond` to its citation, so that a decision
(``twv_weigeringsgrond``, ``toelatingsroute``) can be explained to an applicant or a drafter.

Keys of each entry: ``wet`` (law), ``artikel``, ``lid``, ``onderdeel`` (letter, or "" when the
ground is a whole lid), ``url`` (wetten.overheid.nl, consolidated text valid on the date the
ground took its present form), ``bwb_id`` and ``omschrijving`` (Dutch description).

Append-friendly: each route adds its own entries with :func:`_citatie`; keep one entry per member.
"""

from __future__ import annotations

WAV = "Wet arbeid vreemdelingen"
WAV_BWB = "BWBR0007149"


def jci_url(bwb_id: str, artikel, lid=None, geldig_op: str = "2022-01-01") -> str:
    """A stable wetten.overheid.nl link (JCI 1.3) to an article (and lid) valid on ``geldig_op``."""
    lid_deel = f"&lid={lid}" if lid else ""
    return f"https://wetten.overheid.nl/jci1.3:c:{bwb_id}&artikel={artikel}{lid_deel}&g={geldig_op}"


def _citatie(wet, bwb_id, artikel, lid, onderdeel, *, omschrijving, geldig_op="2022-01-01"):
    return {
        "wet": wet,
        "artikel": str(artikel),
        "lid": str(lid),
        "onderdeel": onderdeel,
        "url": jci_url(bwb_id, artikel, lid, geldig_op),
        "bwb_id": bwb_id,
        "omschrijving": omschrijving,
    }


def _wav(artikel, lid, onderdeel, omschrijving):
    return _citatie(WAV, WAV_BWB, artikel, lid, onderdeel, omschrijving=omschrijving)


WEIGERINGSGROND_CITATIES: dict[str, dict] = {
    # Wet arbeid vreemdelingen, art. 8 lid 1: mandatory refusal grounds (text from 1 January 2014).
    "wav_8_1_a_prioriteitgenietend_aanbod": _wav(
        8, 1, "a", "Voor de arbeidsplaats is prioriteitgenietend aanbod op de arbeidsmarkt aanwezig."
    ),
    "wav_8_1_b_vacature_niet_tijdig_gemeld": _wav(
        8, 1, "b", "De vacature is niet ten minste vijf weken voor de aanvraag bij UWV gemeld."
    ),
    "wav_8_1_c_onvoldoende_wervingsinspanningen": _wav(
        8, 1, "c", "De werkgever toont niet aan voldoende wervingsinspanningen te hebben gepleegd."
    ),
    "wav_8_1_d_arbeidsvoorwaarden": _wav(
        8, 1, "d", "Arbeidsvoorwaarden liggen beneden het wettelijk vereiste of in de bedrijfstak gebruikelijke niveau."
    ),
    "wav_8_1_e_geen_verblijfsrecht": _wav(
        8, 1, "e", "De vreemdeling heeft geen (aanvraag om een) voor arbeid geldige verblijfsvergunning."
    ),
    "wav_8_1_f_minimumloon": _wav(
        8, 1, "f", "De vreemdeling verdient met de arbeid niet ten minste het wettelijk minimumloon per maand."
    ),
    "wav_8_1_g_aangewezen_arbeid": _wav(
        8, 1, "g", "De arbeid behoort tot een bij AMvB aangewezen categorie die niet in het Nederlands belang is."
    ),
    "wav_8_1_h_quotum": _wav(8, 1, "h", "Het bij of krachtens art. 5a vastgestelde quotum is bereikt."),
    # Wet arbeid vreemdelingen, art. 9 lid 1: optional refusal grounds (a to j from 2014;
    # the 2022 amendment, Stb. 2021, 505, added the two grounds below).
    "wav_9_1_facultatief": _wav(
        9, 1, "", "Een facultatieve weigeringsgrond van art. 9 lid 1 (onder a tot en met j) is toegepast."
    ),
    "wav_9_girale_betaling": _wav(
        9, 1, "", "Het loon wordt niet giraal betaald over een periode van ten hoogste een maand (sinds 2022)."
    ),
    "wav_9_economische_activiteit": _wav(
        9, 1, "", "De werkgever heeft geen economische activiteit in Nederland (sinds 2022)."
    ),
}

# Kennismigrant and EU Blue Card routes (issue 3). The BuWav 2022 leden are not cited: the
# consolidated text of art. 2.1/2.2 after Stb. 2024, 150 was not read; the old BuWav text is.
BUWAV_2022 = "Besluit uitvoering Wet arbeid vreemdelingen 2022"
BUWAV_2022_BWB = "BWBR0046078"


def _buwav_2022(artikel, omschrijving):
    return _citatie(BUWAV_2022, BUWAV_2022_BWB, artikel, "", "", omschrijving=omschrijving, geldig_op="2024-06-12")


WEIGERINGSGROND_CITATIES.update(
    {
        "kennismigrant_looncriterium": _buwav_2022(
            "2.1", "Het loon haalt het looncriterium voor kennismigranten niet (vroeger BuWav art. 1d lid 1 onder a)."
        ),
        "kennismigrant_geen_erkend_referent": _citatie(
            "Vreemdelingenwet 2000", "BWBR0011823", "2e", "", "",
            omschrijving="De werkgever is geen (betrouwbare) erkend referent; erkenning geweigerd, geschorst of ingetrokken.",
            geldig_op="2024-01-01",
        ),
        "europese_blauwe_kaart_looncriterium": _buwav_2022(
            "2.2", "Het loon haalt het looncriterium voor de Europese blauwe kaart niet (vroeger BuWav art. 1i lid 1 onder b)."
        ),
        "europese_blauwe_kaart_kwalificatie": _buwav_2022(
            "2.2", "Geen hogeronderwijsdiploma en (na de herziening, richtlijn (EU) 2021/1883) geen vereiste beroepservaring."
        ),
        "europese_blauwe_kaart_contractduur": _buwav_2022(
            "2.2", "De arbeidsovereenkomst duurt korter dan vereist (12 maanden; 6 maanden na de herziening, Stb. 2024, 150)."
        ),
    }
)

# Proposals (issue 8, explanations). A proposal is not law: it is cited by the parliamentary paper
# that describes it (wet = the paper, artikel = the section). The letter's text is in seed/.
KAMERBRIEF_29861_153 = "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2025D00418"


def _kamerstuk(stuk, onderdeel, url, omschrijving):
    return {
        "wet": stuk,
        "artikel": "",
        "lid": "",
        "onderdeel": onderdeel,
        "url": url,
        "bwb_id": "",
        "omschrijving": omschrijving,
    }


WEIGERINGSGROND_CITATIES.update(
    {
        "puntentoets_stap_1": _kamerstuk(
            "Kamerstuk 29861 nr. 153 (voorstel Adviesraad Migratie)", "brede welvaartstoets, stap 1",
            KAMERBRIEF_29861_153,
            "Het werk haalt niet meer punten dan de drempel van stap 1 (of er is geen concreet werkaanbod).",
        ),
        "puntentoets_totaal": _kamerstuk(
            "Kamerstuk 29861 nr. 153 (voorstel Adviesraad Migratie)", "brede welvaartstoets, stap 1 en 2",
            KAMERBRIEF_29861_153,
            "Het totaal van de punten van het werk en van de nieuwkomer haalt de toelatingsdrempel niet.",
        ),
        "bandbreedte_bereikt": _kamerstuk(
            "Kamerstuk 29861 nr. 153 (voorstel Adviesraad Migratie; motie Bikker, 29861 nr. 129)", "bandbreedte",
            KAMERBRIEF_29861_153,
            "Het jaarplafond (bandbreedte) voor arbeidsmigratie is bereikt.",
        ),
        "asielzoeker_werkverbod": _kamerstuk(
            "Ontwerpwijziging BuWav 2022 en RuWav 2022 (internetconsultatie 3-30 november 2025; voorstel)",
            "werkverbod asielzoeker met lage kans op een asielvergunning",
            "https://www.rijksoverheid.nl/actueel/nieuws/2025/11/03/asielzoeker-met-grote-kans-op-vergunning-kan-al-na-drie-maanden-werken",
            "Een asielzoeker met een lage kans op een asielvergunning (bijvoorbeeld uit een veilig land) mag niet werken.",
        ),
    }
)

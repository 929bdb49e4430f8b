"""Enumerations shared by several variables, reforms and the machinery.

OpenFisca loads every variables file as a fresh module per tax-benefit system, so an Enum defined
inside a variables file is a different class in each system. Enums that more than one place needs
(a reform, the population reader, the comparison engine) therefore live here, in the package.
Member order is part of the public contract: population files may give Enums as integer codes in
declaration order, so append new members at the end.
"""

from openfisca_core.indexed_enums import Enum


class Toelatingsroute(Enum):
    """The route by which an applicant is admitted to work in the Netherlands (or refused)."""

    vrij_verkeer = "Vrij verkeer van werknemers (EU/EER/Zwitserland) of vrije toegang tot de arbeidsmarkt"
    kennismigrant = "Verblijfsvergunning kennismigrant (kennismigrantenregeling)"
    europese_blauwe_kaart = "Europese blauwe kaart"
    twv_gvva = "Tewerkstellingsvergunning of gecombineerde vergunning voor verblijf en arbeid"
    vrijgesteld = "Geen vergunning nodig: vrijgestelde categorie (Wav art. 3)"
    puntentoets = "Toegelaten na de brede welvaartstoets (voorstel Adviesraad Migratie)"
    geweigerd = "Geweigerd"


class SbiSectie(Enum):
    """SBI 2008 section (CBS Standaard Bedrijfsindeling), the sector of the job."""

    A = "A Landbouw, bosbouw en visserij"
    B = "B Delfstoffenwinning"
    C = "C Industrie"
    D = "D Energievoorziening"
    E = "E Waterbedrijven en afval- en afvalwaterbeheer"
    F = "F Bouwnijverheid"
    G = "G Handel"
    H = "H Vervoer en opslag"
    I = "I Logies-, maaltijd- en drankverstrekking"  # noqa: E741 (SBI letter)
    J = "J Informatie en communicatie"
    K = "K Financiele instellingen"
    L = "L Verhuur van en handel in onroerend goed"
    M = "M Advisering, onderzoek en overige specialistische zakelijke dienstverlening"
    N = "N Verhuur van roerende goederen en overige zakelijke dienstverlening"
    O = "O Openbaar bestuur, overheidsdiensten en verplichte sociale verzekeringen"  # noqa: E741
    P = "P Onderwijs"
    Q = "Q Gezondheids- en welzijnszorg"
    R = "R Cultuur, sport en recreatie"
    S = "S Overige dienstverlening"
    T = "T Huishoudens als werkgever"
    U = "U Extraterritoriale organisaties en lichamen"


class Verblijfsdoel(Enum):
    """The residence status and purpose (verblijfsdoel, Vb 2000 art. 3.4) the person holds now.

    ``geen`` is the ordinary case of a first application from abroad: no Dutch residence right yet.
    Temporary purposes in the sense of Vb 2000 art. 3.5 lid 2 are marked so in their label.
    """

    geen = "Geen verblijfsrecht in Nederland (eerste aanvraag vanuit het buitenland)"
    arbeid_in_loondienst = "Arbeid in loondienst (GVVA)"
    kennismigrant = "Arbeid als kennismigrant"
    europese_blauwe_kaart = "Europese blauwe kaart"
    wetenschappelijk_onderzoek = "Wetenschappelijk onderzoek (richtlijn 2016/801)"
    studie = "Studie (tijdelijk)"
    zoekjaar_hoogopgeleiden = "Zoeken naar en verrichten van arbeid: zoekjaar hoogopgeleiden (tijdelijk)"
    seizoenarbeid = "Seizoenarbeid (tijdelijk)"
    lerend_werken = "Lerend werken (tijdelijk)"
    overplaatsing_binnen_onderneming = "Overplaatsing binnen een onderneming (ICT-richtlijn)"
    familie_en_gezin = "Verblijf als familie- of gezinslid"
    asielzoeker = "Asielzoeker met een lopende aanvraag"
    asiel_bepaalde_tijd = "Verblijfsvergunning asiel voor bepaalde tijd"
    onbepaalde_tijd = "Verblijfsvergunning regulier of asiel voor onbepaalde tijd / EU-langdurig ingezetene"
    overig_tijdelijk = "Ander tijdelijk verblijfsdoel"
    overig_niet_tijdelijk = "Ander niet-tijdelijk verblijfsdoel"

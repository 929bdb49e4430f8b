"""Enumerations shared by several variables, reforms and the machinery.

OpenFisca loads every variables file as a fresh module per tax-benefit system, so an Enum defined
inside a variables file is a different class in each system. Enums that more than one place needs
(a reform, the population reader, the comparison engine) therefore live here, in the package.
Member order is part of the public contract: population files may give Enums as integer codes in
declaration order, so append new members at the end.
"""

from openfisca_core.indexed_enums import Enum

from openfisca_arbeidsmigratie import eisen


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


Weigeringsgrond = Enum(
    "Weigeringsgrond",
    eisen.enum_members(),
    module=__name__,
    qualname="Weigeringsgrond",
)
Weigeringsgrond.__doc__ = """The deciding ground of a refusal (the first failed requirement of the decisive route).

``geen`` when the applicant is admitted. Built from the registry of requirements
(openfisca_arbeidsmigratie.eisen): one member per requirement, in the order of its stable
``index``; the registry also holds each member's citation, route and deciding order. New members
are appended at the end (population files may give the ground as an integer code).
"""


class TaalniveauNederlands(Enum):
    """Knowledge of Dutch of the newcomer (step 2 of the proposed brede welvaartstoets).

    Levels of the Common European Framework of Reference (CEFR/ERK); ``intentie`` is the
    intention to learn Dutch without a certified level yet (Kamerstuk 29861 nr. 153: "de intentie om
    Nederlands te leren").
    """

    geen = "Geen kennis van het Nederlands en geen intentie om het te leren"
    intentie = "Intentie om Nederlands te leren (nog geen niveau)"
    A1 = "Nederlands op niveau A1 (ERK)"
    A2 = "Nederlands op niveau A2 (ERK)"
    B1_of_hoger = "Nederlands op niveau B1 of hoger (ERK)"


class Huisvestingsvorm(Enum):
    """How the newcomer will be housed (step 2 of the proposed brede welvaartstoets: "het gebruik van woonruimte")."""

    reguliere_woningmarkt = "Beroep op de reguliere (krappe) woningmarkt"
    buiten_reguliere_woningmarkt = "Huisvesting geregeld buiten de reguliere woningmarkt (extra woonruimte, bv. door de werkgever bijgebouwd)"
    bestaand_huishouden = "Trekt in bij een bestaand huishouden in Nederland (geen extra woning nodig)"


class VerblijfsrechtArbeid(Enum):
    """Residence right valid for work of the foreign national (Wav art. 8 lid 1 onder e).

    ``aangevraagd`` is the ordinary case of a TWV/GVVA application: the residence permit is
    applied for together with (GVVA) or alongside the work permit.
    """

    aangevraagd = "Voor arbeid geldige verblijfsvergunning aangevraagd"
    verleend = "Beschikt over een voor arbeid geldige verblijfsvergunning of rechtmatig verblijf"
    niet_aangevraagd = "Geen voor arbeid geldige verblijfsvergunning en geen aanvraag"
    geweigerd = "Aanvraag om een voor arbeid geldige verblijfsvergunning geweigerd"


class UitzonderingWav8Lid3(Enum):
    """The case designated under Wav art. 8 lid 3 that switches off some mandatory grounds."""

    geen = "Geen uitzondering: de volledige arbeidsmarkttoets geldt"
    bijzondere_omstandigheden = "Bijzondere omstandigheden (art. 8 lid 3 onder a): onderdeel b vervalt"
    internationale_handel_of_religieuze_functie = "Internationale handelscontacten of religieuze functie (art. 8 lid 3 onder b): a, b, c en f vervallen"
    opleiding_onderwijs_cultuur_uitwisseling = "Opleiding, onderwijs, vrijwilligerswerk, uitwisseling of cultuur (art. 8 lid 3 onder c): a, b, c, d en f vervallen"
    verblijfsvergunning_arbeid = "Vreemdeling heeft al een voor arbeid geldige verblijfsvergunning (art. 8 lid 3 onder c): a, b, c, d en f vervallen"


class VrijgesteldeCategorieWav(Enum):
    """Categories that the AMvB exempts from the TWV requirement (Wav art. 3 lid 1 onder c).

    Old BuWav (1995-2021) art. 1-1l; BuWav 2022 hoofdstuk 3. The kennismigrant, EU Blue Card
    and researcher exemptions are not here: they are admission routes (variables/toelating/routes.py).
    """

    geen = "Geen vrijgestelde categorie"
    incidentele_arbeid = "Incidentele arbeid zonder hoofdverblijf in Nederland (monteurs, zakelijke besprekingen, beurzen, journalisten, artiesten, sporters)"
    grensoverschrijdende_dienstverlening = "Grensoverschrijdende dienstverlening vanuit een andere EU/EER-staat met melding bij UWV"
    bemanning_of_vervoer = "Bemanning van buitenlandse schepen, vliegtuigen of internationaal vervoer"
    diplomatiek_of_internationaal = "Personeel van diplomatieke posten, internationale organisaties of buitenlandse strijdkrachten"
    stage_nederlandse_opleiding = "Stage als onderdeel van een opleiding in Nederland (stageovereenkomst)"
    au_pair_of_working_holiday = "Au pair of working holiday (ten hoogste een jaar)"
    slachtoffer_mensenhandel = "Slachtoffer of getuige van mensenhandel met verblijfsrecht"


class KennismigrantSoortAanvraag(Enum):
    """Which kennismigrant application is decided: a first one, an extension, or a change of employer."""

    eerste_aanvraag = "Eerste aanvraag (eerste toelating als kennismigrant)"
    verlenging_zelfde_werkgever = "Verlenging bij dezelfde werkgever"
    wisseling_werkgever = "Wijziging van werkgever (nieuwe werkgever, ook als verlenging)"


class KennismigrantEerderCriterium(Enum):
    """The salary criterion under which the kennismigrant was admitted before (for an extension or a change)."""

    geen = "Niet eerder als kennismigrant toegelaten"
    jonger_dan_dertig = "Toegelaten onder het criterium jonger dan 30 jaar"
    dertig_jaar_en_ouder = "Toegelaten onder het criterium 30 jaar en ouder"
    verlaagd = "Toegelaten onder het verlaagde criterium (afgestudeerde, zoekjaar)"

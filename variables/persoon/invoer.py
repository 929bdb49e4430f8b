"""Inputs about the person (the applicant): who they are and what job they are offered.

Every input documents its unit, its allowed values and its default. A default is what the
model assumes when a test case or a population file does not name the fact.
"""

from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import ETERNITY, MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import SbiSectie, Verblijfsdoel
from openfisca_arbeidsmigratie.tijd import leeftijd_op


class geboortedatum(Variable):
    value_type = date
    entity = Persoon
    definition_period = ETERNITY
    label = "Geboortedatum"
    documentation = """
    Date of birth (ISO 8601, e.g. 1994-05-17). Default: 1970-01-01 (OpenFisca's default date);
    always give it when age matters (the kennismigrant under-30 criterion, the Wav age limits).
    """
    reference = "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2"


class leeftijd(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Leeftijd op de aanvraagdatum, in hele jaren"
    unit = "year"
    reference = "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2"

    def formula(persoon, period, parameters):
        return leeftijd_op(persoon("geboortedatum", period), persoon("aanvraagdatum", period))


class aanvraagdatum(Variable):
    value_type = date
    entity = Persoon
    definition_period = MONTH
    label = "Datum van de aanvraag (TWV, GVVA of verblijfsvergunning)"
    documentation = """
    The date the application is filed. Default (formula): the first day of the simulated month.
    Give it as an input to place the application on another day of the month; ages and the
    'within N years of graduation' rules are measured on this date.
    """
    reference = "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2"

    def formula(persoon, period, parameters):
        # one date for all: a read-only view of it (every formula reads it, none writes it)
        return np.broadcast_to(np.datetime64(str(period.start), "D"), (persoon.count,))


class nationaliteit(Variable):
    value_type = str
    max_length = 2
    entity = Persoon
    definition_period = ETERNITY
    label = "Nationaliteit (ISO 3166-1 alpha-2)"
    documentation = """
    Nationality as an upper-case ISO 3166-1 alpha-2 code ("NL", "PL", "IN", "GB"). Default: the
    empty string, read as a third-country national without free movement (the ordinary applicant
    under the Wav). Every entry point (population files, YAML tests, explain, the web API) checks
    the code against the ISO list: a lower-case or unknown code is an error, never a third country.
    """
    reference = "https://wetten.overheid.nl/BWBR0007149/2022-01-01#Hoofdstuk1"


class begunstigde_terugtrekkingsakkoord(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = ETERNITY
    label = "Begunstigde van het terugtrekkingsakkoord (Brexit)"
    documentation = """
    True for a United Kingdom national who resided lawfully in the Netherlands before
    1 January 2021 and keeps free access under the Withdrawal Agreement (art. 10, 24). Default False.
    """
    reference = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:12020W/TXT"


class verblijfsdoel(Variable):
    value_type = Enum
    possible_values = Verblijfsdoel
    default_value = Verblijfsdoel.geen
    entity = Persoon
    definition_period = MONTH
    label = "Huidig verblijfsrecht en verblijfsdoel in Nederland"
    documentation = """
    The residence right the person holds in the month of the application. Allowed values: the
    members of openfisca_arbeidsmigratie.enums.Verblijfsdoel. Default `geen` (a first application
    from abroad).
    """
    reference = "https://wetten.overheid.nl/BWBR0011825/2024-01-01#Hoofdstuk3"


class bruto_maandloon(Variable):
    value_type = float
    default_value = 0.0
    entity = Persoon
    definition_period = MONTH
    label = "Bruto maandloon, exclusief vakantiebijslag"
    unit = "currency-EUR"
    documentation = """
    The offered gross wage in euro per month, excluding holiday allowance (vakantiebijslag),
    payments in kind and irregular pay. Allowed: >= 0. Default 0.
    """
    reference = "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2_Paragraaf2.1_Artikel2.1"


class arbeidsuren_per_week(Variable):
    value_type = float
    default_value = 40.0
    entity = Persoon
    definition_period = MONTH
    label = "Arbeidsduur in uren per week"
    unit = "hour"
    documentation = "Contractual working hours per week. Allowed: 0 < hours <= 60. Default 40 (full time)."
    reference = "https://wetten.overheid.nl/BWBR0002638/2024-01-01#HoofdstukII"


class beroep_isco08(Variable):
    value_type = str
    max_length = 4
    entity = Persoon
    definition_period = MONTH
    label = "Beroep (ISCO-08-code)"
    documentation = """
    Occupation of the job as an ISCO-08 code of 1 to 4 digits ("2", "25", "2512"); the first digit
    is the major group. Default: the empty string (unknown occupation).
    """
    reference = "https://www.ilo.org/public/english/bureau/stat/isco/isco08/"


class sector_sbi(Variable):
    value_type = Enum
    possible_values = SbiSectie
    default_value = SbiSectie.N
    entity = Persoon
    definition_period = MONTH
    label = "Sector van de baan (SBI 2008-sectie)"
    documentation = """
    Sector of the employer's activity for this job, as an SBI 2008 section letter A to U.
    Default N (other business services, where temporary-work agencies are classified).
    """
    reference = "https://www.cbs.nl/nl-nl/onze-diensten/methoden/classificaties/activiteiten/standaard-bedrijfsindeling--sbi--"


class beoogde_duur_arbeid_weken(Variable):
    value_type = int
    default_value = 52
    entity = Persoon
    definition_period = MONTH
    label = "Beoogde duur van de arbeid, in weken"
    unit = "week"
    documentation = "Intended duration of the work in weeks. Allowed: >= 1. Default 52 (one year or longer)."
    reference = "https://wetten.overheid.nl/BWBR0007149/2022-01-01#Hoofdstuk2_Artikel11"


class gewicht(Variable):
    value_type = float
    default_value = 1.0
    entity = Persoon
    definition_period = ETERNITY
    label = "Weging: aantal aanvragers in de bevolking dat deze rij vertegenwoordigt"
    documentation = """
    Survey-style weight of the row in a population file: how many applicants per year this row
    stands for, so that weighted sums gross up to national totals. Not a legal fact; machinery.
    Allowed: > 0. Default 1 (a single case, as in YAML tests).
    """
    reference = "https://openfisca.org/doc/simulate/run-simulation.html"

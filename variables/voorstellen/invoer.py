"""Inputs of the newcomer step and the job offer of the proposed brede welvaartstoets.

These facts play no role in current law; they feed the points test, whose points can be
computed under any regime (see brede_welvaartstoets.py).
"""

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Huisvestingsvorm, TaalniveauNederlands

KAMERBRIEF_29861_153 = (
    "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2025D00418"
)


class concreet_werkaanbod(Variable):
    value_type = bool
    default_value = True
    entity = Persoon
    definition_period = MONTH
    label = "Er is een concreet werkaanbod (arbeidsovereenkomst of baanaanbod in Nederland)"
    reference = KAMERBRIEF_29861_153
    documentation = """
    True when the applicant has a concrete job offer from an employer in the Netherlands. The
    brede welvaartstoets keeps this requirement of current policy (step 1). Default True: every
    application under the Wav and the kennismigrant scheme concerns a concrete job; set False
    for a job-seeker.
    """


class taalniveau_nederlands(Variable):
    value_type = Enum
    possible_values = TaalniveauNederlands
    default_value = TaalniveauNederlands.geen
    entity = Persoon
    definition_period = MONTH
    label = "Kennis van het Nederlands of de intentie om Nederlands te leren"
    reference = KAMERBRIEF_29861_153
    documentation = """
    The newcomer's Dutch: one of geen, intentie, A1, A2, B1_of_hoger (CEFR levels; members of
    openfisca_arbeidsmigratie.enums.TaalniveauNederlands). Default geen: most labour migrants
    arrive without Dutch, and the default must not award points that were not shown.
    """


class huisvestingsvorm(Variable):
    value_type = Enum
    possible_values = Huisvestingsvorm
    default_value = Huisvestingsvorm.reguliere_woningmarkt
    entity = Persoon
    definition_period = MONTH
    label = "Hoe de nieuwkomer gehuisvest wordt (gebruik van woonruimte)"
    reference = KAMERBRIEF_29861_153
    documentation = """
    How the newcomer will be housed: reguliere_woningmarkt (a claim on the tight regular
    housing market), buiten_reguliere_woningmarkt (housing arranged outside it, e.g. built by
    the employer), bestaand_huishouden (moves into an existing household in the Netherlands).
    Members of openfisca_arbeidsmigratie.enums.Huisvestingsvorm. Default reguliere_woningmarkt:
    the ordinary case, and the one that earns no housing points.
    """

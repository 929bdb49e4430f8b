"""Country codes: the ISO 3166-1 alpha-2 list and the free-movement lookup.

``ISO_3166_1_ALPHA2`` is the set of the 249 officially assigned ISO 3166-1 alpha-2 codes (as in
Debian's iso-codes 4.x, which follows the ISO 3166 Maintenance Agency). Population files are
validated against it. Kosovo ("XK") is a user-assigned code, not part of ISO 3166-1, and is
therefore not in the set; nor are exceptionally reserved codes such as "UK" or "EU".

``vrij_verkeer_codes`` turns the dated parameter node ``wav.vrij_verkeer_van_werknemers`` (one 0/1
value per nationality) into the array of codes with free movement of workers on an instant.
"""

from __future__ import annotations

import numpy as np

NEDERLAND = "NL"

_ISO_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
"""
ISO_3166_1_ALPHA2: frozenset[str] = frozenset(_ISO_CODES.split())


def is_iso_3166_1_alpha2(code: str) -> bool:
    """True when ``code`` is an assigned ISO 3166-1 alpha-2 code (upper case, e.g. "PL")."""
    return code in ISO_3166_1_ALPHA2


def onbekende_codes(codes) -> list[str]:
    """The distinct values of ``codes`` that are not ISO 3166-1 alpha-2 codes, sorted.

    Accepts str or bytes values (OpenFisca stores ``str`` variables as fixed-width bytes).
    """
    gezien = {c.decode("ascii", "replace") if isinstance(c, bytes) else str(c) for c in np.unique(np.asarray(codes))}
    return sorted(c for c in gezien if c not in ISO_3166_1_ALPHA2)


def vrij_verkeer_codes(knoop) -> np.ndarray:
    """Nationalities with free movement of workers in the node's instant, as ``|S2`` bytes.

    ``knoop`` is ``parameters(instant).wav.vrij_verkeer_van_werknemers``: one child per
    nationality (lower-case ISO code), value 1 when its nationals have free access on that
    instant, 0 during a Dutch transitional arrangement. A child without a value yet on the
    instant (a state not yet in the EEA) counts as 0.
    """
    codes = [naam.upper() for naam, waarde in knoop._children.items() if waarde]
    return np.array(sorted(codes), dtype="S2")

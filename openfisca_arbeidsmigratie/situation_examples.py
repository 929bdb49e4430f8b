"""Example situations: the OpenAPI spec's example and a starting point for drafters."""

single_applicant = {
    "personen": {
        "aanvrager": {
            "geboortedatum": {"ETERNITY": "1994-05-17"},
            "nationaliteit": {"ETERNITY": "IN"},
            "bruto_maandloon": {"2026-01": 6000.0},
            "toegelaten": {"2026-01": None},
        },
    },
    "werkgevers": {
        "werkgever_1": {
            "werknemers": ["aanvrager"],
            "erkend_referent": {"2026-01": True},
        },
    },
    "huishoudens": {
        "huishouden_1": {"aanvragers": ["aanvrager"]},
    },
}

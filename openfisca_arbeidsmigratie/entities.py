"""Entities of the Dutch labour-migration model.

* ``persoon``: the person, usually the applicant (the foreign national, "vreemdeling", Wav art. 1
  lid 1 onder c), but also a partner or child in a household.
* ``werkgever``: the employer (Wav art. 1 lid 1 onder b). Its members are the persons it employs or
  wants to employ, in the single role ``werknemer``. Employer facts (vacancy report to UWV,
  recruitment efforts, fines, recognised-sponsor status) are inputs on this entity.
* ``huishouden``: the household: the applicant, a partner and children. Needed for family
  reunification and for the housing points of the proposed points test.
"""

from openfisca_core.entities import build_entity

Persoon = build_entity(
    key="persoon",
    plural="personen",
    label="Persoon (aanvrager, partner of kind)",
    doc="""
    A natural person. In admission cases this is the foreign national (vreemdeling) for whom a
    work permit or residence permit is asked, or a family member.
    """,
    is_person=True,
)

Werkgever = build_entity(
    key="werkgever",
    plural="werkgevers",
    label="Werkgever",
    doc="""
    The employer who wants to let the foreign national work (Wav art. 1 lid 1 onder b) and who
    applies for the TWV, or on whose behalf the GVVA or the kennismigrant permit is asked
    (as recognised sponsor, Vw 2000 art. 2a).
    """,
    roles=[
        {
            "key": "werknemer",
            "plural": "werknemers",
            "label": "Werknemer",
            "doc": "A person the employer employs or wants to employ.",
        },
    ],
)

Huishouden = build_entity(
    key="huishouden",
    plural="huishoudens",
    label="Huishouden",
    doc="""
    The household of the applicant: the applicant, at most one partner, and children. Used for
    family reunification and the newcomer step (housing) of the proposed points test.
    """,
    roles=[
        {
            "key": "aanvrager",
            "plural": "aanvragers",
            "label": "Aanvrager",
            "max": 1,
            "doc": "The labour migrant (the principal, 'hoofdpersoon').",
        },
        {
            "key": "partner",
            "plural": "partners",
            "label": "Partner",
            "max": 1,
            "doc": "Spouse or partner of the applicant.",
        },
        {
            "key": "kind",
            "plural": "kinderen",
            "label": "Kind",
            "doc": "A (minor) child of the applicant or the partner.",
        },
    ],
)

entities = [Persoon, Werkgever, Huishouden]

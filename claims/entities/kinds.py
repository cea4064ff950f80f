"""The kinds of entity claims are about: spaCy's OntoNotes labels, what editors read for
each, and the closest schema.org type (JSON-LD). Defined once; the model's choices,
extraction and the API's JSON-LD all read this table.
"""

# label: (what editors read, schema.org type)
ENTITY_KINDS = {
    "PERSON": ("Person", "Person"),
    "NORP": ("Nationality, religious or political group", "Organization"),
    "FAC": ("Facility", "Place"),
    "ORG": ("Organisation", "Organization"),
    "GPE": ("Country, city or state", "AdministrativeArea"),
    "LOC": ("Place", "Place"),
    "PRODUCT": ("Product", "Product"),
    "EVENT": ("Event", "Event"),
    "LAW": ("Law or treaty", "Legislation"),
}
# A name spaCy labels otherwise (an editor's entity, say) is stored as this kind.
OTHER_KIND = ("OTHER", "Other")

# The labels a claim can be about. Dates and numbers are what a claim states,
# not who or what it is about.
ENTITY_LABELS = frozenset(ENTITY_KINDS)


def schema_org_type(kind: str) -> str:
    return ENTITY_KINDS.get(kind, ("", "Thing"))[1]

"""Names within one article: entity spans trimmed, short forms and acronyms resolved to
the article's fullest form of each name. Pure functions over ``claims.nlp.pipeline`` dataclasses.
"""

import re

from ..nlp.pipeline import EntitySpan
from .keys import ORG_LIKE, display_name, initials, is_acronym_of, normalize_alias
from .kinds import ENTITY_LABELS


def trim_entity(text: str, ent: EntitySpan) -> EntitySpan | None:
    """The entity without brackets, quotes or punctuation the model took in at its edges."""
    start, end = ent.start, ent.end
    while start < end and text[start] in " \t\n([{\"'“‘-–—,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n)]}\"'”’(-–—,;:":
        if text[end - 1] == ")" and "(" in text[start:end]:
            break
        end -= 1
    if start == end:
        return None
    if (start, end) == (ent.start, ent.end):
        return ent
    return EntitySpan(
        text=text[start:end],
        label=ent.label,
        start=start,
        end=end,
        token_start=ent.token_start,
        token_end=ent.token_end,
    )


def resolve_short_forms(text: str, entities: tuple[EntitySpan, ...]) -> dict[str, tuple[str, str]]:
    """Map each name's key to the key and name of its fullest form in this article.

    Resolved to the full name: a surname alone after the full name ("Tokayev"
    after "Kassym-Jomart Tokayev"); an acronym after its expansion
    ("Collective Security Treaty Organization (CSTO)") or matching the
    initials of a name in the article ("ECB", "PSG", "U.N."); and the short
    form of an organisation's name ("the European Court" for the European
    Court of Human Rights, "the Commission" for the European Commission).
    """
    resolved: dict[str, tuple[str, str]] = {}
    labels: dict[str, str] = {}
    for ent in entities:
        if ent.label not in ENTITY_LABELS:
            continue
        key = normalize_alias(ent.text)
        if not key:
            continue
        labels.setdefault(key, ent.label)
        resolved.setdefault(key, (key, display_name(ent.text)))
        # "Full Name (ACR)": the acronym right after the entity, in brackets.
        after = re.match(r"\s*\(([A-Z][A-Za-z0-9.&-]{1,12})\)", text[ent.end : ent.end + 20])
        if after:
            acronym = normalize_alias(after.group(1))
            every, content = initials(key)
            if acronym and (
                is_acronym_of(acronym, key)
                or (acronym[0] == key[0] and set(acronym) <= set(every + "0123456789"))
                or (after.group(1).isupper() and ent.label in ORG_LIKE | {"GPE"})
            ):
                resolved[acronym] = (key, display_name(ent.text))
        if ent.label == "PERSON" and len(key.split()) >= 2:
            surname = key.split()[-1]
            current = resolved.get(surname)
            if current is None or current[0] == surname:
                resolved[surname] = (key, display_name(ent.text))

    full_names = [
        key for key, (canonical, _) in resolved.items() if key == canonical and " " in key
    ]
    for ent in entities:
        key = normalize_alias(ent.text)
        if not key or ent.label not in ENTITY_LABELS or resolved.get(key, (key,))[0] != key:
            continue
        if ent.label == "PERSON" and " " not in key:
            # A one-word PERSON that ends a longer name the model labelled
            # otherwise ("Kassym-Jomart Tokayev" as ORG, later "Tokayev").
            matches = {full for full in full_names if full.endswith(f" {key}")}
        elif ent.text.replace(".", "").isupper():
            matches = {full for full in full_names if is_acronym_of(key, full)}
        elif ent.label in ORG_LIKE:
            # "the European Court" before "... of Human Rights"; "the
            # Commission" for "the European Commission" (a head noun, and
            # never the place after "of": "India" is not the Election
            # Commission of India).
            matches = {
                full
                for full in full_names
                if full != key
                and labels.get(full) in ORG_LIKE
                and (
                    full.startswith(f"{key} ")
                    or (" of " not in f" {full} " and full.endswith(f" {key}"))
                )
            }
        else:
            continue
        if len(matches) == 1:
            resolved[key] = resolved[matches.pop()]
    return resolved


def defined_acronym_mentions(
    text: str, entities: tuple[EntitySpan, ...], resolved: dict[str, tuple[str, str]]
) -> list[EntitySpan]:
    """Later uses of an acronym the article defined, where the model missed them.

    After "Collective Security Treaty Organization (CSTO)", a bare "CSTO" is a
    mention of that organisation even when the NER model does not tag it.
    """
    labels = {normalize_alias(e.text): e.label for e in entities if e.label in ENTITY_LABELS}
    acronyms = {
        key: labels[canonical]
        for key, (canonical, _) in resolved.items()
        if key != canonical and " " not in key and canonical in labels and " " in canonical
    }
    taken = [(e.start, e.end) for e in entities]
    found = []
    for key, label in acronyms.items():
        for match in re.finditer(rf"(?<![\w(]){re.escape(key)}(?![\w)])", text, flags=re.I):
            if not match.group(0).isupper():
                continue
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            found.append(
                EntitySpan(
                    text=match.group(0),
                    label=label,
                    start=match.start(),
                    end=match.end(),
                    token_start=-1,
                    token_end=-1,
                )
            )
    return found

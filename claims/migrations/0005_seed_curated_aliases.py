"""Seed the curated aliases: names that stand for a state.

Editors extend and correct this list in the admin (Entity -> aliases); it is
data, not code. Keys are already normalised (lower case, no punctuation, no
leading "the"), as claims.entities.keys.normalize_alias makes them.
"""

from django.db import migrations

# canonical name, kind, aliases that always mean it (demonyms, short forms,
# seats of government), capitals that stand for it when they act.
STATES = [
    ("Russia", "GPE", ["russian federation", "kremlin", "russian", "russians"], ["moscow"]),
    ("China", "GPE", ["prc", "peoples republic of china", "chinese", "zhongnanhai"], ["beijing"]),
    (
        "United States",
        "GPE",
        ["us", "usa", "united states of america", "america", "american", "americans", "white house"],
        ["washington"],
    ),
    ("United Kingdom", "GPE", ["uk", "britain", "great britain", "british", "downing street"], ["london"]),
    ("European Union", "ORG", ["eu"], ["brussels"]),
    ("Ukraine", "GPE", ["ukrainian", "ukrainians"], ["kyiv", "kiev"]),
    ("Kazakhstan", "GPE", ["kazakh", "kazakhs", "kazakhstani", "akorda"], ["astana", "nur sultan"]),
    ("Kyrgyzstan", "GPE", ["kyrgyz", "kyrgyz republic"], ["bishkek"]),
    ("Tajikistan", "GPE", ["tajik", "tajiks"], ["dushanbe"]),
    ("Uzbekistan", "GPE", ["uzbek", "uzbeks"], ["tashkent"]),
    ("Turkmenistan", "GPE", ["turkmen"], ["ashgabat"]),
    ("Belarus", "GPE", ["belarusian"], ["minsk"]),
    ("Armenia", "GPE", ["armenian"], ["yerevan"]),
    ("Afghanistan", "GPE", ["afghan"], ["kabul"]),
    ("Iran", "GPE", ["iranian", "islamic republic of iran"], ["tehran"]),
    ("Turkey", "GPE", ["turkish", "turkiye"], ["ankara"]),
    ("India", "GPE", ["indian"], ["new delhi", "delhi"]),
    ("Japan", "GPE", ["japanese"], ["tokyo"]),
    ("Germany", "GPE", ["german", "germans"], ["berlin"]),
    ("France", "GPE", ["french", "elysee", "élysée"], ["paris"]),
    ("Switzerland", "GPE", ["swiss"], ["bern"]),
    ("Portugal", "GPE", ["portuguese"], ["lisbon"]),
    ("Spain", "GPE", ["spanish"], ["madrid"]),
    ("Italy", "GPE", ["italian", "italians"], ["rome"]),
    ("Hungary", "GPE", ["hungarian", "hungarians"], ["budapest"]),
    ("Poland", "GPE", ["polish"], ["warsaw"]),
    ("Netherlands", "GPE", ["dutch"], ["hague"]),
    ("Belgium", "GPE", ["belgian"], []),
    ("Ethiopia", "GPE", ["ethiopian", "ethiopians"], ["addis ababa"]),
    ("Egypt", "GPE", ["egyptian", "egyptians"], ["cairo"]),
    ("Sudan", "GPE", ["sudanese"], ["khartoum"]),
    ("Brazil", "GPE", ["brazilian", "brazilians"], ["brasilia", "brasília"]),
    ("Mexico", "GPE", ["mexican", "mexicans"], ["mexico city"]),
    ("Canada", "GPE", ["canadian", "canadians"], ["ottawa"]),
    ("Israel", "GPE", ["israeli", "israelis"], []),
    ("Saudi Arabia", "GPE", ["saudi"], ["riyadh"]),
    ("Pakistan", "GPE", ["pakistani"], ["islamabad"]),
    ("South Korea", "GPE", ["south korean"], ["seoul"]),
    ("North Korea", "GPE", ["north korean"], ["pyongyang"]),
    ("South Africa", "GPE", ["south african"], ["pretoria"]),
    ("Nigeria", "GPE", ["nigerian"], ["abuja"]),
    ("Kenya", "GPE", ["kenyan"], ["nairobi"]),
    ("Australia", "GPE", ["australian", "australians"], ["canberra"]),
    ("Venezuela", "GPE", ["venezuelan"], ["caracas"]),
    ("Argentina", "GPE", ["argentine", "argentinian"], ["buenos aires"]),
    ("Syria", "GPE", ["syrian"], ["damascus"]),
    ("Georgia", "GPE", ["georgian"], ["tbilisi"]),
    ("Azerbaijan", "GPE", ["azerbaijani"], ["baku"]),
    ("Mongolia", "GPE", ["mongolian"], ["ulaanbaatar"]),
]


CITY_NAMES = {
    "nur sultan": "Nur-Sultan",
    "hague": "The Hague",
    "brasilia": "Brasilia",
    "brasília": "Brasília",
}


def entity_for_key(apps, key, name, kind):
    Entity = apps.get_model("claims", "Entity")
    EntityAlias = apps.get_model("claims", "EntityAlias")
    alias = EntityAlias.objects.filter(normalized=key).select_related("entity").first()
    if alias:
        return alias.entity
    entity = Entity.objects.create(name=name, kind=kind)
    EntityAlias.objects.create(entity=entity, text=name, normalized=key, origin="curated")
    return entity


def seed(apps, schema_editor):
    EntityAlias = apps.get_model("claims", "EntityAlias")
    for name, kind, aliases, capitals in STATES:
        state = entity_for_key(apps, name.lower(), name, kind)
        for key in aliases:
            # An alias already seen in a source keeps its entity; editors decide.
            EntityAlias.objects.get_or_create(
                normalized=key, defaults={"entity": state, "text": key, "origin": "curated"}
            )
        for key in capitals:
            city = entity_for_key(apps, key, CITY_NAMES.get(key, key.title()), "GPE")
            EntityAlias.objects.filter(normalized=key, metonym_for__isnull=True).update(
                metonym_for=state
            )
            if city.kind != "GPE":
                city.kind = "GPE"
                city.save(update_fields=["kind"])


def unseed(apps, schema_editor):
    apps.get_model("claims", "EntityAlias").objects.filter(origin="curated").delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_add_entityalias_metonym_for")]

    operations = [migrations.RunPython(seed, unseed)]

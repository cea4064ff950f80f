"""Names unified: British and American spellings share one key, aliases know their
surname, and the capitals and seats of government a news corpus meets stand for
their states when they act.

Existing keys are rebuilt with claims.entities.keys.normalize_alias; where two
aliases now share a key, the one that already had it (or a curated one) stays
and the other goes, its entity keeping its name and mentions for editors to
merge (the admin lists it among the possible duplicates).
"""

from django.db import migrations, models

from claims.entities.keys import normalize_alias, surname_of

# canonical name, kind, aliases that always mean it (demonyms, short forms),
# capitals and seats of government that stand for it when they act. States
# migration 0005 seeded appear only for what they gain. Capitals that are also
# common given names (Sofia, Santiago) and disputed ones are left to editors.
STATES = [
    ("United States", "GPE", [], ["washington dc"]),
    ("United Kingdom", "GPE", [], ["whitehall"]),
    ("Mongolia", "GPE", [], ["ulan bator"]),
    ("India", "GPE", [], ["raisina hill"]),
    ("Indonesia", "GPE", ["indonesian", "indonesians"], ["jakarta"]),
    ("Moldova", "GPE", ["moldovan", "republic of moldova"], ["chisinau", "chișinău"]),
    ("Estonia", "GPE", ["estonian"], ["tallinn"]),
    ("Latvia", "GPE", ["latvian"], ["riga"]),
    ("Lithuania", "GPE", ["lithuanian"], ["vilnius"]),
    ("Taiwan", "GPE", ["taiwanese", "republic of china"], ["taipei"]),
    ("Vietnam", "GPE", ["vietnamese", "viet nam"], ["hanoi"]),
    ("Laos", "GPE", ["lao", "laotian"], ["vientiane"]),
    ("Cambodia", "GPE", ["cambodian"], ["phnom penh"]),
    ("Thailand", "GPE", ["thai"], ["bangkok"]),
    ("Myanmar", "GPE", ["burma", "burmese"], ["naypyidaw", "naypyitaw"]),
    ("Philippines", "GPE", ["filipino", "philippine"], ["manila"]),
    ("Malaysia", "GPE", ["malaysian"], ["kuala lumpur", "putrajaya"]),
    ("Bangladesh", "GPE", ["bangladeshi"], ["dhaka"]),
    ("Sri Lanka", "GPE", ["sri lankan"], ["colombo"]),
    ("Nepal", "GPE", ["nepalese", "nepali"], ["kathmandu"]),
    ("Bhutan", "GPE", ["bhutanese"], ["thimphu"]),
    ("Iraq", "GPE", ["iraqi"], ["baghdad"]),
    ("Qatar", "GPE", ["qatari"], ["doha"]),
    ("United Arab Emirates", "GPE", ["uae", "emirati"], ["abu dhabi"]),
    ("Jordan", "GPE", ["jordanian"], ["amman"]),
    ("Lebanon", "GPE", ["lebanese"], ["beirut"]),
    ("Kuwait", "GPE", ["kuwaiti"], ["kuwait city"]),
    ("Oman", "GPE", ["omani"], ["muscat"]),
    ("Yemen", "GPE", ["yemeni"], ["sanaa"]),
    ("Sweden", "GPE", ["swedish"], ["stockholm"]),
    ("Norway", "GPE", ["norwegian"], ["oslo"]),
    ("Finland", "GPE", ["finnish"], ["helsinki"]),
    ("Denmark", "GPE", ["danish"], ["copenhagen"]),
    ("Austria", "GPE", ["austrian"], ["vienna"]),
    ("Greece", "GPE", ["greek"], ["athens"]),
    ("Czech Republic", "GPE", ["czechia", "czech"], ["prague"]),
    ("Slovakia", "GPE", ["slovak"], ["bratislava"]),
    ("Romania", "GPE", ["romanian"], ["bucharest"]),
    ("Serbia", "GPE", ["serbian"], ["belgrade"]),
    ("Croatia", "GPE", ["croatian"], ["zagreb"]),
    ("Slovenia", "GPE", ["slovenian"], ["ljubljana"]),
    ("Ireland", "GPE", ["irish"], ["dublin"]),
    ("Albania", "GPE", ["albanian"], ["tirana"]),
    ("North Macedonia", "GPE", ["macedonian"], ["skopje"]),
    ("Bosnia and Herzegovina", "GPE", ["bosnian"], ["sarajevo"]),
    ("Montenegro", "GPE", [], ["podgorica"]),
    ("Kosovo", "GPE", [], ["pristina"]),
    ("Iceland", "GPE", ["icelandic"], ["reykjavik"]),
    ("Cyprus", "GPE", ["cypriot"], ["nicosia"]),
    ("Malta", "GPE", ["maltese"], ["valletta"]),
    ("New Zealand", "GPE", [], ["wellington"]),
    ("Cuba", "GPE", ["cuban"], ["havana"]),
    ("Colombia", "GPE", ["colombian"], ["bogota", "bogotá"]),
    ("Peru", "GPE", ["peruvian"], ["lima"]),
    ("Ecuador", "GPE", ["ecuadorian"], ["quito"]),
    ("Bolivia", "GPE", ["bolivian"], ["la paz"]),
    ("Nicaragua", "GPE", ["nicaraguan"], ["managua"]),
    ("Uruguay", "GPE", ["uruguayan"], ["montevideo"]),
    ("Paraguay", "GPE", ["paraguayan"], ["asuncion", "asunción"]),
    ("Morocco", "GPE", ["moroccan"], ["rabat"]),
    ("Algeria", "GPE", ["algerian"], ["algiers"]),
    ("Libya", "GPE", ["libyan"], ["tripoli"]),
    ("Tunisia", "GPE", ["tunisian"], ["tunis"]),
    ("Ghana", "GPE", ["ghanaian"], ["accra"]),
    ("Senegal", "GPE", ["senegalese"], ["dakar"]),
    ("Mali", "GPE", ["malian"], ["bamako"]),
    ("Niger", "GPE", ["nigerien"], ["niamey"]),
    ("Burkina Faso", "GPE", [], ["ouagadougou"]),
    ("Uganda", "GPE", ["ugandan"], ["kampala"]),
    ("Tanzania", "GPE", ["tanzanian"], ["dodoma"]),
    ("Rwanda", "GPE", ["rwandan"], ["kigali"]),
    ("Democratic Republic of the Congo", "GPE", ["drc", "dr congo"], ["kinshasa"]),
    ("Zimbabwe", "GPE", ["zimbabwean"], ["harare"]),
    ("Angola", "GPE", ["angolan"], ["luanda"]),
    ("Somalia", "GPE", ["somali"], ["mogadishu"]),
    ("Eritrea", "GPE", ["eritrean"], ["asmara"]),
    ("South Sudan", "GPE", ["south sudanese"], ["juba"]),
    ("Chad", "GPE", ["chadian"], ["ndjamena"]),
    ("Mozambique", "GPE", ["mozambican"], ["maputo"]),
    ("Zambia", "GPE", ["zambian"], ["lusaka"]),
]

CITY_NAMES = {
    "washington dc": "Washington, D.C.",
    "chișinău": "Chișinău",
    "bogotá": "Bogotá",
    "asunción": "Asunción",
    "ndjamena": "N'Djamena",
}


def rekey_aliases(apps, schema_editor):
    """Rebuild every alias key with today's normalize_alias, and fill in surnames."""
    EntityAlias = apps.get_model("claims", "EntityAlias")
    groups: dict[str, list] = {}
    for alias in EntityAlias.objects.order_by("id"):
        groups.setdefault(normalize_alias(alias.normalized), []).append(alias)
    for key, aliases in groups.items():
        aliases.sort(key=lambda a: (a.normalized != key, a.origin != "curated", a.id))
        keeper, *dropped = aliases
        if dropped:
            EntityAlias.objects.filter(pk__in=[a.pk for a in dropped]).delete()
        if keeper.normalized != key or keeper.surname != surname_of(key):
            keeper.normalized, keeper.surname = key, surname_of(key)
            keeper.save(update_fields=["normalized", "surname"])


def entity_for_key(apps, key, name, kind):
    Entity = apps.get_model("claims", "Entity")
    EntityAlias = apps.get_model("claims", "EntityAlias")
    alias = EntityAlias.objects.filter(normalized=key).select_related("entity").first()
    if alias:
        return alias.entity
    entity = Entity.objects.create(name=name, kind=kind)
    EntityAlias.objects.create(
        entity=entity, text=name, normalized=key, surname=surname_of(key), origin="curated"
    )
    return entity


def seed_capitals(apps, schema_editor):
    EntityAlias = apps.get_model("claims", "EntityAlias")
    for name, kind, aliases, capitals in STATES:
        state = entity_for_key(apps, normalize_alias(name), name, kind)
        for key in aliases:
            # An alias already seen in a source keeps its entity; editors decide.
            EntityAlias.objects.get_or_create(
                normalized=key,
                defaults={
                    "entity": state,
                    "text": key,
                    "surname": surname_of(key),
                    "origin": "curated",
                },
            )
        for key in capitals:
            city = entity_for_key(apps, key, CITY_NAMES.get(key, key.title()), "GPE")
            EntityAlias.objects.filter(normalized=key, metonym_for__isnull=True).update(
                metonym_for=state
            )
            if city.kind != "GPE":
                city.kind = "GPE"
                city.save(update_fields=["kind"])


def forwards(apps, schema_editor):
    rekey_aliases(apps, schema_editor)
    seed_capitals(apps, schema_editor)


class Migration(migrations.Migration):
    # The new column's index is created at the end of the migration; on PostgreSQL
    # that must not share a transaction with the rows the data step changes.
    atomic = False
    dependencies = [("claims", "0009_antonym_lexicon")]

    operations = [
        migrations.AddField(
            model_name="entityalias",
            name="surname",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="historicalentityalias",
            name="surname",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=300),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, atomic=True),
    ]

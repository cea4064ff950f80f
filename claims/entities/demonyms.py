"""Demonyms: the adjective or plural noun for a country's people ("Swedish", "Indians",
"Austrians") and the country an article means by it. Data written for this project;
pure lookups.

Demonyms shared by more than one state ("Congolese", "Guinean", "Dominican") are left
out, and so are peoples without one state ("Kurdish", "Arab"). "Korean" is South Korea:
news names the North as "North Korean". Editors still decide per entity in the admin.
"""

from .keys import normalize_alias

# country (its canonical name, as the curated entities spell it): its demonyms. A form
# ending in "n" or "i" also gets its plural with "s" ("Austrian", "Austrians"; not
# "Dutchman").
_COUNTRIES = {
    "Afghanistan": ["afghan"],
    "Albania": ["albanian"],
    "Algeria": ["algerian"],
    "Argentina": ["argentine", "argentinian", "argentines"],
    "Armenia": ["armenian"],
    "Australia": ["australian", "aussie", "aussies"],
    "Austria": ["austrian"],
    "Azerbaijan": ["azerbaijani", "azeri"],
    "Bangladesh": ["bangladeshi"],
    "Belarus": ["belarusian"],
    "Belgium": ["belgian"],
    "Bolivia": ["bolivian"],
    "Bosnia and Herzegovina": ["bosnian"],
    "Brazil": ["brazilian"],
    "Bulgaria": ["bulgarian"],
    "Cambodia": ["cambodian"],
    "Cameroon": ["cameroonian"],
    "Canada": ["canadian"],
    "Chile": ["chilean"],
    "China": ["chinese"],
    "Colombia": ["colombian"],
    "Croatia": ["croatian", "croat", "croats"],
    "Cuba": ["cuban"],
    "Cyprus": ["cypriot", "cypriots"],
    "Czech Republic": ["czech", "czechs"],
    "Denmark": ["danish", "dane", "danes"],
    "Ecuador": ["ecuadorian", "ecuadorean"],
    "Egypt": ["egyptian"],
    "Estonia": ["estonian"],
    "Ethiopia": ["ethiopian"],
    "Finland": ["finnish", "finn", "finns"],
    "France": ["french", "frenchman", "frenchmen"],
    "Georgia": ["georgian"],
    "Germany": ["german"],
    "Ghana": ["ghanaian"],
    "Greece": ["greek", "greeks"],
    "Hungary": ["hungarian"],
    "Iceland": ["icelandic", "icelander", "icelanders"],
    "India": ["indian"],
    "Indonesia": ["indonesian"],
    "Iran": ["iranian"],
    "Iraq": ["iraqi"],
    "Ireland": ["irish"],
    "Israel": ["israeli"],
    "Italy": ["italian"],
    "Japan": ["japanese"],
    "Jordan": ["jordanian"],
    "Kazakhstan": ["kazakh", "kazakhs", "kazakhstani"],
    "Kenya": ["kenyan"],
    "Kuwait": ["kuwaiti"],
    "Kyrgyzstan": ["kyrgyz"],
    "Latvia": ["latvian"],
    "Lebanon": ["lebanese"],
    "Libya": ["libyan"],
    "Lithuania": ["lithuanian"],
    "Malaysia": ["malaysian"],
    "Mexico": ["mexican"],
    "Moldova": ["moldovan"],
    "Mongolia": ["mongolian"],
    "Morocco": ["moroccan"],
    "Myanmar": ["burmese"],
    "Nepal": ["nepalese", "nepali"],
    "Netherlands": ["dutch", "dutchman"],
    "New Zealand": ["new zealander", "new zealanders"],
    "Nigeria": ["nigerian"],
    "North Korea": ["north korean"],
    "Norway": ["norwegian"],
    "Pakistan": ["pakistani"],
    "Peru": ["peruvian"],
    "Philippines": ["filipino", "filipinos", "philippine"],
    "Poland": ["polish", "pole", "poles"],
    "Portugal": ["portuguese"],
    "Qatar": ["qatari"],
    "Romania": ["romanian"],
    "Russia": ["russian"],
    "Saudi Arabia": ["saudi"],
    "Serbia": ["serbian", "serb", "serbs"],
    "Singapore": ["singaporean"],
    "Slovakia": ["slovak", "slovaks"],
    "Slovenia": ["slovenian"],
    "South Africa": ["south african"],
    "South Korea": ["south korean", "korean"],
    "Spain": ["spanish", "spaniard", "spaniards"],
    "Sri Lanka": ["sri lankan"],
    "Sudan": ["sudanese"],
    "Sweden": ["swedish", "swede", "swedes"],
    "Switzerland": ["swiss"],
    "Syria": ["syrian"],
    "Taiwan": ["taiwanese"],
    "Tajikistan": ["tajik", "tajiks"],
    "Thailand": ["thai"],
    "Tunisia": ["tunisian"],
    "Turkey": ["turkish", "turk", "turks"],
    "Turkmenistan": ["turkmen"],
    "Uganda": ["ugandan"],
    "Ukraine": ["ukrainian"],
    "United Arab Emirates": ["emirati"],
    "United Kingdom": ["british", "briton", "britons"],
    "United States": ["american"],
    "Uzbekistan": ["uzbek", "uzbeks"],
    "Venezuela": ["venezuelan"],
    "Vietnam": ["vietnamese"],
    "Yemen": ["yemeni"],
    "Zimbabwe": ["zimbabwean"],
}


def _forms(demonym: str) -> list[str]:
    if demonym[-1] in "ni" and not demonym.endswith("man"):
        return [demonym, demonym + "s"]
    return [demonym]


DEMONYMS: dict[str, str] = {
    form: country
    for country, demonyms in _COUNTRIES.items()
    for demonym in demonyms
    for form in _forms(demonym)
}
COUNTRY_KEYS = frozenset(normalize_alias(country) for country in _COUNTRIES)


def country_of_demonym(key: str) -> str:
    """The country a demonym's key names ("indians" -> "India"), or "" when it is none."""
    return DEMONYMS.get(key, "")

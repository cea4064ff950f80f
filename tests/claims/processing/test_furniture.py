"""A pasted page whose furniture survives cleaning: processed as a worker does, none of the
furniture is stored as a claim, the headline is stored once, the article's sentences all are."""

import pytest

from claims.models import Claim
from claims.processing import pipeline
from sources.models import Source
from sources.services import source_create

pytestmark = pytest.mark.django_db

HEADLINE = "Uzbekistan turns to China for its new railway"
ARTICLE = [
    "Uzbekistan signed a $4.5 billion agreement with China on Monday to build a railway "
    "from Tashkent to the Kyrgyz border, the transport ministry said.",
    "The line will cut the journey from Kashgar to Tashkent to two days, according to "
    "China Railway Group.",
    "Russian Railways had offered to upgrade the old Soviet route in 2021, officials in "
    "Tashkent said.",
    "Shavkat Mirziyoyev told Xi Jinping that the railway would open in 2030.",
]
PAGE = "\n\n".join(
    [
        HEADLINE,
        f"Share {HEADLINE} on Facebook",
        f"Facebook Twitter WhatsApp {HEADLINE}",
        "Key points:",
        "- Uzbekistan picks China Railway Group for the Tashkent line.",
        "- Russian Railways loses a route it had offered to upgrade.",
        ARTICLE[0],
        "Image caption Workers lay track near Andijan in eastern Uzbekistan",
        "A freight train leaves Tashkent station. (Photo by Lola Karimova/AFP via Getty Images)",
        ARTICLE[1],
        "See also: Kazakhstan opens a second rail crossing to China",
        "Kyrgyzstan Raises Transit Fees for Chinese Trucks",
        "Tajikistan Signs Power Deal With Iran",
        "Turkmenistan Doubles Gas Sales to China",
        ARTICLE[2],
        "Download our app for the latest news from Tashkent and Bishkek.",
        "Sign up for our free Silk Road newsletter, sent to your inbox every Friday.",
        ARTICLE[3],
    ]
)


def test_pasted_page_furniture_is_never_stored_as_a_claim():
    # Whatever cleaning keeps of the furniture (today: the share widget, captions,
    # teasers, the app promo, the summary), the claims hold none of it.
    source = source_create(content=PAGE)
    pipeline.processing_run(source_id=source.pk)

    source.refresh_from_db()
    assert source.status == Source.Status.DONE
    texts = list(source.claims.order_by("start").values_list("text", flat=True))
    assert texts == [HEADLINE, *ARTICLE]
    assert Claim.objects.filter(source=source, text__contains=HEADLINE).count() == 1

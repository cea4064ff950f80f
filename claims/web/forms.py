"""The contradiction view's filter form: GET parameters in, selector arguments out.

The filtered list has a stable URL: the same parameters give the same list,
and its CSV / JSON exports take the very same parameters. A value that names
nothing (an entity, source or publisher that is not there, a malformed date)
is an error the page shows; the list then holds nothing rather than every set.
"""

import contextlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

from common.api.throttling import CACHE_OUTAGE_ERRORS
from common.db import MAX_ROW_ID
from sources.models import Source

from ..models import Entity
from ..selectors.claim_sets import (
    conflict_set_entities,
    conflict_set_publishers,
    conflict_sets_version,
)

REVIEWED_ONLY, EVERYTHING = "reviewed", "all"
# The entity menu lists the entities the most conflicted sets name; any other entity is
# still a valid filter (``clean_entity``), reached from its page.
ENTITY_CHOICES = 300
# Choices are read again when the sets in conflict change, or after this many seconds
# (an entity renamed or merged without changing a set).
CHOICES_KEPT_SECONDS = 300


def filter_choices() -> tuple[list[tuple[int, str]], list[str]]:
    """The entity menu's (id, name) pairs and the publishers, kept in the cache while the
    sets in conflict stay as they are: reading them means reading every such set's
    mentions, too slow for each request once there are thousands."""
    key = "claims:filter-choices:{}:{}".format(*conflict_sets_version())
    try:
        choices = cache.get(key)
    except CACHE_OUTAGE_ERRORS:  # a cache that cannot be reached: read them, slowly
        choices = None
    if choices is None:
        choices = (
            [(entity.pk, entity.name) for entity in conflict_set_entities(limit=ENTITY_CHOICES)],
            conflict_set_publishers(),
        )
        with contextlib.suppress(CACHE_OUTAGE_ERRORS):
            cache.set(key, choices, CHOICES_KEPT_SECONDS)
    return choices


def reviewed_only_chosen(value: str) -> bool:
    """Whether a ``reviewed`` GET value asks for reviewed claims only; absent or unknown
    values take the site's default (``TRACKER_REVIEWED_ONLY``)."""
    if value in (REVIEWED_ONLY, EVERYTHING):
        return value == REVIEWED_ONLY
    return bool(settings.TRACKER_REVIEWED_ONLY)


class _ChoiceCheckedInClean(forms.TypedChoiceField):
    """A select whose value the form checks itself, so a value missing from the
    choices gets a message that says what is missing."""

    def valid_value(self, value) -> bool:
        return True


class ClaimSetFilterForm(forms.Form):
    q = forms.CharField(label="Words in a claim", required=False, max_length=200, strip=True)
    entity = _ChoiceCheckedInClean(
        label="Entity",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "“%(value)s” is not an entity id."},
    )
    publisher = _ChoiceCheckedInClean(label="Publisher", required=False)
    source = forms.IntegerField(
        label="Source", required=False, min_value=1, max_value=MAX_ROW_ID, widget=forms.HiddenInput
    )
    published_from = forms.DateField(
        label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        label="Published until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    reviewed = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            (REVIEWED_ONLY, "Reviewed only"),
            (EVERYTHING, "Unreviewed too"),
        ],
        help_text="Reviewed: claims an editor accepted, linked by an editor.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        default = REVIEWED_ONLY if settings.TRACKER_REVIEWED_ONLY else EVERYTHING
        self.fields["reviewed"].initial = default
        if self.is_bound and not self.data.get("reviewed"):
            # The default shows as chosen on a list reached without the parameter.
            self.data = self.data.copy()
            self.data["reviewed"] = default
        entities, publishers = filter_choices()
        self.fields["entity"].choices = [("", "Any entity"), *entities]
        self.fields["publisher"].choices = [("", "Any publisher")] + [
            (name, name) for name in publishers
        ]

    def clean_entity(self):
        entity_id = self.cleaned_data.get("entity")
        if entity_id is None:
            return None
        if not 1 <= entity_id <= MAX_ROW_ID:
            raise ValidationError(f"“{entity_id}” is not an entity id.")
        field = self.fields["entity"]
        if any(value == entity_id for value, _ in field.choices):
            return entity_id
        entity = Entity.objects.filter(pk=entity_id).only("id", "name").first()
        if entity is None:
            raise ValidationError(f"No entity has the id {entity_id}.")
        # A real entity the menu leaves out (no conflicted set names it, or too few do to
        # be listed): keep it selected.
        field.choices = [*field.choices, (entity.pk, entity.name)]
        return entity_id

    def clean_publisher(self):
        publisher = self.cleaned_data.get("publisher") or ""
        if not publisher:
            return ""
        known = {name.casefold(): name for value, name in self.fields["publisher"].choices if value}
        if publisher.casefold() not in known:
            raise ValidationError(
                f"No claim set cites an article from the publisher “{publisher}”."
            )
        return known[publisher.casefold()]

    def clean_source(self):
        source_id = self.cleaned_data.get("source")
        if source_id is not None and not Source.objects.filter(pk=source_id).exists():
            raise ValidationError(f"No source has the id {source_id}.")
        return source_id

    def clean(self):
        data = super().clean()
        first, last = data.get("published_from"), data.get("published_to")
        if first and last and first > last:
            self.add_error("published_to", "The end of the range comes before its start.")
        return data

    def selector_arguments(self) -> dict:
        """Arguments for ``conflict_claim_set_list`` (``claim_sets_matching``).

        Only meaningful when the form is valid: the views list nothing otherwise.
        """
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        return {
            "entity_id": data.get("entity"),
            "publisher": data.get("publisher") or "",
            "source_id": data.get("source"),
            "published_from": data.get("published_from"),
            "published_to": data.get("published_to"),
            "q": data.get("q") or "",
            "reviewed_only": reviewed_only_chosen(data.get("reviewed") or ""),
        }

    @property
    def is_filtered(self) -> bool:
        """Whether any filter was asked for (applied or not), or "reviewed only" differs from
        the site's default."""
        if self.is_bound and any(self.data.get(name) for name in self.fields if name != "reviewed"):
            return True
        arguments = self.selector_arguments()
        is_default = arguments.pop("reviewed_only") == bool(settings.TRACKER_REVIEWED_ONLY)
        return any(arguments.values()) or not is_default

    def unknown_parameters(self) -> list[str]:
        """Query parameters that are no filter of the list ("entitty"), which it ignores."""
        known = {*self.fields, "page"}
        return sorted(name for name in self.data if name not in known) if self.is_bound else []

    def problems(self) -> list[str]:
        """Why the filters could not be applied, one line per error, naming the filter."""
        return [
            f"{self.fields[name].label}: {message}" if name in self.fields else str(message)
            for name, messages in self.errors.items()
            for message in messages
        ]

"""The contradiction view's filter form: GET parameters in, selector arguments out.

The filtered list has a stable URL: the same parameters give the same list,
and its CSV / JSON exports take the very same parameters.
"""

from django import forms
from django.conf import settings

from common.db import MAX_ROW_ID

from ..selectors.claim_sets import conflict_set_entities, conflict_set_publishers

REVIEWED_ONLY, EVERYTHING = "reviewed", "all"


def reviewed_only_chosen(value: str) -> bool:
    """Whether a ``reviewed`` GET value asks for reviewed claims only; absent or unknown
    values take the site's default (``TRACKER_REVIEWED_ONLY``)."""
    if value in (REVIEWED_ONLY, EVERYTHING):
        return value == REVIEWED_ONLY
    return bool(settings.TRACKER_REVIEWED_ONLY)


class ClaimSetFilterForm(forms.Form):
    q = forms.CharField(label="Words in a claim", required=False, max_length=200, strip=True)
    entity = forms.TypedChoiceField(label="Entity", required=False, coerce=int, empty_value=None)
    publisher = forms.ChoiceField(label="Publisher", required=False)
    source = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ROW_ID, widget=forms.HiddenInput
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
        self.fields["entity"].choices = [("", "Any entity")] + [
            (entity.pk, entity.name) for entity in conflict_set_entities()
        ]
        self.fields["publisher"].choices = [("", "Any publisher")] + [
            (name, name) for name in conflict_set_publishers()
        ]

    def clean(self):
        data = super().clean()
        first, last = data.get("published_from"), data.get("published_to")
        if first and last and first > last:
            # A reversed range means neither date: show the error, filter by neither.
            self.add_error("published_to", "The end of the range comes before its start.")
            data.pop("published_from", None)
        return data

    def selector_arguments(self) -> dict:
        """Arguments for ``conflict_claim_set_list`` (``claim_sets_matching``); invalid fields are left out."""
        data = self.cleaned_data if self.is_bound else {}
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
        """Whether any filter narrows the list beyond the site's default."""
        arguments = self.selector_arguments()
        is_default = arguments.pop("reviewed_only") == bool(settings.TRACKER_REVIEWED_ONLY)
        return any(arguments.values()) or not is_default

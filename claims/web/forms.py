"""The contradiction view's filter form: GET parameters in, selector arguments out.

The filtered list has a stable URL: the same parameters give the same list,
and its CSV / JSON exports take the very same parameters.
"""

from django import forms

from common.db import MAX_ROW_ID

from ..selectors.claim_sets import conflict_set_entities, conflict_set_publishers


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

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
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
        }

    @property
    def is_filtered(self) -> bool:
        return any(self.selector_arguments().values())

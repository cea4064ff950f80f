"""Forms of the editors' admin: editing a claim, linking claims, merging entities.

They only validate input; the admin calls the services with what they clean.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect

from ..entities.keys import normalize_alias
from ..linking.services import claim_link_check
from ..models import Claim, ClaimLink, Entity, EntityAlias


class ClaimForm(forms.ModelForm):
    """What an editor may change on a claim: its status and its structure."""

    class Meta:
        model = Claim
        fields = ["status", "subject", "predicate", "object", "speaker", "is_negated", "is_hedged"]
        labels = {
            "predicate": "Predicate (verb lemma)",
            "is_negated": "Negated",
            "is_hedged": "Hedged",
        }
        widgets = {
            "subject": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "object": forms.TextInput(attrs={"class": "vLargeTextField"}),
        }


class ClaimLinkForm(forms.ModelForm):
    """Add or change a link in the admin; the pair is put in canonical order."""

    class Meta:
        model = ClaimLink
        fields = ["claim_a", "claim_b", "relation", "status", "note"]

    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("claim_a"), cleaned.get("claim_b")
        if self.instance.pk is None and a and b:
            # The service's own rules (claims.linking.services), reported on the form.
            cleaned["claim_a"], cleaned["claim_b"] = claim_link_check(
                claim_a=a, claim_b=b, status=cleaned.get("status") or ClaimLink.Status.SUGGESTED
            )
        return cleaned


class ClaimLinkAddForm(forms.Form):
    """Link the claim on the page to another claim, picked with the admin's autocomplete."""

    other = forms.ModelChoiceField(
        queryset=Claim.objects.all(), label="Other claim", help_text="Type words of the claim."
    )
    relation = forms.ChoiceField(
        choices=ClaimLink.Relation.choices,
        widget=forms.RadioSelect,
        initial=ClaimLink.Relation.CONFLICT,
    )
    status = forms.ChoiceField(
        choices=[
            (ClaimLink.Status.CONFIRMED, "Confirmed"),
            (ClaimLink.Status.SUGGESTED, "Suggested (for review)"),
        ],
        initial=ClaimLink.Status.CONFIRMED,
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "cols": 60}), required=False)

    def __init__(self, *args, claim: Claim, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        # The autocomplete asks the claim admin, through the link's claim_b field.
        other = self.fields["other"]
        other.widget = AutocompleteSelect(
            ClaimLink._meta.get_field("claim_b"), admin_site, attrs={"data-width": "40em"}
        )
        other.widget.choices = other.choices

    def clean_other(self):
        other = self.cleaned_data["other"]
        if other.pk == self.claim.pk:
            raise forms.ValidationError("A claim cannot be linked to itself.")
        return other


class EntityMergeForm(forms.Form):
    """Pick which of the selected entities survives a merge."""

    survivor = forms.ModelChoiceField(
        queryset=Entity.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep this entity",
        help_text="The others' mentions and aliases move to it; the others are deleted.",
    )

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = entities


class EntityAliasForm(forms.ModelForm):
    """An alias typed by an editor; its lookup key follows from the text and must be free."""

    class Meta:
        model = EntityAlias
        fields = ["text", "metonym_for"]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        key = normalize_alias(text)
        if not key:
            raise forms.ValidationError("An alias needs letters or digits.")
        taken = EntityAlias.objects.filter(normalized=key).exclude(pk=self.instance.pk)
        owner = taken.select_related("entity").first()
        if owner:
            raise forms.ValidationError(
                "“%(text)s” already names %(entity)s.",
                params={"text": text, "entity": owner.entity.name},
            )
        self.instance.normalized = key
        if self.instance.pk is None:
            self.instance.origin = EntityAlias.Origin.CURATED
        return text


class ClaimSplitForm(forms.Form):
    """Where to split a claim: a position in its source body (characters)."""

    at = forms.IntegerField(min_value=0, label="Split at")

    def problems(self) -> list[str]:
        return [f"{self.fields[n].label}: {e}" for n, errors in self.errors.items() for e in errors]

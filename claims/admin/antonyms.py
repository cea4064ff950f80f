"""Antonym pairs: editors see the lexicon, add pairs the lexicon misses, delete wrong ones."""

from django import forms
from django.contrib import admin

from ..linking.suggestions.lexicon import antonym_cache_clear, antonym_pair_create, canonical
from ..models import AntonymPair


class AntonymPairForm(forms.ModelForm):
    class Meta:
        model = AntonymPair
        fields = ["lemma_a", "lemma_b"]
        help_texts = {
            "lemma_a": "A verb or adjective lemma (lose).",
            "lemma_b": "Its opposite (reclaim).",
        }

    def clean(self):
        data = super().clean()
        a, b = canonical(data.get("lemma_a", ""), data.get("lemma_b", ""))
        if not a or a == b:
            raise forms.ValidationError("Give two different words.")
        if AntonymPair.objects.filter(lemma_a=a, lemma_b=b).exists():
            raise forms.ValidationError(f"“{a} / {b}” is already in the lexicon.")
        data["lemma_a"], data["lemma_b"] = a, b
        return data


@admin.register(AntonymPair)
class AntonymPairAdmin(admin.ModelAdmin):
    form = AntonymPairForm
    list_display = ["lemma_a", "lemma_b", "origin", "created_at"]
    list_filter = ["origin"]
    search_fields = ["lemma_a", "lemma_b"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        created = antonym_pair_create(
            lemma_a=form.cleaned_data["lemma_a"], lemma_b=form.cleaned_data["lemma_b"]
        )
        obj.pk = created.pk

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        antonym_cache_clear()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        antonym_cache_clear()

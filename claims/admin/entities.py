"""Entities in the admin: their aliases, how often claims name them, and merging duplicates."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from common.db import LargeTablePaginator

from ..entities.services import entity_merge
from ..models import Entity, EntityAlias
from ..selectors.entities import entity_list
from .base import HistoryAdmin, admin_link
from .forms import EntityAliasForm, EntityMergeForm


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    fk_name = "entity"
    form = EntityAliasForm
    extra = 1
    fields = ["text", "normalized", "origin", "metonym_for"]
    readonly_fields = ["normalized", "origin"]
    autocomplete_fields = ["metonym_for"]


@admin.register(Entity)
class EntityAdmin(HistoryAdmin):
    selector = entity_list
    list_display = ["name", "kind", "aliases_display", "mention_count_display"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__normalized"]
    show_full_result_count = False
    paginator = LargeTablePaginator
    inlines = [EntityAliasInline]
    actions = ["merge_entities"]
    fields = ["name", "kind", "description", "claims_link"]
    readonly_fields = ["claims_link"]

    @admin.display(description="aliases")
    def aliases_display(self, obj) -> str:
        names = [a.text for a in obj.aliases.all() if a.text != obj.name]
        return ", ".join(dict.fromkeys(names)) or "—"

    @admin.display(description="mentions", ordering="mention_count")
    def mention_count_display(self, obj) -> SafeString:
        url = reverse("admin:claims_claim_changelist")
        return format_html('<a href="{}?entity={}">{}</a>', url, obj.pk, obj.mention_count)

    @admin.display(description="claims")
    def claims_link(self, obj) -> SafeString:
        url = reverse("admin:claims_claim_changelist")
        return format_html(
            '<a href="{}?entity={}">{} mentions in claims</a>', url, obj.pk, obj.mention_count
        )

    @admin.action(description="Merge selected entities…", permissions=["change", "delete"])
    def merge_entities(self, request, queryset):
        entities = Entity.objects.filter(pk__in=queryset.values("pk")).order_by("name")
        if len(entities) < 2:
            self.message_user(request, "Select two or more entities to merge.", messages.WARNING)
            return None
        form = EntityMergeForm(request.POST if "apply" in request.POST else None, entities=entities)
        if form.is_valid():
            survivor = form.cleaned_data["survivor"]
            others = [e for e in entities if e.pk != survivor.pk]
            entity_merge(survivor=survivor, others=others, user=request.user)
            self.message_user(
                request,
                format_html(
                    "Merged {} into {}.", ", ".join(e.name for e in others), admin_link(survivor)
                ),
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge entities",
            "opts": self.model._meta,
            "form": form,
            "entities": entity_list()
            .filter(pk__in=[e.pk for e in entities])
            .order_by("-mention_count", "name"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/entity/merge.html", context)

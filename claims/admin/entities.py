"""Entities in the admin: their aliases, how often claims name them, possible duplicates and
merging them, and deleting only what no claim mentions."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from access.view_links import ViewPageLinkMixin
from common.admin import LargeTableChangeList
from common.db import LargeTablePaginator, as_row_id

from ..entities.services import (
    EntityMentionedError,
    entity_delete,
    entity_delete_check,
    entity_merge,
    entity_update,
)
from ..models import Entity, EntityAlias
from ..selectors.entities import entity_list, entity_possible_duplicates
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


class EntityChangeList(LargeTableChangeList):
    """The page's entities, each with its possible duplicates (one query for the page)."""

    def get_results(self, request):
        super().get_results(request)
        may_merge = self.model_admin.may_merge(request)
        duplicates = entity_possible_duplicates(list(self.result_list))
        for entity in self.result_list:
            entity.possible_duplicates = duplicates.get(entity.pk, [])
            entity.may_merge = may_merge


@admin.register(Entity)
class EntityAdmin(ViewPageLinkMixin, HistoryAdmin):
    view_page_route = "claims:entity_detail"
    selector = entity_list
    list_display = [
        "name",
        "kind",
        "aliases_display",
        "mention_count_display",
        "possible_duplicates_display",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__normalized"]
    show_full_result_count = False
    paginator = LargeTablePaginator
    # Each row looks for its possible duplicates: a page of 50, as the claims list.
    list_per_page = 50
    inlines = [EntityAliasInline]
    actions = ["merge_entities", "delete_selected"]
    fields = ["name", "kind", "description", "claims_link", "possible_duplicates_display"]
    readonly_fields = ["claims_link", "possible_duplicates_display"]

    def get_changelist(self, request, **kwargs):
        return EntityChangeList

    def get_object(self, request, object_id, from_field=None):
        entity = super().get_object(request, object_id, from_field)
        if entity is not None:
            entity.possible_duplicates = entity_possible_duplicates([entity])[entity.pk]
            entity.may_merge = self.may_merge(request)
        return entity

    def get_urls(self):
        merge = self.admin_site.admin_view(self.merge_pair_view)
        return [
            path("<path:object_id>/merge/<int:other_id>/", merge, name="claims_entity_merge"),
            *super().get_urls(),
        ]

    def may_merge(self, request) -> bool:
        """The merge action's permissions: editors only."""
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.display(description="possible duplicates")
    def possible_duplicates_display(self, obj) -> SafeString | str:
        duplicates = getattr(obj, "possible_duplicates", [])
        if not duplicates:
            return "—"
        return format_html_join(
            mark_safe("<br>"),  # a constant separator, no source text
            "{} {}",
            (
                (
                    admin_link(other),
                    format_html(
                        '<a class="button" href="{}" title="Merge {} and {}…">Merge…</a>',
                        reverse("admin:claims_entity_merge", args=[obj.pk, other.pk]),
                        obj.name,
                        other.name,
                    )
                    if obj.may_merge
                    else "",
                )
                for other in duplicates
            ),
        )

    def merge_pair_view(self, request, object_id, other_id):
        """The merge confirmation for an entity and one of its possible duplicates.

        The same page, permissions and service as the "Merge selected entities…"
        action; once merged, the entity that stayed is shown.
        """
        if not self.may_merge(request):
            raise PermissionDenied
        ids = [as_row_id(unquote(object_id)), other_id]
        entities = Entity.objects.filter(pk__in=ids).order_by("name")
        if len(entities) < 2:
            self.message_user(request, "Those entities no longer both exist.", messages.WARNING)
            return redirect("admin:claims_entity_changelist")
        response = self.merge_entities(request, entities)
        if response is not None:
            return response
        survivor = Entity.objects.filter(pk__in=ids).first()
        if survivor is None:
            return redirect("admin:claims_entity_changelist")
        return redirect("admin:claims_entity_change", survivor.pk)

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

    # --- Saving and deleting go through the entity services ----------------------------

    def save_model(self, request, obj, form, change) -> None:
        entity_update(entity=obj, fields=form.changed_data if change else (), user=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        """Refuse, before the confirmation page, to delete an entity claims mention."""
        entity = self.get_object(request, unquote(object_id))
        if entity is not None and self.has_delete_permission(request, entity):
            try:
                entity_delete_check(entities=[entity])
                return super().delete_view(request, object_id, extra_context)
            except EntityMentionedError as error:  # also when a claim named it since
                self.message_refusal(request, error)
                return redirect("admin:claims_entity_change", entity.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj) -> None:
        entity_delete(entities=[obj], user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        entity_delete(entities=queryset, user=request.user)

    @admin.action(
        description="Delete selected entities (only those no claim mentions)",
        permissions=["delete"],
    )
    def delete_selected(self, request, queryset):
        """Django's confirmation page and deletion, once no selected entity is mentioned."""
        try:
            entity_delete_check(entities=queryset)
            with transaction.atomic():  # a refusal at the last moment takes back the log too
                return django_delete_selected(self, request, queryset)
        except EntityMentionedError as error:
            self.message_refusal(request, error)
            return None

    def message_refusal(self, request, error: EntityMentionedError) -> None:
        claims = reverse("admin:claims_claim_changelist")
        entities = reverse("admin:claims_entity_changelist")
        shown = list(error.claim_counts.items())[:10]
        more = len(error.claim_counts) - len(shown)
        named = format_html_join(
            ", ",
            '{} (<a href="{}?entity={}">{} claim(s) mention it</a>)',
            ((e.name, claims, e.pk, f"{n:,}") for e, n in shown),
        )
        self.message_user(
            request,
            format_html(
                "Not deleted: {}{}. Deleting an entity would remove it from every claim "
                "that mentions it and delete its aliases. Merge it into the entity it "
                'duplicates instead: select both in <a href="{}">the entity list</a> and '
                "choose <em>Merge selected entities…</em>.",
                named,
                f" and {more} more" if more else "",
                f"{entities}?{urlencode({'q': shown[0][0].name})}" if len(shown) == 1 else entities,
            ),
            messages.ERROR,
        )

from django.contrib import admin

from .models import Claim, ClaimLink, ClaimSet, Entity, EntityAlias, Mention


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["text", "entity", "label", "start", "end"]
    readonly_fields = fields
    can_delete = False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "status", "score"]
    list_filter = ["status"]
    list_select_related = ["source"]
    search_fields = ["text"]
    autocomplete_fields = ["source"]
    readonly_fields = [
        "source", "start", "end", "text", "score", "score_reasons", "subject", "predicate",
        "object", "is_negated", "is_hedged", "speaker", "quantities", "dates",
        "pipeline_version", "claim_set", "side", "reviewed_by", "reviewed_at",
    ]  # fmt: skip
    inlines = [MentionInline]
    show_full_result_count = False


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    fk_name = "entity"
    extra = 1
    fields = ["text", "normalized", "origin", "metonym_for"]
    autocomplete_fields = ["metonym_for"]


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__normalized"]
    inlines = [EntityAliasInline]


@admin.register(ClaimLink)
class ClaimLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "relation", "status", "origin", "created_at"]
    list_filter = ["relation", "status", "origin"]
    autocomplete_fields = ["claim_a", "claim_b"]
    list_select_related = ["claim_a", "claim_b"]


@admin.register(ClaimSet)
class ClaimSetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_inconsistent", "updated_at"]
    list_filter = ["is_inconsistent"]
    search_fields = ["title", "summary"]

from django.contrib import admin
from django.db.models import Count

from .models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "published_on", "status", "claim_count", "created_at"]
    list_filter = ["status", "publisher"]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "content_hash", "status", "error", "attempts", "status_changed_at", "processed_at",
        "pipeline_version", "added_by", "created_at", "updated_at", "raw", "body", "input_format",
    ]  # fmt: skip
    show_full_result_count = False

    def get_queryset(self, request):
        # `claims` is the reverse relation the claims app declares; counting it
        # here is a read, so sources still imports nothing from claims.
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj) -> int:
        return obj.claim_count

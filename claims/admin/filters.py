"""The claims admin's list filters: text boxes for sources and entities, publishers,
conflicts (confirmed, or open: suggested too), and the links' review queue."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from common.db import as_row_id
from sources.models import Source

from ..entities.keys import normalize_alias
from ..models import ClaimLink, EntityAlias, Mention
from ..selectors.expressions import in_conflict, in_open_conflict


class TextInputFilter(admin.SimpleListFilter):
    """A filter with a small search box instead of a list of every choice (sources and
    entities are too many to list). A number (ASCII digits, within a 64-bit id) is taken
    as an id, anything else as words."""

    template = "admin/claims/text_input_filter.html"
    placeholder = ""

    def lookups(self, request, model_admin):
        return [("", "")]  # rendered by the template as a search box

    def choices(self, changelist):
        yield {
            "value": self.value() or "",
            "parameter_name": self.parameter_name,
            "placeholder": self.placeholder,
            "others": [
                (name, value)
                for name, values in changelist.filter_params.items()
                if name != self.parameter_name
                for value in values
            ],
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
        }


class SourceFilter(TextInputFilter):
    title = "source"
    parameter_name = "source"
    placeholder = "title or #id"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip().lstrip("#")
        if not value:
            return queryset
        if (pk := as_row_id(value)) is not None:
            return queryset.filter(source_id=pk)
        return queryset.filter(source__title__icontains=value)


class EntityFilter(TextInputFilter):
    title = "entity"
    parameter_name = "entity"
    placeholder = "name, alias or #id"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip().lstrip("#")
        if not value:
            return queryset
        mentions = Mention.objects.filter(claim=OuterRef("pk"))
        if (pk := as_row_id(value)) is not None:
            mentions = mentions.filter(entity_id=pk)
        else:
            key = normalize_alias(value)
            mentions = mentions.filter(
                Q(entity__name__icontains=value)
                | Exists(
                    EntityAlias.objects.filter(entity=OuterRef("entity"), normalized__icontains=key)
                )
            )
        return queryset.filter(Exists(mentions))


class PublisherFilter(admin.SimpleListFilter):
    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request, model_admin):
        publishers = (
            Source.objects.exclude(publisher="")
            .order_by("publisher")
            .values_list("publisher", flat=True)
            .distinct()[:100]
        )
        return [(p, p) for p in publishers]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(source__publisher=self.value())
        return queryset


class _YesNoFilter(admin.SimpleListFilter):
    """Yes / no on a boolean expression (``condition``) about each row."""

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def condition(self):
        raise NotImplementedError

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        condition = self.condition()
        return queryset.filter(condition if self.value() == "yes" else ~condition)


class HasConflictFilter(_YesNoFilter):
    """In a confirmed conflict: what researchers see as a conflict."""

    title = "has a conflict"
    parameter_name = "has_conflict"

    def condition(self):
        return in_conflict()


class HasOpenConflictFilter(_YesNoFilter):
    """In a conflict not rejected: confirmed, or suggested and awaiting review."""

    title = "has an open conflict (suggested too)"
    parameter_name = "has_open_conflict"

    def condition(self):
        return in_open_conflict()


class ReviewQueueFilter(admin.SimpleListFilter):
    """Links open on the review queue: suggested links, whatever their origin."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (ClaimLink.Status.SUGGESTED, "Suggested (to review)"),
            (ClaimLink.Status.CONFIRMED, "Confirmed"),
            (ClaimLink.Status.REJECTED, "Rejected"),
            ("all", "All"),
        ]

    def value(self):
        return super().value() or ClaimLink.Status.SUGGESTED

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(status=self.value())

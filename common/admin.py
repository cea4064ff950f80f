"""What every app's admin lists share: bad lookups are the admin's "invalid filter", never a
500; large tables paged by id with a cap on depth."""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models.constants import LOOKUP_SEP

# Lookups whose values the database parses itself, failing the whole query on
# a bad one ("(" is no regular expression); no filter of ours uses them.
REFUSED_LOOKUPS = {"regex", "iregex"}


class SafeChangeListMixin:
    """Keep any query string from failing a changelist.

    The admin accepts a lookup on any of the model's own fields in the query
    string (``?created_at__year=``, ``?text__regex=``), not only those its
    filters offer. A regular expression is refused (400), as any lookup the
    admin disallows. A year past what a date holds overflows where Django's
    changelist expects only a ``ValueError``; it is treated as any wrong lookup:
    back to the unfiltered list with the "invalid filter" flag.
    """

    def lookup_allowed(self, lookup, value, request):
        if lookup.rsplit(LOOKUP_SEP, 1)[-1] in REFUSED_LOOKUPS:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class LargeTableChangeList(ChangeList):
    """A changelist whose pages stop where ``LargeTablePaginator`` stops them.

    A page number past the last page offered shows that last page; there, and
    when it is asked for deeper, the editor is told to narrow the list instead.
    """

    def get_results(self, request):
        asked = self.page_num
        deepest = getattr(self.model_admin.paginator, "max_pages", None)
        if deepest:
            self.page_num = min(self.page_num, deepest)
        super().get_results(request)
        capped = getattr(self.paginator, "is_capped", False) and self.multi_page
        if (
            request.method == "GET"
            and capped
            and (asked > self.page_num or self.page_num == self.paginator.num_pages)
        ):
            messages.warning(
                request,
                f"Only the first {self.paginator.num_pages:,} pages are listed "
                f"({self.paginator.num_pages * self.list_per_page:,} "
                f"{self.opts.verbose_name_plural}): "
                "narrow the filters or search to go deeper.",
            )

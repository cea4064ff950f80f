"""What every app's admin lists share: bad lookups are the admin's "invalid filter", never a 500."""

from django.contrib.admin.options import IncorrectLookupParameters
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

"""What every app's admin lists share: bad lookups are the admin's "invalid filter", never a 500."""

from django.contrib.admin.options import IncorrectLookupParameters


class SafeChangeListMixin:
    """A year past what a date holds (``?created_at__year=99999999999999999999``) overflows
    where Django's changelist expects only a ``ValueError``; treat it as the admin treats
    any wrong lookup: back to the unfiltered list with its "invalid filter" flag."""

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

"""Links between an object's admin page and its page in the researchers' view, shown
only to users the other side lets in.

The admin's "view on site" link leads to the view page for readers of the view
(``may_read``); a view page links to the admin page for accounts the admin lets in
(staff with a role: researchers read it, editors change it). Routes are named, not
imported, so an app stays importable without the one that serves its view pages.
"""

from django.urls import NoReverseMatch, reverse

from .roles import is_researcher, may_read


def may_open_admin(user) -> bool:
    """Whether ``user`` may open the admin's pages of claims, sources and entities."""
    return bool(user and user.is_authenticated and user.is_staff) and is_researcher(user)


def admin_change_url(user, obj) -> str:
    """The admin page of ``obj`` when ``user`` may open it, else ""."""
    if obj is None or not may_open_admin(user):
        return ""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


class ViewPageLinkMixin:
    """For a ModelAdmin: the change page's "View on site" link leads to the object's
    page in the researchers' view (the URL named ``view_page_route``, taking the
    object's id), for users who may read that view."""

    view_page_route: str

    def get_view_on_site_url(self, obj=None):
        if obj is None or obj.pk is None:
            return None
        try:
            return reverse(self.view_page_route, args=[obj.pk])
        except NoReverseMatch:
            return None

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if not may_read(request.user):
            response.context_data["has_absolute_url"] = False
        return response

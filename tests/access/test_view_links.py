"""Each admin page links to its page in the researchers' view and back, for those let in."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from access.roles import RESEARCHERS
from tests.claims.web.conftest import make_conflict_set
from tests.factories import EntityFactory


@pytest.fixture
def pages(db):
    russia = EntityFactory(name="Russia")
    claim_set = make_conflict_set(entities=[russia])
    claim = claim_set.claims.order_by("pk").first()
    objects = {
        "claim": (claim, f"/claims/{claim.pk}/"),
        "source": (claim.source, f"/sources/{claim.source_id}/"),
        "entity": (russia, f"/entities/{russia.pk}/"),
        "claimset": (claim_set, f"/claim-sets/{claim_set.pk}/"),
    }
    return {
        name: (f"/admin/{obj._meta.app_label}/{name}/{obj.pk}/change/", view_url)
        for name, (obj, view_url) in objects.items()
    }


@pytest.mark.parametrize("who", ["editor_client", "researcher_client"])
def test_admin_and_view_pages_link_to_each_other(request, pages, who):
    client = request.getfixturevalue(who)
    for name, (admin_url, view_url) in pages.items():
        admin_page = client.get(admin_url)
        assert admin_page.status_code == 200, name
        assert (
            f'<a href="{view_url}" class="viewsitelink">Researchers’ page</a>'
            in admin_page.content.decode()
        ), name

        view_page = client.get(view_url)
        assert view_page.status_code == 200, name
        assert (
            f'<p class="admin-link"><a href="{admin_url}">Open in the admin</a></p>'
            in view_page.content.decode()
        ), name


def test_readers_outside_the_admin_get_no_link_to_it(pages, settings, django_user_model):
    settings.TRACKER_PUBLIC = True
    reader = django_user_model.objects.create_user("reader", password="a-long-password")
    reader.groups.add(Group.objects.get(name=RESEARCHERS))  # a researcher, but not staff
    signed_in = Client()
    signed_in.force_login(reader)
    for client in (Client(), signed_in):
        for _, view_url in pages.values():
            page = client.get(view_url)
            assert page.status_code == 200
            assert "Open in the admin" not in page.content.decode()


def test_the_admin_hides_the_view_link_from_staff_who_may_not_read_the_view(
    pages, django_user_model, settings
):
    settings.TRACKER_PUBLIC = False
    superuser = django_user_model.objects.create_superuser("root", password="a-long-password")
    client = Client()
    client.force_login(superuser)
    admin_url, view_url = pages["claim"]
    assert "Researchers’ page" in client.get(admin_url).content.decode()  # superusers read all

    # Staff allowed to look at claims in the admin, but given no role: the view refuses them.
    staff = django_user_model.objects.create_user(
        "clerk", password="a-long-password", is_staff=True
    )
    staff.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(staff)
    page = client.get(admin_url)
    assert page.status_code == 200
    assert "Researchers’ page" not in page.content.decode()

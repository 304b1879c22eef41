"""The favicon: browsers ask for /favicon.ico on every page."""

from django.contrib.staticfiles import finders


def test_favicon_ico_leads_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.ico"
    path = finders.find("favicon.ico")
    assert path and open(path, "rb").read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_pages_link_the_icon(client, db):
    home = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in home
    client.force_login(_superuser())
    admin = client.get("/admin/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in admin


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.com", "x")

"""The admin speaks Chinese, third-party sections included."""

from django.contrib.auth import get_user_model


def test_admin_index_has_no_english_axes_section(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "x"))
    page = client.get("/admin/").content.decode()
    assert "登录防护" in page and "登录尝试记录" in page and "登录日志" in page
    for english in ("Axes", "Access attempts", "Access failures", "Access logs"):
        assert english not in page

"""Production settings: `check --deploy`, security headers, CSP, admin lockout, storage switch."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_article, make_user

# The variables docs/deploy.md and the README tell an operator to set.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qm2!vX9@pL4$zR8^tW1&nB6*cY3(hJ5)dF0_gS-eU+aI=oK",
    "ALLOWED_HOSTS": "news.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://news.example.com",
    "SECURE_PROXY_SSL_HEADER": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_check_deploy_is_clean_with_the_production_variables(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_without_them(tmp_path):
    env = {"DEBUG": "false", "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"], "VAR_DIR": str(tmp_path)}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env={**env, "SECURE_SSL_REDIRECT": "false"})
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def show_storage(tmp_path, **env):
    code = (
        "import django, json; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(json.dumps([type(s).__module__ + '.' + type(s).__name__, s.url('covers/a.jpg')]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings", "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return json.loads(result.stdout)


def test_media_on_local_disk_by_default(tmp_path):
    backend, url = show_storage(tmp_path)
    assert backend == "django.core.files.storage.filesystem.FileSystemStorage"
    assert url == "/media/covers/a.jpg"


def test_media_on_object_storage_when_a_bucket_is_set(tmp_path):
    backend, url = show_storage(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.com",
        AWS_S3_CUSTOM_DOMAIN="img.example.com",
        AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert backend == "storages.backends.s3.S3Storage"
    # Plain, cacheable URLs on the CDN domain: no signed query string.
    assert url == "https://img.example.com/media/covers/a.jpg"


@pytest.mark.django_db
def test_security_headers_on_reader_pages(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_admin_policy_allows_ckeditor_styles_but_no_inline_scripts(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:news_article_add"))
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["script-src"]


@pytest.mark.django_db
def test_admin_password_guessing_is_locked_out(settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = make_user(superuser=True)
    attacker = Client()
    login = reverse("admin:login")
    for _ in range(3):
        response = attacker.post(login, {"username": user.username, "password": "wrong-guess"})
        assert response.status_code in (200, 429)
    # Now even the right password is refused from this address.
    locked = attacker.post(login, {"username": user.username, "password": "secret-pass-123"})
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    assert "_auth_user_id" not in attacker.session
    # Another account is not affected.
    other = make_user(superuser=True)
    response = Client().post(login, {"username": other.username, "password": "secret-pass-123"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_the_lockout_holds_the_guessing_client_not_everyone(settings):
    # Every request comes from nginx (REMOTE_ADDR 127.0.0.1); the client is in X-Forwarded-For.
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    user = make_user(superuser=True)
    login = reverse("admin:login")
    attacker = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(3):
        attacker.post(login, {"username": user.username, "password": "wrong-guess"})
    assert attacker.post(login, {"username": user.username, "password": "secret-pass-123"}).status_code == 429
    # The account's owner, at another address behind the same proxy, still gets in.
    owner = Client(HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert owner.post(login, {"username": user.username, "password": "secret-pass-123"}).status_code == 302
    # A client that puts a forged entry before its own is taken for the proxy, not for someone else.
    forged = Client(HTTP_X_FORWARDED_FOR="203.0.113.20, 198.51.100.7")
    for _ in range(3):
        forged.post(login, {"username": user.username, "password": "wrong-guess"})
    assert owner.post(login, {"username": user.username, "password": "secret-pass-123"}).status_code == 302

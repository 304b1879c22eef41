import pytest

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_answers_a_probe_by_ip_address(client):
    # Load balancers probe with the server's address as Host; it is not in ALLOWED_HOSTS.
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200


def test_unreachable_cache_is_degraded_but_serving(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/9",  # nothing listens on port 1
        }
    }
    response = client.get("/healthz")
    # A Redis outage must not take every server out of the load balancer.
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error"}

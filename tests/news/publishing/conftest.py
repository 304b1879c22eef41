import pytest

from tests.factories import make_editor_groups

from .stand_ins import StandIn


@pytest.fixture
def publishing(settings):
    """Every push switched off but those a test switches on; retries at once, three attempts."""
    settings.BAIDU_PUSH_SITE = ""
    settings.BAIDU_PUSH_TOKEN = ""
    settings.INDEXNOW_KEY = ""
    settings.PURGE_ENDPOINT = ""
    settings.SITEMAP_PING_URLS = []
    settings.PUBLISHING_THUMBNAILS = False
    settings.PUBLISHING_RETRY_DELAY = 0
    settings.PUBLISHING_RETRIES = 3
    settings.SITE_URL = "https://www.example.cn"
    return settings


@pytest.fixture
def baidu(publishing):
    with StandIn((200, {"remain": 99, "success": 1, "not_same_site": [], "not_valid": []})) as server:
        publishing.BAIDU_PUSH_SITE = "https://www.example.cn"
        publishing.BAIDU_PUSH_TOKEN = "secret-token"
        publishing.BAIDU_PUSH_ENDPOINT = server.url + "/urls"
        yield server


@pytest.fixture
def indexnow(publishing):
    with StandIn((200, "")) as server:
        publishing.INDEXNOW_KEY = "a1b2c3d4e5f6a7b8"
        publishing.INDEXNOW_ENDPOINT = server.url + "/indexnow"
        yield server


@pytest.fixture(autouse=True)
def editor_groups(transactional_db):
    """The 编辑 and 主编 groups of migration 0002, which a transactional test's flush removes."""
    make_editor_groups()

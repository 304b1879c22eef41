from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from news.importers.dates import parse_date
from news.importers.records import RecordError

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-04-19", datetime(2021, 4, 19, tzinfo=SHANGHAI)),
        ("2021-04-19 10:20", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("2021-04-19 10:20:30", datetime(2021, 4, 19, 10, 20, 30, tzinfo=SHANGHAI)),
        ("2021年4月19日", datetime(2021, 4, 19, tzinfo=SHANGHAI)),
        ("2021年04月19日 10:20", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("2021/4/19 10:20", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("Mon, 19 Apr 2021 02:20:00 +0000", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("Mon, 19 Apr 2021 10:20:00 GMT", datetime(2021, 4, 19, 18, 20, tzinfo=SHANGHAI)),
        ("2021-04-19T02:20:00Z", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("2021-04-19T10:20:00+08:00", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        # Chinese feeds' "CST" is China Standard Time, not US Central.
        ("Mon, 19 Apr 2021 10:20:00 CST", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("Mon, 19 Apr 2021 10:20:00 GMT+8", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("2021-04-19 10时20分", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("2021年4月19日 下午3时20分", datetime(2021, 4, 19, 15, 20, tzinfo=SHANGHAI)),
        ("2021-04-19 10:20:00.0", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        # Unix timestamps, as CMS databases store them: seconds, or JavaScript's milliseconds.
        (1618798800, datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("1618798800", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
        ("1618798800000", datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)),
    ],
)
def test_dates_chinese_sites_use_become_aware_site_times(text, expected):
    parsed = parse_date(text)
    assert parsed.tzinfo is not None
    assert parsed == expected


@pytest.mark.parametrize("text", ["", "   ", None])
def test_no_date_is_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["去年春天", "2021-13-45", "19/04", "2021-04-19 24:00", "12345"])
def test_unreadable_dates_are_record_errors(text):
    with pytest.raises(RecordError, match="无法识别的日期"):
        parse_date(text)

"""Dates as Chinese sites and feeds write them, made aware in the site's time zone."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.utils import timezone

from .records import RecordError

# 2021年4月19日, 2021年4月19日 10:20, 2021/4/19 10:20:30, 2021.04.19
# 2021年4月19日 下午3时20分, 2021-04-19 10:20:00.0
_CHINESE = re.compile(
    r"^\s*(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?\s*(上午|下午|晚上)?"
    r"(?:\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*(?:分\s*)?(?:[:：]?\s*(\d{1,2})\s*秒?)?(?:\.\d+)?)?\s*$"
)
# "CST" in a Chinese feed is China Standard Time; email.utils would read it as US Central (-06:00).
_CST = re.compile(r"\s(?:CST|GMT\+0?8(?::?00)?|UTC\+0?8(?::?00)?|Beijing)\s*$", re.I)


# Ten digits are seconds since 1970 (2001–2286), thirteen are milliseconds.
_EPOCH = re.compile(r"^\s*(\d{10}|\d{13})(\.\d+)?\s*$")


def parse_date(value):
    """Return an aware datetime for `value`, None for an empty value; raise RecordError otherwise.

    Naive times are taken as the site's time zone (TIME_ZONE), as a Chinese
    site's "2021-04-19 10:20" means Beijing time.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool) or _EPOCH.match(str(value)):
        moment = _from_epoch(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        moment = _parse_text(text)
        if moment is None:
            raise RecordError(f"无法识别的日期：{text[:40]}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _from_epoch(value):
    """A Unix timestamp, as CMS databases store dates (DedeCMS, PHPCMS): seconds, or milliseconds (JavaScript)."""
    seconds = float(value)
    if abs(seconds) >= 1e11:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise RecordError(f"无法识别的日期：{value}") from None


def _parse_text(text):
    try:
        # ISO 8601, including "2021-04-19", "2021-04-19 10:20" and a trailing Z.
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    match = _CHINESE.match(text)
    if match:
        year, month, day, half, hour, minute, second = match.groups()
        hour = int(hour or 0)
        if half in ("下午", "晚上") and hour < 12:
            hour += 12
        try:
            return datetime(int(year), int(month), int(day), hour, int(minute or 0), int(second or 0))
        except ValueError:
            return None
    try:
        # RFC 822 / RFC 2822, as RSS writes it.
        moment = parsedate_to_datetime(_CST.sub(" +0800", text))
    except (TypeError, ValueError, IndexError):
        return None
    return moment


def from_struct_time(value):
    """feedparser's *_parsed values are UTC struct_time tuples."""
    if not value:
        return None
    return datetime(*value[:6], tzinfo=UTC)

"""Dates as Chinese sites and feeds write them, made aware in the site's time zone."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.utils import timezone

from .records import RecordError

# 2021年4月19日, 2021年4月19日 10:20, 2021/4/19 10:20:30, 2021.04.19
_CHINESE = re.compile(
    r"^\s*(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*(?:[:：分]\s*(\d{1,2})\s*秒?)?)?\s*$"
)


def parse_date(value):
    """Return an aware datetime for `value`, None for an empty value; raise RecordError otherwise.

    Naive times are taken as the site's time zone (TIME_ZONE), as a Chinese
    site's "2021-04-19 10:20" means Beijing time.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
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


def _parse_text(text):
    try:
        # ISO 8601, including "2021-04-19", "2021-04-19 10:20" and a trailing Z.
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    match = _CHINESE.match(text)
    if match:
        parts = [int(part) if part else 0 for part in match.groups()]
        try:
            return datetime(*parts)
        except ValueError:
            return None
    try:
        # RFC 822 / RFC 2822, as RSS writes it.
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment


def from_struct_time(value):
    """feedparser's *_parsed values are UTC struct_time tuples."""
    if not value:
        return None
    return datetime(*value[:6], tzinfo=UTC)

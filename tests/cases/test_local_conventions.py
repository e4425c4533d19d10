"""Local conventions (issue #14's item 9): dates never in the US order, one time zone across
the pages, the region's messaging apps, and tap-to-call / tap-to-message links."""

import datetime as dt

from django.template import Context, Template
from django.utils import timezone, translation

from seri.core.vocabularies import MessagingPlatform, message_url


def _render(text: str, **context) -> str:
    return Template("{% load i18n %}" + text).render(Context(context))


def test_english_dates_are_day_first_or_iso():
    day = dt.date(2026, 12, 3)
    with translation.override("en"):
        assert _render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=day) == "2026-12-03"
        assert _render('{{ d|date:"DATE_FORMAT" }}', d=day) == "3 Dec 2026"
        assert _render("{{ d }}", d=day) == "3 Dec 2026"


def test_times_are_shown_in_the_configured_zone(settings):
    moment = dt.datetime(2026, 12, 3, 2, 30, tzinfo=dt.timezone.utc)
    with timezone.override("Asia/Phnom_Penh"):
        assert _render('{{ t|date:"Y-m-d H:i O" }}', t=moment) == "2026-12-03 09:30 +0700"


def test_the_regions_messaging_apps_are_offered():
    for app in ("Zalo", "Signal", "Viber", "KakaoTalk", "Line", "WeChat", "Messenger"):
        assert app in MessagingPlatform.values


def test_tap_to_message_links():
    assert message_url("WhatsApp", "+84 912 345 678") == "https://wa.me/84912345678"
    assert message_url("Telegram", "@test_handle") == "https://t.me/test_handle"
    assert message_url("Zalo", "0912 345 678") == "https://zalo.me/0912345678"
    assert message_url("Viber", "+84 912 345 678") == "viber://chat?number=+84912345678"
    assert message_url("Signal", "test.01") == ""  # no link that opens a chat by handle

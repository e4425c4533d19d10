"""The server-error page names itself in English, Chinese and Khmer: it loads the shipped
fonts, or the Chinese and Khmer show as boxes where the viewer has no such fonts (#19)."""

from django.template.loader import render_to_string


def test_the_server_error_page_loads_the_shipped_fonts(settings):
    html = render_to_string("500.html")
    assert f'href="{settings.STATIC_URL}fonts/fonts.css"' in html
    assert "出错了" in html and "មានបញ្ហា" in html

import pytest
from django.urls import reverse

from seri.cases.models import Case
from seri.intake.importers.telegram import import_telegram
from seri.intake.importers.whatsapp import import_whatsapp
from seri.intake.models import Report, TriageState
from seri.intake.reading import suggest, urgency_of
from tests.conftest import login
from tests.intake.exports import ANDROID_EN_GB, IOS_EN_US, telegram_export

pytestmark = pytest.mark.django_db


def kinds(text, **kwargs):
    out = {}
    for s in suggest(text, **kwargs):
        out.setdefault(s.kind, []).append(s.value)
    return out


def test_reading_suggestions_in_several_languages():
    vi = kinds(
        "Em trai tôi 19 tuổi bị giữ ở Sihanoukville. Số của em: 091 234 5671. "
        "Người Việt Nam, ngày 2 tháng 3 2026"
    )
    assert vi["language"] == ["vi"]
    assert vi["phone"] == ["+84912345671"]  # no country code: Vietnamese text, Vietnamese number
    assert vi["age"] == ["19"] and "VN" in vi["nationality"]
    assert vi["date"] == ["2026-03-02"]
    km = kinds("សូមជួយ កូនប្រុសខ្ញុំ អាយុ ២២ឆ្នាំ ជនជាតិថៃ https://maps.google.com/?q=10.6104,103.5225")
    assert km["language"] == ["km"] and km["age"] == ["22"]
    assert km["coordinates"] == ["10.610400,103.522500"]
    zh = kinds("2026年3月2日 我弟弟25岁 被关在柬埔寨 电话 +86 138 0013 8000")
    assert zh["language"] == ["zh"] and zh["phone"] == ["+8613800138000"]
    assert zh["age"] == ["25"] and zh["date"] == ["2026-03-02"]
    assert kinds("น้องชายอายุ 23 ถูกขัง คนไทย")["language"] == ["th"]
    assert kinds("ကျွန်တော့်အစ်ကို အသက် ၂၄ နှစ် မြန်မာ")["age"] == ["24"]
    assert kinds("Tolong, adik saya disekap, umur 21 tahun, orang Indonesia")["language"] == ["id"]
    en = kinds("Please help, my sister (24 years old) is held at 11.5564, 104.9282")
    assert en["language"] == ["en"] and en["coordinates"] == ["11.556400,104.928200"]


def test_urgency_words():
    assert urgency_of("He was beaten and is bleeding, please help")[0] >= 6
    assert urgency_of("Anh ấy bị đánh")[0] == 3
    assert urgency_of("Thanks, see you tomorrow")[0] == 0


def test_the_queue_orders_by_urgency_and_is_scoped(tmp_path, ngo, other_ngo, bob, charlie, vera):
    import_telegram(actor=None, organisation=ngo, path=telegram_export(tmp_path / "t"))
    chat = tmp_path / "chat.txt"
    chat.write_text(IOS_EN_US, encoding="utf-8")
    import_whatsapp(actor=None, organisation=other_ngo, path=chat)
    response = login(bob).get(reverse("intake-triage"))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert len(entries) == 3 and all(e.report.organisation == ngo for e in entries)
    assert "beaten" in entries[0].words  # the call for help first
    assert entries[0].score > entries[-1].score
    assert "Testperson Minh" in response.text
    other = login(charlie).get(reverse("intake-triage")).context["entries"]
    assert {e.report.organisation for e in other} == {other_ngo}
    assert login(vera).get(reverse("intake-triage")).status_code == 403
    page = reverse("triage-report", args=[entries[0].report.public_id])
    assert login(charlie).get(page).status_code == 404


def test_open_a_case_with_confirmed_suggestions(tmp_path, ngo, bob):
    chat = tmp_path / "chat.txt"
    chat.write_text(
        ANDROID_EN_GB.replace("នៅក្នុងអគារ B", "លេខ 012 345 678 អាយុ ២២ឆ្នាំ"), encoding="utf-8"
    )
    import_whatsapp(actor=None, organisation=ngo, path=chat)
    report = Report.objects.order_by("received_at").first()
    client = login(bob)
    url = reverse("triage-report", args=[report.public_id])
    page = client.get(url)
    assert page.status_code == 200
    values = {(s.kind, s.value) for s in page.context["suggestions"]}
    assert ("phone", "+85512345678") in values and ("age", "22") in values
    assert ("coordinates", "10.610400,103.522500") in values
    # Nothing ticked but the name: nothing else is written.
    response = client.post(
        url,
        {
            "action": "open",
            "open-full_name": "Testperson Dara",
            "open-urgency": "normal",
            "open-phones": ["+85512345678"],
            "open-age": "22",
            "open-place": "10.610400,103.522500",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    report.refresh_from_db()
    assert report.case == case and response["Location"] == reverse(
        "case-detail", args=[case.reference]
    )
    assert case.person.age_estimate == 22 and case.person.nationalities.count() == 0
    assert [p.e164 for p in case.person.phones.all()] == ["+85512345678"]
    assert float(case.location_latitude) == pytest.approx(10.6104)
    assert report.original_text.startswith("[2026-03-02")  # unchanged
    # Once attached, it leaves the queue, and cannot be triaged twice.
    assert report not in [e.report for e in client.get(reverse("intake-triage")).context["entries"]]
    again = client.post(url, {"action": "dismiss"})
    assert again.status_code == 302 and again["Location"] == url


def test_attach_and_dismiss(tmp_path, ngo, bob, bobs_case):
    import_telegram(actor=None, organisation=ngo, path=telegram_export(tmp_path / "t"))
    first, second, third = Report.objects.order_by("received_at")
    client = login(bob)
    url = reverse("triage-report", args=[first.public_id])
    bad = client.post(url, {"action": "attach", "attach-case": "NOPE-1"})
    assert bad.status_code == 400 and "attach_form" in bad.context
    assert bad.context["attach_form"].errors
    ok = client.post(url, {"action": "attach", "attach-case": bobs_case.reference})
    assert ok.status_code == 302
    first.refresh_from_db()
    assert first.case == bobs_case
    assert (
        client.post(
            reverse("triage-report", args=[second.public_id]), {"action": "dismiss"}
        ).status_code
        == 302
    )
    second.refresh_from_db()
    assert second.triage_state == TriageState.NOT_RELEVANT
    assert [e.report for e in client.get(reverse("intake-triage")).context["entries"]] == [third]

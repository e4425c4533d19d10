import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seri.cases.models import Case, Person
from seri.intake.models import Report
from tests.conftest import login

VALID = {
    "report-channel": "hotline",
    "report-reporter_relation": "family",
    "report-language": "vi",
    "report-original_text": "Em trai tôi bị giữ ở Sihanoukville. (synthetic test account)",
    "person-full_name": "Testperson Gamma",
    "person-other_names": "Gamma T.\n测试",
    "person-gender": "Masculine",
    "person-age_estimate": "22",
    "person-nationality": "VN",
    "person-phones": "+84 91 234 5679",
    "person-handle_platform": "Telegram",
    "person-handle": "@synthetic_gamma",
    "person-languages": ["vi"],
    "case-urgency": "immediate",
    "case-location_text": "Building B, 5th floor",
    "case-exploitation_types": ["ForcedLabour"],
}


def test_the_intake_form_opens_a_case(bob):
    client = login(bob)
    assert client.get(reverse("intake-new")).status_code == 200
    upload = SimpleUploadedFile("screenshot.png", b"\x89PNG synthetic", content_type="image/png")
    response = client.post(reverse("intake-new"), {**VALID, "report-attachments": [upload]})
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert response["Location"] == reverse("case-detail", args=[case.reference])
    assert case.assigned_to is None or case.assigned_to == bob
    report = case.reports.get()
    assert report.original_text == VALID["report-original_text"]
    attachment = report.attachments.get()
    assert attachment.sha256 == hashlib.sha256(b"\x89PNG synthetic").hexdigest()
    assert attachment.file.read() == b"\x89PNG synthetic"
    assert case.person.handles.get().handle == "@synthetic_gamma"
    assert {n.value for n in case.person.names.all()} == {"Testperson Gamma", "Gamma T.", "测试"}


def test_bad_input_gives_field_errors_and_writes_nothing(bob):
    data = {
        **VALID,
        "person-phones": "12345",
        "person-nationality": "XX",
        "person-date_of_birth": "2031-02-30",
        "case-urgency": "whenever",
    }
    response = login(bob).post(reverse("intake-new"), data)
    assert response.status_code == 400
    form_errors = {name: response.context[name].errors for name in ("person_form", "case_form")}
    assert "nationality" in form_errors["person_form"]
    assert "date_of_birth" in form_errors["person_form"]
    assert "urgency" in form_errors["case_form"]
    assert not (Case.objects.exists() or Person.objects.exists() or Report.objects.exists())


def test_an_invalid_phone_number_is_named(bob):
    response = login(bob).post(reverse("intake-new"), {**VALID, "person-phones": "+84 12"})
    assert response.status_code == 400
    assert "phones" in response.context["person_form"].errors
    assert "+84 12" in response.text  # the message quotes what was typed
    assert not Case.objects.exists()


def test_a_viewer_cannot_record_reports(vera):
    assert login(vera).get(reverse("intake-new")).status_code == 403


def test_adding_a_report_to_a_case(bob, bobs_case, charlie):
    url = reverse("report-add", args=[bobs_case.reference])
    assert login(charlie).get(url).status_code == 404
    response = login(bob).post(
        url,
        {
            "report-channel": "whatsapp",
            "report-reporter_relation": "self",
            "report-original_text": "Synthetic follow-up message.",
        },
    )
    assert response.status_code == 302
    assert bobs_case.reports.get().channel == "whatsapp"

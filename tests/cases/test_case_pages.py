import pytest
from django.urls import reverse

from seri.audit.models import AuditAction, AuditEvent
from seri.cases.models import CaseCaller, CaseStatus
from seri.referrals.models import Referral, ReferralStatus
from tests.conftest import login
from tests.factories import CaseFactory, PersonFactory


def test_it_shows_the_case_and_audits_the_view(bob, bobs_case):
    response = login(bob).get(reverse("case-detail", args=[bobs_case.reference]))
    assert response.status_code == 200
    assert "Testperson Alpha" in response.text
    assert "+84912345678" in response.text
    view = AuditEvent.objects.get(
        action=AuditAction.VIEW_IDENTIFYING, object_id=str(bobs_case.person.public_id)
    )
    assert view.actor == bob and view.detail == {"context": "case page"}


def test_it_validates_ownership(charlie, bobs_case):
    client = login(charlie)
    assert client.get(reverse("case-detail", args=[bobs_case.reference])).status_code == 404
    assert client.get(reverse("case-edit", args=[bobs_case.reference])).status_code == 404
    response = client.post(
        reverse("case-status", args=[bobs_case.reference]), {"status": "verifying", "reason": "x"}
    )
    assert response.status_code == 404
    listing = client.post(reverse("case-list"), {"q": "Testperson Alpha"})
    assert bobs_case.reference not in listing.text
    listing = client.post(reverse("case-list"), {"q": "+84 91 234 5678"})
    assert bobs_case.reference not in listing.text


def test_a_case_referred_and_accepted_becomes_visible(charlie, other_ngo, bobs_case, bob):
    Referral.objects.create(
        case=bobs_case,
        from_organisation=bobs_case.organisation,
        to_organisation=other_ngo,
        sent_by=bob,
        status=ReferralStatus.SENT,
    )
    client = login(charlie)
    assert client.get(reverse("case-detail", args=[bobs_case.reference])).status_code == 404
    Referral.objects.update(status=ReferralStatus.ACCEPTED)
    assert client.get(reverse("case-detail", args=[bobs_case.reference])).status_code == 200


def test_a_viewer_reads_but_cannot_write(vera, bobs_case):
    client = login(vera)
    assert client.get(reverse("case-detail", args=[bobs_case.reference])).status_code == 200
    response = client.post(
        reverse("case-status", args=[bobs_case.reference]), {"status": "verifying", "reason": "x"}
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("case-note", args=[bobs_case.reference]), {"text": "x"}).status_code
        == 403
    )


def test_status_change_is_recorded_with_who_and_why(bob, bobs_case):
    client = login(bob)
    response = client.post(
        reverse("case-status", args=[bobs_case.reference]),
        {"status": "verifying", "reason": "Sister called back"},
    )
    assert response.status_code == 302
    bobs_case.refresh_from_db()
    assert bobs_case.status == CaseStatus.VERIFYING
    change = bobs_case.status_changes.last()
    assert (change.changed_by, change.reason) == (bob, "Sister called back")


def test_an_illegal_transition_is_refused_on_the_form(bob, bobs_case):
    response = login(bob).post(
        reverse("case-status", args=[bobs_case.reference]),
        {"status": "repatriated", "reason": "skip ahead"},
    )
    assert response.status_code == 400
    bobs_case.refresh_from_db()
    assert bobs_case.status == CaseStatus.REPORTED


@pytest.mark.parametrize("page_size", [5, 40])
def test_the_case_list_does_a_bounded_number_of_queries(
    bob, ngo, settings, django_assert_max_num_queries, page_size
):
    settings.SERI_PAGE_SIZE = page_size
    for i in range(page_size):
        person = PersonFactory(organisation=ngo, name=f"Listperson {i}", nationality="TH")
        CaseFactory(organisation=ngo, person=person, assigned_to=bob)
    client = login(bob)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("case-list"), {"status": "open", "nationality": "TH"})
    assert response.status_code == 200
    assert response.text.count("Listperson") == page_size


def test_the_list_filters_and_searches(bob, ngo, bobs_case):
    other = CaseFactory(
        organisation=ngo,
        person=PersonFactory(organisation=ngo, name="Somebody Else", nationality="TH"),
        urgency="immediate",
    )
    client = login(bob)
    text = client.post(reverse("case-list"), {"q": "alpha"}).text
    assert bobs_case.reference in text and other.reference not in text
    text = client.post(
        reverse("case-list"), {"q": "0912 345 678"}
    ).text  # no country code: no match
    text = client.post(reverse("case-list"), {"q": "+84 912 345 678"}).text
    assert bobs_case.reference in text and other.reference not in text
    text = client.get(reverse("case-list"), {"urgency": "immediate"}).text
    assert other.reference in text and bobs_case.reference not in text
    text = client.get(reverse("case-list"), {"mine": "on"}).text
    assert bobs_case.reference in text and other.reference not in text
    text = client.get(reverse("case-list"), {"nationality": "VN"}).text
    assert bobs_case.reference in text and other.reference not in text


def test_the_dashboard_shows_my_work(bob, bobs_case):
    response = login(bob).get(reverse("home"))
    assert response.status_code == 200
    assert bobs_case.reference in response.text


def test_pages_need_login(client, bobs_case):
    response = client.get(reverse("case-detail", args=[bobs_case.reference]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_searches_stay_out_of_urls_and_are_audited(bob, bobs_case):
    client = login(bob)
    response = client.get(reverse("case-list"), {"q": "Testperson Alpha"})
    assert bobs_case.reference in response.text  # a query string search is ignored: all cases
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()
    client.post(reverse("case-list"), {"q": "Testperson Alpha"})
    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert "Testperson" not in str(search.detail)


def test_long_lists_count_up_to_a_cap_and_ask_for_a_filter(bob, ngo, bobs_case, monkeypatch):
    """Counting every visible case is what makes a list slow at a million cases: past the cap
    the page says "more than" and still shows the newest cases."""
    monkeypatch.setattr("seri.core.pagination.COUNT_CAP", 2)
    for _ in range(3):
        CaseFactory(organisation=ngo)
    page = login(bob).get(reverse("case-list")).content.decode()
    assert "More than 2 cases" in page
    monkeypatch.setattr("seri.core.pagination.COUNT_CAP", 10)
    page = login(bob).get(reverse("case-list")).content.decode()
    assert "4 cases" in page and "More than" not in page


def test_the_long_selects_render_what_django_would():
    """LongSelect writes the options out directly (speed); the HTML means the same."""
    import re

    from django import forms

    from seri.core.forms import LongSelect

    choices = [("", "Any"), ("VN", "Viet <Nam> & co"), ("KH", "Cambodia")]

    class Form(forms.Form):
        fast = forms.ChoiceField(choices=choices, required=False, widget=LongSelect)
        slow = forms.ChoiceField(choices=choices, required=False)

    form = Form({"fast": "VN", "slow": "VN"})

    def normalised(html: str, name: str) -> str:
        return re.sub(r">\s+<", "><", html.replace(name, "x")).strip()

    assert normalised(str(form["fast"]), "fast") == normalised(str(form["slow"]), "slow")


def test_a_long_select_marks_only_its_own_choice_whatever_was_rendered_before():
    # the options' HTML is kept per list of choices: one form's choice must not stay marked
    from django import forms

    from seri.core.forms import LongSelect

    choices = [("", "Any"), ("VN", "Viet Nam"), ("KH", "Cambodia")]

    class Form(forms.Form):
        country = forms.ChoiceField(choices=choices, required=False, widget=LongSelect)

    first, second, empty = (
        str(Form(data)["country"]) for data in ({"country": "VN"}, {"country": "KH"}, {})
    )
    assert '<option value="VN" selected>' in first and first.count("selected") == 1
    assert '<option value="KH" selected>' in second and second.count("selected") == 1
    assert '<option value="" selected>' in empty and empty.count("selected") == 1


def test_a_long_choice_field_validates_and_draws_as_a_choice_field():
    # LongChoiceField keeps its plain pairs as given (no normalising on each request): what it
    # accepts, refuses and draws is what Django's ChoiceField does with the same pairs
    from django import forms

    from seri.core.forms import LongChoiceField

    choices = [("", "Any"), ("VN", "Viet Nam"), ("KH", "Cambodia")]

    class Form(forms.Form):
        fast = LongChoiceField(required=False)
        slow = forms.ChoiceField(required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["fast"].choices = choices
            self.fields["slow"].choices = choices

    for value in ("VN", "", "XX"):
        form = Form({"fast": value, "slow": value})
        assert form.is_valid() == (value != "XX")
        assert ("fast" in form.errors) == ("slow" in form.errors)
    form = Form({"fast": "KH"})
    assert '<option value="KH" selected>' in str(form["fast"])
    assert Form().fields["fast"].choices == choices  # each form its own copy


def test_choice_labels_are_shown_in_the_readers_language(db):
    # get_FOO_display looks labels up in a dict kept per field: still translated per request
    from django.utils import translation

    from tests.factories import CaseFactory

    case = CaseFactory(status="verifying", urgency="immediate")
    with translation.override("en"):
        english = (case.get_status_display(), case.get_urgency_display())
    with translation.override("zh-hans"):
        chinese = (case.get_status_display(), case.get_urgency_display())
    assert english == ("Verifying", "Immediate danger")
    assert chinese[0] != english[0] and chinese[1] != english[1]
    assert all(isinstance(label, str) for label in english + chinese)
    case.status = "not-a-status"
    assert case.get_status_display() == "not-a-status"  # as Django: the value itself
    # choices a function gives (countries named in the active language) are asked each time
    from seri.compounds.models import Compound

    compound = Compound(name="Synthetic compound", country="KH")
    with translation.override("en"):
        assert compound.get_country_display() == "Cambodia"
    with translation.override("zh-hans"):
        assert compound.get_country_display() == "柬埔寨"
    with translation.override("en"):
        assert compound.get_country_display() == "Cambodia"


def test_a_model_choice_fields_key_lists_what_the_select_would_show(db):
    # the cached forms' key reads a ModelChoiceField's rows in one plain query: the same
    # values and labels, in the same order, as Django's iterator gives the select
    from seri.cases.templatetags.case_page import _choices_key
    from seri.orgs.models import Organisation
    from seri.referrals.forms import ReferralForm
    from tests.factories import OrganisationFactory

    OrganisationFactory(short_name="Zeta <shelter>")
    OrganisationFactory(short_name="Alpha")
    form = ReferralForm(organisations=Organisation.objects.all(), consent_given=True)
    field = form.fields["to_organisation"]
    expected = tuple((str(v), str(label)) for v, label in field.choices)
    assert _choices_key(field, field.choices) == expected
    assert {"Alpha", "Zeta <shelter>"} <= {value for value, _label in expected}


def test_who_reported_it_is_shown_to_those_who_edit_the_case_only(bob, vera, bobs_case):
    CaseCaller.objects.create(
        case=bobs_case, name="Testcaller Omega", phone="+84900000001", recorded_by=bob
    )
    page = reverse("case-detail", args=[bobs_case.reference])
    assert "Testcaller Omega" in login(bob).get(page).text
    assert "Testcaller Omega" not in login(vera).get(page).text


def test_the_case_page_asks_as_many_queries_for_many_details_as_for_one(bob, ngo, bobs_case):
    """Each list of the page is one query (prepared, seri.core.prepared), whatever its length:
    nothing the template shows is fetched row by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seri.cases.models import IdentityDocument, MessagingHandle, PersonName, TimelineEntry

    client = login(bob)
    page = reverse("case-detail", args=[bobs_case.reference])
    client.get(page)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    def add(n: int) -> None:
        person = bobs_case.person
        for i in range(n):
            PersonName.objects.create(
                person=person, value=f"Alias {i}", kind="alias", script="Latn"
            )
            MessagingHandle.objects.create(person=person, platform="telegram", handle=f"@test{i}")
            IdentityDocument.objects.create(person=person, kind="passport", number=f"T{i:07d}")
            TimelineEntry.objects.create(
                case=bobs_case, kind="note", text=f"Note {i}", author=bob, organisation=ngo
            )

    add(1)
    one = queries()
    add(5)
    assert queries() == one

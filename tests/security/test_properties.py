"""Property-based tests (hypothesis) of what takes user input: the intake service, and the web
forms.

- The intake service, given anything: it opens exactly one case, with the account stored as
  received and the names as given; or it raises a ValidationError that names fields and has
  written nothing. Never another exception.
- The web forms, given anything: never a server error.

Each example runs in a savepoint that is rolled back, so that every example starts from the
same records and a failure replays the same way.
"""

import dataclasses
import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from seri.cases.models import (
    Case,
    CaseStatus,
    ConsentKind,
    IdentityDocument,
    NameKind,
    Person,
    PersonName,
    Script,
    Urgency,
)
from seri.cases.services import (
    CaseInput,
    DocumentInput,
    HandleInput,
    NameInput,
    PersonInput,
    consent_record,
)
from seri.core.vocabularies import (
    REGION_LANGUAGES,
    ControlMethod,
    ExploitationType,
    Gender,
    MessagingPlatform,
    Platform,
    RecruitmentMethod,
    country_codes,
    language_codes,
)
from seri.intake.models import Channel, Report, ReporterRelation
from seri.intake.services import ReportInput, intake_record
from seri.orgs.models import Role
from seri.referrals.models import ReferralKind
from seri.referrals.services import referral_accept, referral_send
from tests.conftest import login
from tests.factories import CaseFactory, CompoundFactory, PersonFactory

SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}


@pytest.fixture(autouse=True)
def _quiet_bad_requests(caplog):
    # Hundreds of refused forms would each log a warning.
    caplog.set_level("ERROR", logger="django.request")


def rolled_back(function):
    """Run `function()` in a savepoint that is then undone."""
    with transaction.atomic():
        try:
            return function()
        finally:
            transaction.set_rollback(True)


# --- values -------------------------------------------------------------------------------------

# Names as people write them, in the scripts of the region and beyond.
NAMES = [
    "Nguyễn Thị Hoa",
    "张伟",
    "សុខ ចាន់ដារ៉ា",
    "สมชาย ใจดี",
    "မောင်မောင်",
    "ສົມພອນ",
    "Иван Петров",
    "محمد علي",
    "রহিম",
    "राम",
    "አበበ",
    "김민준",
    "さくら",
    "Hoa, building B",
    "  padded  ",
]
PHONES = ["+84 91 234 5678", "0912345678", "+855 12 345 678", "+66 81 234 5678", "+84912345678"]
ODD_PHONES = ["12", "+", "00", "++84", "tel:+84912345678", "+84 91 234 5678 ext. 12", ""]


def text(max_size: int = 200, min_size: int = 0):
    """Any text: every plane, control characters, NUL, combining marks, bidi overrides."""
    return st.text(min_size=min_size, max_size=max_size)


def mostly(valid: st.SearchStrategy, anything: st.SearchStrategy, one_in: int = 20):
    """Usually a valid value, one time in `one_in` anything: with every field anything half
    the time, hardly any input would get past validation."""
    return st.integers(0, one_in - 1).flatmap(lambda i: anything if i == 0 else valid)


def choice(values, max_size: int = 20):
    return mostly(st.sampled_from(sorted(map(str, values))), text(max_size))


def choices(values, max_size: int = 3):
    return st.lists(choice(values), max_size=max_size)


names = mostly(st.one_of(st.sampled_from(NAMES), text(300, min_size=1)), text(320))
phones = mostly(
    st.sampled_from(PHONES),
    st.one_of(
        st.sampled_from(ODD_PHONES),
        st.from_regex(r"\+?[0-9 ()\-.]{0,70}", fullmatch=True),
        text(70),
    ),
)
countries = choice(country_codes(), 3)
languages = choice(language_codes(), 4)


def dates(latest: dt.date = dt.date(2020, 1, 1)):
    return st.one_of(
        st.none(),
        mostly(
            st.dates(min_value=dt.date(1900, 1, 1), max_value=latest),
            st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
        ),
    )


numbers = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
)
# Latitude and longitude: both or neither, on Earth, or anything.
coordinates = st.one_of(
    st.just((None, None)),
    mostly(
        st.tuples(
            st.decimals(min_value=-90, max_value=90, places=6),
            st.floats(min_value=-180, max_value=180),
        ),
        st.tuples(st.one_of(st.none(), numbers), st.one_of(st.none(), numbers)),
    ),
)

person_inputs = st.builds(
    PersonInput,
    names=st.lists(
        st.builds(
            NameInput,
            value=names,
            kind=choice(NameKind.values, 8),
            script=st.one_of(st.just(""), choice(Script.values, 5)),
        ),
        min_size=1,
        max_size=4,
    ),
    gender=choice(Gender.values),
    date_of_birth=dates(),
    age_estimate=st.one_of(st.none(), mostly(st.integers(0, 120), st.integers(-(2**40), 2**40))),
    age_estimated_on=dates(),
    nationalities=choices(country_codes()),
    phones=st.lists(phones, max_size=3),
    handles=st.lists(
        st.builds(
            HandleInput,
            platform=choice(MessagingPlatform.values),
            handle=mostly(text(200, min_size=1), text(220)),
        ),
        max_size=2,
    ),
    documents=st.lists(
        st.builds(
            DocumentInput,
            kind=choice(IdentityDocument.Kind.values),
            number=mostly(text(60, min_size=1), text(70)),
            issuing_country=st.one_of(st.just(""), countries),
        ),
        max_size=2,
    ),
    languages=choices(language_codes()),
)


@st.composite
def case_inputs(draw) -> CaseInput:
    latitude, longitude = draw(coordinates)
    return CaseInput(
        urgency=draw(choice(Urgency.values)),
        location_text=draw(text()),
        location_latitude=latitude,
        location_longitude=longitude,
        exploitation_types=draw(choices(ExploitationType.values)),
        control_methods=draw(choices(ControlMethod.values)),
        recruitment_methods=draw(choices(RecruitmentMethod.values)),
        recruitment_platforms=draw(choices(Platform.values)),
        date_trafficked=draw(dates()),
    )


uploads = st.builds(
    SimpleUploadedFile,
    # A browser always names a file (Django refuses a name that is no file name at all).
    name=text(80).map(lambda name: "f" + name.replace("/", "_")),
    content=st.binary(max_size=64),
    content_type=st.one_of(st.none(), text(120)),
)
report_inputs = st.builds(
    ReportInput,
    channel=choice(Channel.values),
    reporter_relation=choice(ReporterRelation.values),
    original_text=mostly(text(2000, min_size=1), text(2000)),
    language=st.one_of(st.just(""), languages),
    received_at=st.one_of(
        st.none(),
        mostly(
            st.datetimes(max_value=dt.datetime(2020, 1, 1), timezones=st.just(dt.timezone.utc)),
            st.datetimes(timezones=st.just(dt.timezone.utc)),
        ),
    ),
    attachments=st.lists(uploads, max_size=2),
)

INPUT_FIELDS = {
    f.name
    for input_class in (ReportInput, PersonInput, CaseInput)
    for f in dataclasses.fields(input_class)
}


# --- the intake service -------------------------------------------------------------------------


def _rows() -> dict[str, int]:
    """The number of rows of every model in the apps that intake writes to."""
    return {
        model._meta.label: model.objects.count()
        for label in ("cases", "intake", "audit")
        for model in apps.get_app_config(label).get_models()
    }


@settings(max_examples=100, **SETTINGS)
@given(
    report=report_inputs,
    person=person_inputs,
    case=case_inputs(),
    assignee=st.sampled_from(["nobody", "bob", "charlie", "compound"]),
)
def test_intake_records_all_or_nothing(bob, charlie, ngo, report, person, case, assignee):
    names_given = [n.value.strip() for n in person.names if n.value.strip()]

    def record():
        if assignee == "compound":
            case.compound = CompoundFactory()
        else:  # charlie is of another organisation: refused
            case.assigned_to = {"nobody": None, "bob": bob, "charlie": charlie}[assignee]
        before = _rows()
        try:
            new_case = intake_record(
                actor=bob, organisation=ngo, report=report, person=person, case=case
            )
        except ValidationError as exc:
            assert hasattr(exc, "error_dict"), f"errors that name no field: {exc.messages}"
            assert set(exc.error_dict) <= INPUT_FIELDS, exc.message_dict
            assert _rows() == before, "a refused intake wrote something"
            event("refused")
            return
        event("recorded")
        after = _rows()
        for model in (Case, Person, Report):
            assert after[model._meta.label] == before[model._meta.label] + 1
        stored = Report.objects.get(case=new_case)
        assert stored.original_text == report.original_text  # verbatim, read back from the row
        assert stored.attachments.count() == len(report.attachments)
        assert [
            n.value for n in PersonName.objects.filter(person=new_case.person).order_by("id")
        ] == names_given

    rolled_back(record)


# --- the web forms ------------------------------------------------------------------------------


@pytest.fixture
def form_world(ngo, other_ngo, embassy, alice, bob, charlie, bobs_case):
    """bob's case with consent to share it, a referral to bob's NGO, a compound, and bob
    logged in."""
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    compound = CompoundFactory()
    # A case of the other NGO referred to bob's, for answering referrals.
    theirs = CaseFactory(organisation=other_ngo, person=PersonFactory(organisation=other_ngo))
    consent_record(actor=charlie, case=theirs, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    referral = referral_send(actor=charlie, case=theirs, to_organisation=ngo)
    referral_accept(actor=bob, referral=referral)
    return {
        "client": login(bob),
        "referral": referral,
        "case": bobs_case,
        "usernames": ["bob", "alice", "charlie", ""],
        "compound": str(compound.public_id),
    }


MISSING = object()


def form(one_in: int = 10, **fields: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """A form body whose fields are usually what the form offers and, one time in `one_in`,
    missing, anything at all, or several values at once."""
    anything = st.one_of(st.just(MISSING), text(), st.lists(text(40), max_size=3))
    return st.fixed_dictionaries(
        {name: mostly(strategy, anything, one_in) for name, strategy in fields.items()}
    ).map(lambda body: {name: value for name, value in body.items() if value is not MISSING})


def valid(*values) -> st.SearchStrategy[str]:
    return st.sampled_from([str(value) for value in values])


def date_texts(latest: dt.date = dt.date(2020, 1, 1)) -> st.SearchStrategy[str]:
    return mostly(
        st.one_of(st.just(""), st.dates(min_value=dt.date(1900, 1, 1), max_value=latest).map(str)),
        st.one_of(
            st.dates().map(str), st.sampled_from(["2024-02-30", "0000-01-01", "31/12/2024", "-1"])
        ),
    )


number_texts = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    st.floats().map(str),
)
# Coordinates come in pairs: each alone is refused. The service's own test tries them in pairs.
coordinate_texts = mostly(st.just(""), number_texts)


def multi(vocabulary) -> st.SearchStrategy[list[str]]:
    return st.lists(valid(*vocabulary.values), max_size=4)


region_languages = valid(*(code for code, _name in REGION_LANGUAGES))


def case_fields(world, prefix: str = "") -> dict:
    fields = {
        "urgency": valid(*Urgency.values),
        "assigned_to": mostly(valid("bob", "alice", ""), valid("charlie")),
        "location_text": text(),
        "compound": valid(world["compound"], ""),
        "location_latitude": coordinate_texts,
        "location_longitude": coordinate_texts,
        "date_trafficked": date_texts(),
        "exploitation_types": multi(ExploitationType),
        "control_methods": multi(ControlMethod),
        "recruitment_methods": multi(RecruitmentMethod),
        "recruitment_platforms": multi(Platform),
    }
    return {prefix + name: strategy for name, strategy in fields.items()}


REPORT_FIELDS = {
    "report-channel": valid(*Channel.values),
    "report-reporter_relation": valid(*ReporterRelation.values),
    "report-received_at": st.one_of(
        st.just(""), st.datetimes(max_value=dt.datetime(2020, 1, 1)).map(str), date_texts()
    ),
    "report-language": st.one_of(st.just(""), region_languages),
    "report-original_text": mostly(text(1000, min_size=1), text(1000)),
}

FORMS = {
    "intake": (
        lambda world: "/intake/",
        lambda world: form(
            one_in=25,
            **REPORT_FIELDS,
            **{
                "person-full_name": names,
                "person-other_names": st.lists(names, max_size=3).map("\n".join),
                "person-gender": valid(*Gender.values),
                "person-date_of_birth": date_texts(),
                "person-age_estimate": mostly(
                    st.one_of(st.just(""), st.integers(0, 120).map(str)), number_texts
                ),
                "person-nationality": valid("", *country_codes()),
                "person-second_nationality": valid("", *country_codes()),
                "person-phones": st.lists(phones, max_size=3).map("\n".join),
                "person-handle_platform": valid("", *MessagingPlatform.values),
                "person-handle": text(220),
                "person-document_kind": valid("", *IdentityDocument.Kind.values),
                "person-document_number": text(70),
                "person-languages": st.lists(region_languages, max_size=3),
            },
            **case_fields(world, "case-"),
        ),
    ),
    "report-add": (
        lambda world: f"/intake/cases/{world['case'].reference}/report/",
        lambda world: form(**REPORT_FIELDS),
    ),
    "case-edit": (
        lambda world: f"/cases/{world['case'].reference}/edit/",
        lambda world: form(**case_fields(world)),
    ),
    "case-status": (
        lambda world: f"/cases/{world['case'].reference}/status/",
        lambda world: form(status=valid(*CaseStatus.values), reason=text()),
    ),
    "case-note": (
        lambda world: f"/cases/{world['case'].reference}/notes/",
        lambda world: form(text=text(1000)),
    ),
    "case-task": (
        lambda world: f"/cases/{world['case'].reference}/tasks/",
        lambda world: form(
            title=text(320),
            due_on=date_texts(latest=dt.date(2100, 1, 1)),
            assigned_to=st.sampled_from(world["usernames"]),
        ),
    ),
    "case-consent": (
        lambda world: f"/cases/{world['case'].reference}/consent/",
        lambda world: form(
            kind=valid(*ConsentKind.values),
            given=valid("yes", "no"),
            given_by=text(120),
            note=text(),
        ),
    ),
    "referral-send": (
        lambda world: f"/referrals/send/{world['case'].reference}/",
        lambda world: form(
            to_organisation=valid("OTHER", "EMB-TL", "TNGO"),
            kind=valid(*ReferralKind.values),
            message=text(),
            consent_override_reason=text(),
        ),
    ),
    "referral-respond": (
        lambda world: f"/referrals/{world['referral'].public_id}/complete/",
        lambda world: form(note=text(), back=valid("case", "")),
    ),
    "case-search": (
        lambda world: "/cases/",
        lambda world: form(
            q=st.one_of(names, phones, st.just(world["case"].reference)),
            status=valid("", "open", *CaseStatus.values),
            urgency=valid("", *Urgency.values),
            nationality=valid("", *country_codes()),
            compound=valid("", world["compound"]),
            mine=valid("on", ""),
            page=st.one_of(st.integers(-2, 3).map(str), number_texts),
        ),
    ),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_form_never_answers_with_a_server_error(name, form_world):
    url_of, body_of = FORMS[name]
    url = url_of(form_world)

    @settings(max_examples=20, **SETTINGS)
    @given(body=body_of(form_world))
    def post(body):
        # The test client raises what the view raised: a server error fails here.
        response = rolled_back(lambda: form_world["client"].post(url, body))
        assert response.status_code < 500

    post()


@pytest.fixture
def alice_client(alice):
    return login(alice)


@settings(max_examples=20, **SETTINGS)
@given(
    body=form(
        organisation=st.just("?"),  # the organisation's id, set below
        username=text(160),
        display_name=text(160),
        email=st.one_of(st.emails(), text(60)),
        role=valid(*Role.values),
        password=text(40),
    )
)
def test_the_user_form_never_answers_with_a_server_error(alice_client, ngo, body):
    if body.get("organisation") == "?":
        body["organisation"] = str(ngo.public_id)
    response = rolled_back(lambda: alice_client.post("/users/new/", body))
    assert response.status_code < 500

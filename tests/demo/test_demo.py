"""`seri demo` and `seri createadmin`."""

import io
import random

import phonenumbers
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client

from seri.cases.models import Case, CaseStatus, Person, PersonName, StatusChange
from seri.demo.coalition import COALITION
from seri.demo.management.commands import demo as demo_command
from seri.demo.people import NATIONALITIES, synthetic_phone
from seri.demo.services import DEMO_ACCOUNTS, demo_create
from seri.intake.models import Report
from seri.orgs.management.commands.createadmin import Command as CreateAdmin
from seri.orgs.models import Membership, Organisation, Role, User
from seri.referrals.models import Referral, ReferralStatus

STRONG_PASSWORD = "mekong-ferry-lantern"


def _run(command: str, *args, **options) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = (Organisation, User, Membership, Person, PersonName, Case, StatusChange, Report)
    return {model.__name__: model.objects.count() for model in models} | {
        "Referral": Referral.objects.count()
    }


def _printed_logins(output: str) -> dict[str, tuple[str, str, str]]:
    """username -> (role, organisation, password), read from the printed table."""
    usernames = {account.username for account in DEMO_ACCOUNTS}
    logins = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.split("  ") if cell.strip()]
        if cells and cells[0] in usernames:
            logins[cells[0]] = (cells[1], cells[2], cells[-1])
    return logins


@pytest.fixture
def demo(db):
    return _run("demo", people=40)


# --- seri demo --------------------------------------------------------------------------------


def test_the_organisations_of_the_statement_and_the_partners_exist(demo):
    assert Organisation.objects.count() == len(COALITION) + 3 == 38
    licadho = Organisation.objects.get(short_name="LICADHO")
    assert licadho.name == "Cambodian League for the Promotion and Defense of Human Rights"
    assert Organisation.objects.get(short_name="IJM").name == "International Justice Mission"
    assert Organisation.objects.get(short_name="SUARAM").country == "MY"
    embassy = Organisation.objects.get(name="Embassy of the Socialist Republic of Viet Nam (demo)")
    assert (embassy.type, embassy.country) == ("EmbassyForeignGovernment", "VN")
    assert Organisation.objects.filter(type="LawEnforcement", name__endswith="(demo)").exists()
    assert Organisation.objects.filter(type="UNAgency", name__endswith="(demo)").exists()
    assert "LICADHO" in demo


def test_one_user_per_role_logs_in_with_the_printed_password(demo):
    logins = _printed_logins(demo)
    assert set(logins) == {account.username for account in DEMO_ACCOUNTS}
    main_roles = set(
        Membership.objects.filter(organisation__short_name="LICADHO").values_list("role", flat=True)
    )
    assert main_roles == set(Role.values) - {Role.PARTNER_LIAISON}
    assert Membership.objects.get(user__username="demo-embassy").role == Role.PARTNER_LIAISON
    assert Membership.objects.get(user__username="demo-ijm-caseworker").organisation.short_name == (
        "IJM"
    )
    for username, (_role, _org, password) in logins.items():
        assert Client().login(username=username, password=password), username
    assert "http://127.0.0.1:8000/" in demo


def test_cases_have_real_histories(demo):
    assert Case.objects.count() == Person.objects.count() == 40
    statuses = set(Case.objects.values_list("status", flat=True))
    assert len(statuses) >= 5
    assert statuses - {CaseStatus.REPORTED}
    for case in Case.objects.exclude(status=CaseStatus.REPORTED):
        changes = list(case.status_changes.all())
        assert changes[0].to_status == CaseStatus.REPORTED
        assert changes[-1].to_status == case.status
        assert all(change.display_reason for change in changes)
    assert Case.objects.filter(assigned_to__username="demo-caseworker").count() >= 15
    assert Report.objects.filter(language__in=["vi", "zh", "th", "km"]).exists()


def test_people_look_synthetic(demo):
    for person in Person.objects.prefetch_related("names", "phones"):
        assert person.display_name.endswith("(demo)")
        for phone in person.phones.all():
            assert phonenumbers.is_valid_number(phonenumbers.parse(phone.e164))
    assert PersonName.objects.filter(script__in=["Hani", "Thai", "Khmr"]).exists()


def test_referrals_exist_and_some_are_answered(demo):
    assert Referral.objects.filter(status=ReferralStatus.SENT).exists()
    assert Referral.objects.filter(
        status__in=[ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED],
        to_organisation__type="EmbassyForeignGovernment",
    ).exists()


def test_running_it_again_creates_nothing(demo):
    before = _counts()
    again = _run("demo", people=40)
    assert _counts() == before
    assert "already exists" in again
    assert set(_printed_logins(again)) == {account.username for account in DEMO_ACCOUNTS}


def test_a_database_with_other_organisations_is_left_alone(ngo):
    output = _run("demo", people=5)
    assert Organisation.objects.count() == 1
    assert not Case.objects.exists()
    assert "empty database" in output


class _RollBack(Exception):
    pass


def _demo_fingerprint(seed: int) -> tuple:
    """What the demo makes with this seed, rolled back afterwards."""
    try:
        with transaction.atomic():
            demo_create(people=30, seed=seed)
            fingerprint = (
                sorted(PersonName.objects.values_list("value", flat=True)),
                sorted(Case.objects.values_list("status", "urgency")),
                sorted(Referral.objects.values_list("to_organisation__short_name", "status")),
            )
            raise _RollBack
    except _RollBack:
        return fingerprint


def test_the_same_seed_gives_the_same_data(db):
    first = _demo_fingerprint(7)
    assert not Organisation.objects.exists()
    assert _demo_fingerprint(7) == first
    assert _demo_fingerprint(8) != first


def test_a_bad_number_of_people_is_refused(db):
    with pytest.raises(CommandError):
        _run("demo", people=-1)


def test_it_migrates_a_new_database(db, monkeypatch):
    calls = []
    monkeypatch.setattr(demo_command, "_unapplied_migrations", lambda: True)
    monkeypatch.setattr(demo_command, "call_command", lambda *a, **kw: calls.append((a, kw)))
    _run("demo", people=1)
    assert calls == [(("migrate",), {"interactive": False, "verbosity": 0})]


@pytest.mark.parametrize("nationality", NATIONALITIES, ids=lambda n: n.country)
def test_synthetic_phones_are_valid_and_distinct(nationality):
    rng, used = random.Random(1), set()
    numbers = [synthetic_phone(rng, nationality.country, used) for _ in range(30)]
    parsed = [phonenumbers.parse(n, nationality.country) for n in numbers]
    assert all(phonenumbers.is_valid_number(p) for p in parsed)
    assert len({phonenumbers.format_number(p, 0) for p in parsed}) == 30


# --- seri createadmin -------------------------------------------------------------------------


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "password"
    path.write_text(STRONG_PASSWORD + "\n", encoding="utf-8")
    return str(path)


def test_createadmin_creates_the_organisation_and_its_admin(db, password_file):
    output = _run(
        "createadmin",
        username="sokha",
        organisation_name="Test Shelter Kampot",
        short_name="TSK",
        country="KH",
        password_file=password_file,
    )
    organisation = Organisation.objects.get(short_name="TSK")
    membership = Membership.objects.get(user__username="sokha")
    assert (membership.organisation, membership.role) == (organisation, Role.ORG_ADMIN)
    assert Client().login(username="sokha", password=STRONG_PASSWORD)
    assert "sokha" in output and "TSK" in output


def test_createadmin_uses_an_existing_organisation_and_the_environment(ngo, settings):
    settings.SERI_ADMIN_PASSWORD = STRONG_PASSWORD  # SERI_ADMIN_PASSWORD, read by seri.settings
    _run("createadmin", username="sokha", short_name="tngo")
    assert Organisation.objects.count() == 1
    assert Membership.objects.get(user__username="sokha").organisation == ngo


def test_createadmin_refuses_a_taken_username(alice, password_file):
    with pytest.raises(CommandError) as exc:
        _run(
            "createadmin",
            username="Alice",
            organisation_name="Test Shelter Kampot",
            short_name="TSK",
            password_file=password_file,
        )
    assert str(exc.value) == "--username: A user with that username already exists."
    assert not Organisation.objects.filter(short_name="TSK").exists()  # nothing half-made


def test_createadmin_refuses_a_weak_password(db, settings):
    settings.SERI_ADMIN_PASSWORD = "12345"
    with pytest.raises(CommandError) as exc:
        _run("createadmin", username="sokha", organisation_name="Test", short_name="T")
    assert str(exc.value).startswith("password: ")
    assert not (Organisation.objects.exists() or User.objects.exists())


def test_createadmin_needs_to_know_the_organisation(db, password_file):
    with pytest.raises(CommandError, match="--organisation-name"):
        _run("createadmin", username="sokha", short_name="NEW", password_file=password_file)
    with pytest.raises(CommandError, match="--type"):
        _run(
            "createadmin",
            username="sokha",
            short_name="NEW",
            organisation_name="New",
            type="Club",
            password_file=password_file,
        )


def test_createadmin_prints_errors_without_a_traceback(alice, monkeypatch, settings, capsys):
    settings.SERI_ADMIN_PASSWORD = "12345"
    # run_from_argv closes the database connections when it ends; the test still needs its own.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        CreateAdmin().run_from_argv(
            ["seri", "createadmin", "--username", "alice", "--short-name", "TNGO"]
        )
    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert "Traceback" not in err
    assert "--username: A user with that username already exists." in err
    assert "password: This password is too short" in err

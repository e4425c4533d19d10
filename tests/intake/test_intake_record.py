import pytest
from django.core.exceptions import ValidationError

from seri.audit.models import AuditEvent
from seri.cases.models import Case, CaseStatus, Person, PersonName, StatusChange
from seri.cases.services import CaseInput, NameInput, PersonInput
from seri.intake.models import Report
from seri.intake.services import ReportInput, intake_record


def _inputs(**person):
    report = ReportInput(
        channel="hotline",
        reporter_relation="family",
        original_text="My brother Testperson Beta is held in a compound in Sihanoukville.",
    )
    person_data = PersonInput(
        names=[NameInput(value="Testperson Beta"), NameInput(value="测试人", kind="alias")],
        nationalities=["VN"],
        phones=["+84 91 234 5678"],
        gender="Masculine",
        age_estimate=24,
        **person,
    )
    return report, person_data, CaseInput(urgency="immediate")


def test_it_creates_report_person_and_case_together(bob, ngo):
    report, person, case = _inputs()
    new_case = intake_record(actor=bob, organisation=ngo, report=report, person=person, case=case)
    assert new_case.status == CaseStatus.REPORTED
    assert new_case.person.phones.get().e164 == "+84912345678"
    assert new_case.person.phones.get().original == "+84 91 234 5678"
    assert {n.script for n in new_case.person.names.all()} == {"Latn", "Hani"}
    assert new_case.reports.get().original_text == report.original_text
    assert StatusChange.objects.filter(case=new_case, to_status="reported").exists()
    assert AuditEvent.objects.filter(object_type="case", object_id=str(new_case.public_id)).exists()


def test_bad_input_reports_every_field_and_writes_nothing(bob, ngo):
    report, person, case = _inputs()
    person.phones = ["12"]
    person.nationalities = ["XX"]
    case.urgency = "whenever"
    with pytest.raises(ValidationError) as exc:
        intake_record(actor=bob, organisation=ngo, report=report, person=person, case=case)
    assert {"phones", "nationalities", "urgency"} <= set(exc.value.message_dict)
    assert not (Person.objects.exists() or Case.objects.exists() or Report.objects.exists())


def test_a_failure_in_the_last_step_leaves_nothing(bob, ngo, monkeypatch):
    import seri.intake.services.reports as intake

    def broken_report_create(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(intake, "report_create", broken_report_create)
    report, person, case = _inputs()
    with pytest.raises(RuntimeError):
        intake_record(actor=bob, organisation=ngo, report=report, person=person, case=case)
    assert not (Person.objects.exists() or PersonName.objects.exists() or Case.objects.exists())


def test_a_viewer_cannot_record(vera, ngo):
    report, person, case = _inputs()
    with pytest.raises(PermissionError):
        intake_record(actor=vera, organisation=ngo, report=report, person=person, case=case)

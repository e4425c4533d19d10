"""Reports not yet on a case are scoped by seri/intake/permissions.py, not by the case scope.
These tests prove the two agree for every role: a user may triage (and record, import) the
reports of an organisation exactly when `case_access` lets them edit that organisation's
cases, and reports on cases are seen exactly as `cases_visible_to` sees the cases."""

import pytest

from seri.cases.scoping import case_access, cases_visible_to
from seri.intake.models import Channel, Report
from seri.intake.permissions import may_record_reports, may_triage
from seri.intake.selectors import reports_visible_to, triage_reports
from seri.orgs.models import Role
from seri.referrals.models import Referral, ReferralStatus
from tests.factories import CaseFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _report(organisation, case=None):
    return Report.objects.create(
        organisation=organisation,
        case=case,
        channel=Channel.HOTLINE,
        reporter_relation="family",
        original_text="Synthetic account for a scope test",
    )


@pytest.fixture
def world(db):
    own, partner, stranger = (OrganisationFactory() for _ in range(3))
    cases = {org: CaseFactory(organisation=org) for org in (own, partner, stranger)}
    sender = UserFactory(membership=(partner, Role.CASEWORKER))
    # A case of the partner, referred to `own` and accepted there: seen, not edited, by `own`.
    Referral.objects.create(
        case=cases[partner],
        from_organisation=partner,
        to_organisation=own,
        status=ReferralStatus.ACCEPTED,
        sent_by=sender,
    )
    reports = []
    for org, case in cases.items():
        reports += [_report(org), _report(org, case)]
    return own, cases, reports


@pytest.mark.parametrize("role", [*Role.values, None])
def test_triage_scope_equals_the_case_scope_write_rule(world, role):
    own, cases, reports = world
    user = UserFactory(membership=(own, role) if role else None)
    triaged = set(triage_reports(user))
    for report in reports:
        owner_case = cases[report.organisation]
        may_edit = case_access(user, owner_case).can_edit and owner_case.organisation == (
            report.organisation
        )
        assert (report in triaged) == may_edit, (role, report.organisation)
        assert may_triage(user, report.organisation_id) == may_edit
        assert may_record_reports(user, report.organisation) == may_edit


@pytest.mark.parametrize("role", [*Role.values, None])
def test_reports_on_cases_are_seen_as_their_cases(world, role):
    own, _cases, reports = world
    user = UserFactory(membership=(own, role) if role else None)
    visible_cases = set(cases_visible_to(user))
    seen = set(reports_visible_to(user))
    for report in reports:
        assert (report in seen) == (report.case is not None and report.case in visible_cases)

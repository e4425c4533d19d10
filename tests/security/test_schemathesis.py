"""The API against its own OpenAPI schema (schemathesis): whatever a client sends, the API
never answers with a server error, and what it answers has the documented shape.

Requests go to the Django WSGI application in process, as bob with an API token. Path
identifiers are those of records bob may see, so that bodies reach the services rather than
stopping at a 404; each request's writes are rolled back, so that every example starts from
the same records and a failure replays the same way.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import given, settings
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from seri.cases.models import ConsentKind
from seri.cases.services import consent_record, task_create
from seri.compounds.services import ActorInput, CompoundInput, actor_create, compound_create
from seri.evidence.services import EvidenceInput, SourceInput, evidence_receive, source_create
from seri.intake.services import ReportInput, report_create
from seri.orgs.services.tokens import api_token_create
from seri.referrals.services import referral_send

EXAMPLES = 12  # per operation and mode


@pytest.fixture
def api_schema(db):
    # As Django's test client does: a request must not close the database connection, which
    # holds the test's transaction (on PostgreSQL it would).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def bobs_token(bob):
    return api_token_create(actor=bob, via="test").key


@pytest.fixture
def bobs_records(bob, bobs_case, embassy, other_ngo):
    """Identifiers of records bob may see, by the path segment that names their kind."""
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    referral = referral_send(actor=bob, case=bobs_case, to_organisation=embassy)
    task = task_create(actor=bob, case=bobs_case, title="Call the family back")
    report = report_create(
        actor=bob,
        organisation=bobs_case.organisation,
        case=bobs_case,
        data=ReportInput(channel="hotline", reporter_relation="self", original_text="Held."),
    )
    return {
        "cases": bobs_case.reference,
        "people": str(bobs_case.person.public_id),
        "referrals": str(referral.public_id),
        "tasks": str(task.public_id),
        "reports": str(report.public_id),
        **_registry_records(bobs_case),
    }


def _registry_records(case) -> dict[str, str]:
    """A compound, a source, a file on bob's case and an actor (bob, a caseworker, is refused
    actors: the API must answer that with a documented 403, not a server error)."""
    compound = compound_create(actor=None, data=CompoundInput(name="Schema Demo Compound"))
    source = source_create(
        actor=None,
        data=SourceInput(kind="media", title="Schema demo"),
        organisation=case.organisation,
    )
    evidence = evidence_receive(
        actor=None,
        data=EvidenceInput(organisation=case.organisation, file=b"%PDF-1.4\n", case=case),
    )
    actor = actor_create(actor=None, data=ActorInput(kind="company", name="Schema Demo Co"))
    return {
        "compounds": str(compound.public_id),
        "sources": str(source.public_id),
        "evidence": str(evidence.public_id),
        "actors": str(actor.public_id),
    }


# Bodies name records by reference or short name, and generated ones name nothing that exists:
# they would all stop at "no such case". Valid bodies name records that do, so that they get as
# far as the services.
REAL_RECORDS = {
    "case": lambda records: records["cases"],
    "organisation": lambda records: "TNGO",
    "to_organisation": lambda records: "OTHER",
    "assigned_to": lambda records: "bob",
    "compound": lambda records: None,
}


def _point_at_real_records(body, records) -> None:
    if isinstance(body, dict):
        for name, value in REAL_RECORDS.items():
            if body.get(name) is not None:
                body[name] = value(records)


def _operations():
    """Each operation, with valid data and with data the schema forbids. Listed when the tests
    are collected, so that each is a test of its own; the test then loads the schema the
    application serves. An operation whose only input is its path has no invalid data to send:
    its path names a record bob may see."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            label = f"{method.upper()} {path}"
            yield pytest.param(method.upper(), path, GenerationMode.POSITIVE, id=label)
            if "requestBody" in operation or any(
                parameter["in"] != "path" for parameter in operation.get("parameters", [])
            ):
                yield pytest.param(
                    method.upper(), path, GenerationMode.NEGATIVE, id=f"{label} (invalid)"
                )


@pytest.mark.parametrize(("method", "path", "mode"), list(_operations()))
def test_the_api_keeps_to_its_schema(api_schema, method, path, mode, bobs_token, bobs_records):
    operation = api_schema[path][method]
    kind = path.strip("/").split("/")[1]  # /api/<kind>/…
    strategy = operation.as_strategy(
        mode,
        path_parameters={
            parameter.name: bobs_records[kind] for parameter in operation.path_parameters
        },
    )

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
    def check(case):
        if mode == GenerationMode.POSITIVE:
            _point_at_real_records(case.body, bobs_records)
        with transaction.atomic():
            try:
                case.call_and_validate(
                    headers={"Authorization": f"Token {bobs_token}"},
                    checks=[not_a_server_error, response_schema_conformance],
                )
            finally:
                transaction.set_rollback(True)

    check()


def test_a_report_from_long_ago_is_refused(bob, bobs_case):
    """Found by the test above: a report "received" in 1890 was accepted and answered with
    Phnom Penh's local mean time offset ("+06:59:40"), which is no RFC 3339 time."""
    client = APIClient()
    client.force_authenticate(user=bob)
    response = client.post(
        "/api/reports/",
        {
            "case": bobs_case.reference,
            "channel": "hotline",
            "reporter_relation": "family",
            "original_text": "An old letter.",
            "received_at": "1890-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "received_at" in response.json()

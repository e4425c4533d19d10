import datetime as dt
import random

import pytest
from django.core.cache import cache
from django.utils import timezone

from seri.cases.models import Case, Nationality, Person, StatusChange
from seri.compounds.models import Compound
from tests.factories import Role, UserFactory


@pytest.fixture(autouse=True)
def _fresh_figures(request):
    """The dashboard keeps figures for two minutes: each test starts without them. (The cache
    is a database table: tests without the database, such as the estimate's, have no figures.)"""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        yield
        return
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(ngo):
    return UserFactory(username="cora", membership=(ngo, Role.COORDINATOR))


def make_cases(organisation, n, *, seed=1, author=None, nationalities=("CN", "VN", "ID", "TH")):
    """n synthetic cases with varied quasi-identifiers, created in bulk (no names)."""
    rng = random.Random(seed)
    compounds = [
        Compound.objects.get_or_create(name=f"Test Compound {p}", province=p)[0]
        for p in ("Preah Sihanouk", "Phnom Penh", "Pursat")
    ]
    people = Person.objects.bulk_create(
        [
            Person(
                organisation=organisation,
                gender=rng.choice(["Feminine", "Masculine", "NonSpecifiedUnknown"]),
                age_estimate=rng.randint(15, 60),
            )
            for _ in range(n)
        ]
    )
    Nationality.objects.bulk_create(
        [Nationality(person=p, country=rng.choice(nationalities)) for p in people]
    )
    start = timezone.make_aware(dt.datetime(2022, 1, 1))
    cases = Case.objects.bulk_create(
        [
            Case(
                organisation=organisation,
                person=p,
                compound=rng.choice(compounds),
                status=rng.choice(["reported", "verifying", "released"]),
                recruitment_methods=rng.sample(
                    [
                        "ThroughOnlineSocialNetworks",
                        "ThroughAnOnlineAdvertisement",
                        "ThroughFriendsOrSocialEvents",
                    ],
                    1,
                ),
                recruitment_platforms=rng.sample(["Facebook", "Telegram"], 1),
                exploitation_types=["ForcedLabour"],
                control_methods=rng.sample(["DebtBondage", "WithholdsDocuments"], 1),
                created_at=start + dt.timedelta(days=rng.randint(0, 900)),
            )
            for p in people
        ]
    )
    if author is not None:
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    case=c,
                    from_status="verifying",
                    to_status="released",
                    reason="Synthetic.",
                    changed_by=author,
                    changed_at=c.created_at + dt.timedelta(days=rng.randint(1, 200)),
                )
                for c in cases
                if c.status == "released"
            ]
        )
    return cases

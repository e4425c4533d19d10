"""The referral a transfer leaves behind, so that the former owner keeps access, says "Access
kept after transfer" in the reader's language (issue 19, item 6): stored without the sentence;
older rows that hold it in a site language are turned by the migration, typed messages stay."""

import importlib

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from seri.cases.models import ConsentKind
from seri.cases.services import consent_record
from seri.referrals.models import Referral, ReferralKind, ReferralStatus
from seri.referrals.services import referral_accept, referral_send
from tests.conftest import login
from tests.factories import UserFactory

KEPT = "Access kept after transfer"


def _in(language: str) -> str:
    with translation.override(language):
        return translation.gettext(KEPT)


def test_access_kept_after_a_transfer_is_read_in_the_readers_language(
    bob, bobs_case, other_ngo, charlie, ngo
):
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    with translation.override("en"):  # the writers work in English
        transfer = referral_send(
            actor=bob, case=bobs_case, to_organisation=other_ngo, kind=ReferralKind.TRANSFER
        )
        referral_accept(actor=charlie, referral=transfer)
    kept = Referral.objects.get(to_organisation=ngo)
    assert (kept.message, kept.kept_after_transfer) == ("", True)
    for language in ("km", "zh-hans"):
        reader = UserFactory(username=f"reader-{language}", membership=(ngo, "caseworker"))
        client = login(reader)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(reverse("referral-inbox"))
        assert page.status_code == 200
        assert _in(language) != KEPT
        assert escape(_in(language)) in page.text
        assert KEPT not in page.text


def test_the_migration_turns_the_written_sentence_and_keeps_typed_messages(bob, bobs_case, embassy):
    rows = [
        Referral.objects.create(
            case=bobs_case,
            from_organisation=bobs_case.organisation,
            to_organisation=embassy,
            status=ReferralStatus.ACCEPTED,
            message=message,
            sent_by=bob,
        )
        for message in (_in("zh-hans"), KEPT, "Please call the family (typed)")
    ]
    migration = importlib.import_module(
        "seri.referrals.migrations.0005_access_kept_in_readers_language"
    )
    migration.forget_the_written_sentence(apps, None)
    after = [Referral.objects.get(pk=row.pk) for row in rows]
    assert [(a.message, a.kept_after_transfer) for a in after] == [
        ("", True),
        ("", True),
        ("Please call the family (typed)", False),
    ]
    with translation.override("km"):
        assert after[0].display_message == _in("km")

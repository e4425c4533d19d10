"""Referral entries of the timeline are stored as an event code with parameters and rendered
in the reader's language; the free text that goes with them stays as written."""

import pytest

from seri.cases.models import ConsentKind, TimelineEntry
from seri.cases.services import consent_record
from seri.referrals import services, timeline


@pytest.fixture
def referral(bob, embassy, bobs_case):
    consent_record(
        actor=bob,
        case=bobs_case,
        kind=ConsentKind.SHARE_WITH_PARTNERS,
        given=True,
        given_by="the person (synthetic)",
    )
    return services.referral_send(actor=bob, case=bobs_case, to_organisation=embassy)


def test_referral_entries_are_event_codes_rendered_when_read(emma, referral):
    services.referral_decline(actor=emma, referral=referral, note="No capacity (synthetic)")
    sent, declined = TimelineEntry.objects.filter(kind="referral").order_by("id")
    assert (sent.event, sent.params, sent.text) == (timeline.REFERRED, {"org": "EMB-TL"}, "")
    assert declined.event == timeline.DECLINED
    assert declined.text == "No capacity (synthetic)"  # only the partner's own words
    assert sent.display_text == "Referred to EMB-TL"
    assert declined.display_text == "EMB-TL declined the referral: No capacity (synthetic)"


def test_older_entries_and_notes_show_their_text(bob, bobs_case):
    entry = TimelineEntry.objects.create(
        case=bobs_case,
        kind="referral",
        text="Referred to X",
        author=bob,
        organisation=bobs_case.organisation,
    )
    assert entry.display_text == "Referred to X"


def test_an_unknown_event_falls_back_to_the_text(bob, bobs_case):
    entry = TimelineEntry(
        case=bobs_case, kind="referral", text="kept", event="nobody.knows", params={"a": "b"}
    )
    assert entry.display_text == "kept"

"""Notice e-mails in their recipient's language (the one they last logged in with), whatever
the language of the person whose action caused them; received by a real SMTP server."""

import email
import email.policy

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from seri.audit.models import AuditEvent
from seri.cases.models import ConsentKind
from seri.cases.services import consent_record
from seri.notifications import services
from seri.referrals import services as referrals
from tests.factories import PASSWORD

SUBJECTS = {
    "km": "Seri៖ ព័ត៌មានថ្មីលើករណី {}",
    "zh-hans": "Seri\N{FULLWIDTH COLON}个案 {} 有新动态",
    "en": "Seri: news on case {}",
}


@pytest.fixture
def referral(bob, embassy, bobs_case):
    consent_record(
        actor=bob,
        case=bobs_case,
        kind=ConsentKind.SHARE_WITH_PARTNERS,
        given=True,
        given_by="the person (synthetic)",
    )
    return referrals.referral_send(actor=bob, case=bobs_case, to_organisation=embassy)


@pytest.mark.parametrize("language", ["km", "zh-hans", ""])
def test_the_email_is_in_the_recipients_language(
    bob, emma, referral, smtp_server, django_capture_on_commit_callbacks, language
):
    bob.email, bob.language = "bob@test.invalid", language
    bob.save(update_fields=["email", "language"])
    # the partner works in English (or any other language): the mail is in bob's
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        referrals.referral_accept(actor=emma, referral=referral)
    [(_sender, _recipients, content)] = smtp_server.wait_for(1)
    message = email.message_from_string(content, policy=email.policy.default)
    reference = referral.case.reference
    assert message["Subject"].strip() == SUBJECTS[language or settings.LANGUAGE_CODE].format(
        reference
    )
    assert f"https://seri.test.invalid/cases/{reference}/" in message.get_content()


def _log_in(user, language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    user.refresh_from_db()
    return user.language


def test_the_language_a_user_logs_in_with_is_remembered_and_audited(bob):
    assert bob.language == ""
    assert _log_in(bob, "en") == ""  # the site's language: nothing to remember
    assert _log_in(bob, "km") == "km"
    assert _log_in(bob, "zh-hans") == "zh-hans"
    rows = AuditEvent.objects.filter(actor=bob, detail__fields=["language"])
    assert rows.count() == 2
    assert services.recipient_language(bob) == "zh-hans"


def test_switching_language_is_remembered_for_a_logged_in_user(bob, client_for):
    client = client_for(bob)
    answer = client.post(reverse("set_language"), {"language": "km", "next": "/"})
    assert answer.status_code == 302 and answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "km"
    bob.refresh_from_db()
    assert bob.language == "km"
    # anyone may still switch (the public form): nothing to remember
    assert Client().post(reverse("set_language"), {"language": "zh-hans"}).status_code == 302


def test_only_the_user_sets_their_language_and_only_to_a_site_language(bob):
    with pytest.raises(PermissionError):
        services.notification_language_remember(actor=None, language="km")
    assert not services.notification_language_remember(actor=bob, language="xx")
    bob.refresh_from_db()
    assert bob.language == ""

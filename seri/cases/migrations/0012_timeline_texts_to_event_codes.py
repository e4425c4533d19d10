"""Timeline entries written as rendered text (in their writer's language) become event codes
with parameters where the text can be recognised, so they are read in the reader's language
(seri.cases.timeline_events). A text is recognised against each site language's translation
of the sentence it was made from; what is not recognised stays as written and is shown
verbatim. The free text of an entry (a reason, a task's title, an assignee's name, a
partner's note) stays in the encrypted `text`.

A frozen copy of the sentences and vocabularies as they were written: migrations never import
app code. The gettext calls take variables, so makemessages does not collect these again."""

import re

from django.conf import settings
from django.db import migrations
from django.utils import translation

CASE_STATUS = {
    "reported": "Reported",
    "verifying": "Verifying",
    "confirmed": "Confirmed in compound",
    "referred": "Referred",
    "released": "Released / rescued",
    "in_support": "In shelter or support",
    "repatriated": "Repatriated",
    "closed": "Closed",
    "not_victim": "Not a victim",
    "duplicate": "Duplicate",
    "lost_contact": "Lost contact",
}
CONSENT_KIND = {"share": "Share with partners", "tracing": "Tracing", "data_use": "Use of data"}
REPORT_CHANNEL = {
    "hotline": "Hotline",
    "web_form": "Web form",
    "telegram": "Telegram",
    "whatsapp": "WhatsApp",
    "email": "Email",
    "partner": "Partner organisation",
    "in_person": "In person",
    "odk": "KoboToolbox / ODK form",
    "spreadsheet": "Partner spreadsheet",
}
CHANNEL_KIND = {
    "telegram": "Telegram",
    "whatsapp": "WhatsApp",
    "messenger": "Messenger",
    "line": "LINE",
    "viber": "Viber",
    "sms": "SMS gateway",
    "rapidpro": "RapidPro / TextIt",
    "email": "E-mail",
}
ORG = r"[^\n]{1,40}?"  # an organisation's short name (at most 40 characters)
NOTE = r"(?:: (?P<text>.*))?"  # a partner's note after the sentence, if any

# (entry kind, event code, sentence as written, {parameter: vocabulary, regex or "text"},
# tail regex). A positional `%s` stands for the one parameter. "text" is the entry's text.
RULES = [
    ("report", "report.received", "Report received via %s", {"channel": REPORT_CHANNEL}, ""),
    (
        "report",
        "channel.same_sender_message",
        "New message from the same sender on the channel %(name)s (%(kind)s)",
        {"name": r"[^\n]{1,60}", "kind": CHANNEL_KIND},
        "",
    ),
    ("assignment", "case.unassigned", "Unassigned", {}, ""),
    ("assignment", "case.assigned", "Assigned to %s", {"text": "text"}, ""),
    ("consent", "consent.given", "Consent given: %s", {"kind": CONSENT_KIND}, ""),
    ("consent", "consent.refused", "Consent refused: %s", {"kind": CONSENT_KIND}, ""),
    ("task", "task.added", "Task added: %s", {"text": "text"}, ""),
    ("task", "task.done", "Task done: %s", {"text": "text"}, ""),
    # written with an f-string: only the statuses were translated
    (
        "status",
        "case.status_changed",
        "%(from)s → %(to)s: %(text)s",
        {"from": CASE_STATUS, "to": CASE_STATUS, "text": "text"},
        "",
    ),
    # the referral sentences before referral entries had codes
    ("referral", "referral.sent", "Referred to %s", {"org": ORG}, ""),
    ("referral", "referral.transfer_proposed", "Transfer proposed to %s", {"org": ORG}, ""),
    ("referral", "referral.accepted", "%s accepted the referral", {"org": ORG}, NOTE),
    (
        "referral",
        "referral.transfer_accepted",
        "%s accepted the transfer and now owns the case",
        {"org": ORG},
        NOTE,
    ),
    ("referral", "referral.declined", "%s declined the referral", {"org": ORG}, NOTE),
    ("referral", "referral.completed", "%s completed the referral", {"org": ORG}, NOTE),
    (
        "referral",
        "referral.revoked",
        "Referral to %(org)s revoked: %(text)s",
        {"org": ORG, "text": "text"},
        "",
    ),
]
# "Referred to X (without consent: reason)": the reason becomes the text
WITHOUT_CONSENT = {
    "referral.sent": "referral.sent_without_consent",
    "referral.transfer_proposed": "referral.transfer_proposed_without_consent",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%s")


def _group(name, spec, labels):
    if spec == "text":
        return "(?P<text>.*)"
    if isinstance(spec, dict):
        alternatives = sorted(labels[name], key=len, reverse=True)
        return f"(?P<{name}>{'|'.join(map(re.escape, alternatives))})"
    return f"(?P<{name}>{spec})"


def _regex(sentence, specs, labels):
    """The sentence as a regular expression; `%s` stands for its one parameter."""
    parts, at = [], 0
    for match in PLACEHOLDER.finditer(sentence):
        parts.append(re.escape(sentence[at : match.start()]))
        name = match.group(1) or next(iter(specs))
        parts.append(_group(name, specs[name], labels))
        at = match.end()
    parts.append(re.escape(sentence[at:]))
    return "".join(parts)


def _rules_in(language):
    """The rules with the sentences and vocabulary labels as written in this language, and
    the "(without consent: …)" suffix of a referral's sentence."""
    gettext = translation.gettext
    with translation.override(language):
        compiled = []
        for kind, code, msgid, specs, tail in RULES:
            labels = {
                name: {gettext(label): value for value, label in spec.items()}
                for name, spec in specs.items()
                if isinstance(spec, dict)
            }
            pattern = re.compile(f"^{_regex(gettext(msgid), specs, labels)}{tail}$", re.DOTALL)
            compiled.append((kind, code, pattern, specs, labels))
        suffix = _regex(gettext("(without consent: %s)"), {"text": "text"}, {})
    return compiled, re.compile(f"^(?P<head>.*?) {suffix}$", re.DOTALL)


def _params(match, specs, labels):
    return {
        name: labels[name][match.group(name)] if name in labels else match.group(name)
        for name, spec in specs.items()
        if spec != "text"
    }


def recognise(entry_kind, text, rules):
    """(code, params, text) for a text one of the rules recognises, else None."""
    compiled, without_consent = rules
    candidates = [(text, "")]
    match = entry_kind == "referral" and without_consent.match(text)
    if match:
        candidates.insert(0, (match.group("head"), match.group("text")))
    for candidate, reason in candidates:
        for kind, code, pattern, specs, labels in compiled:
            match = kind == entry_kind and pattern.match(candidate)
            if not match or (reason and code not in WITHOUT_CONSENT):
                continue
            rest = match.groupdict().get("text") or ""
            return (
                WITHOUT_CONSENT[code] if reason else code,
                _params(match, specs, labels),
                (reason or rest),
            )
    return None


def codes_from_texts(apps, schema_editor):
    TimelineEntry = apps.get_model("cases", "TimelineEntry")
    languages = ["en"] + [code for code, _name in settings.LANGUAGES if code != "en"]
    rules = [_rules_in(language) for language in languages]
    kinds = {rule[0] for rule in RULES}
    changed = []
    entries = TimelineEntry.objects.filter(event="", kind__in=kinds).only("kind", "text")
    for entry in entries.iterator(chunk_size=500):
        for language_rules in rules:
            found = recognise(entry.kind, entry.text, language_rules)
            if found:
                entry.event, entry.params, entry.text = found
                changed.append(entry)
                break
        if len(changed) >= 500:
            TimelineEntry.objects.bulk_update(changed, ["event", "params", "text"])
            changed = []
    if changed:
        TimelineEntry.objects.bulk_update(changed, ["event", "params", "text"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_timeline_event_codes"),
    ]

    operations = [
        migrations.RunPython(codes_from_texts, migrations.RunPython.noop),
    ]

"""What every importer shares: the shape of an imported item, the summary, and the writer that
stores chat messages as reports once and only once (docs/decisions/0019-import-idempotency.md).

An importer first reads and checks the whole export; if anything is wrong it raises
`ImportRefused` naming the file, line or message and field, and nothing is written. Then
`store_messages` groups the new messages into reports and hands them to the one bulk report
writer (seri/intake/services/bulk.py), which writes whole reports per transaction. Running the
import again adds only what is missing: every message carries a key (chat + message id, …)
and keys already stored are skipped.
"""

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.core.vocabularies import language_codes
from seri.intake.reading import detect_language

Progress = Callable[[int, int], None]


# What an import stores about a skip, to show it later in the reader's language: where, as a
# list of parts [code, value] ("result.json", chat 2, message id 7), and why, as [code, value].
# A value is what the template's `%` takes: nothing, one value, or a dict of named ones.
# Run accountings stored before hold the sentences ("where", "message"): shown as written.
TEXTS: dict[str, str | Promise] = {
    "empty_line": gettext_lazy("empty line"),
    "empty_message": gettext_lazy("empty message"),
    "service_entry": gettext_lazy("service entry: %s"),
    "continuation": gettext_lazy("part of the skipped line %d"),
    "channel": gettext_lazy(
        "the channel “%(name)s” and its %(count)d entries (not a conversation; "
        "import it with --include-channels)"
    ),
    "line": gettext_lazy("%(file)s, line %(line)d"),
    "chat": gettext_lazy("chat %d"),
    "message": gettext_lazy("message %d"),
    "message_id": gettext_lazy("message id %s"),
    # Places of problems (ImportRun.problems), besides "file", "line", "chat" and "message".
    "position": gettext_lazy("line %(line)d, column %(column)d"),
    "field": gettext_lazy("“%s”"),
    "cell": gettext_lazy("%(file)s, row %(row)d, column %(column)s “%(heading)s”"),
    "upload": gettext_lazy("upload"),
    "mapping": gettext_lazy("mapping"),
    # Why an import was refused, or what it warns of: stored as these codes and their values,
    # shown in the reader's language (older runs stored the sentences: shown as written).
    "no_such_file": gettext_lazy("no such file"),
    "not_text": gettext_lazy("not a text file in UTF-8 or UTF-16"),
    "not_in_export": gettext_lazy("%s is not in the export"),
    "unknown_kind": gettext_lazy("unknown kind of import: %s"),
    "upload_gone": gettext_lazy("the uploaded file is no longer there"),
    "stopped": gettext_lazy("the import stopped on an error"),
    "unknown_fields": gettext_lazy("unknown fields: %s"),
}


def register_texts(texts: dict[str, str | Promise]) -> None:
    """More codes, from an importer (WhatsApp's notices)."""
    TEXTS.update(texts)


def said(code: str, value: object = None) -> str:
    """One coded part in the active language; a code not (or no longer) known: its value."""
    if code == "file":
        return str(value)
    template = TEXTS.get(code)
    if template is None:
        return "" if value is None else str(value)
    try:
        return str(template) if value is None else str(template) % value
    except (KeyError, TypeError, ValueError):
        return str(template)


def _part(part: list | tuple) -> str:
    code, value = [*part, None][:2]
    return said(str(code), value)


@dataclass(frozen=True)
class Problem:
    where: str  # "result.json, line 3, column 7", "row 4, column “Age”", …
    message: str
    # The same as codes, when the importer gives them (skips): what the run stores.
    place: tuple = ()
    reason: tuple = ()

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    @classmethod
    def of(cls, place: list, code: str, value: object = None) -> "Problem":
        """A problem as a code (TEXTS) and the value its text takes, at a place given as
        coded parts: what ImportRun.problems stores, rendered in the reader's language."""
        return cls.coded(place, [code] if value is None else [code, value])

    @classmethod
    def coded(cls, place: list, reason: list) -> "Problem":
        """A skip: where (parts [code, value]) and why ([code, value]), rendered now for the
        command line and stored as codes for the page."""
        return cls(
            ", ".join(_part(p) for p in place),
            _part(reason),
            place=tuple(tuple(p) for p in place),
            reason=tuple(reason),
        )

    def as_dict(self) -> dict:
        if self.reason:
            return {"place": [list(p) for p in self.place], "reason": list(self.reason)}
        return {"where": self.where, "message": self.message}


def problem_shown(stored: dict) -> dict:
    """A stored skip, in the active language: its codes rendered; older ones as written."""
    if "reason" not in stored:
        return stored
    return {
        "where": ", ".join(_part(p) for p in stored.get("place", [])),
        "message": _part(stored["reason"]),
    }


class ImportRefused(Exception):
    """The input cannot be imported; nothing was written. Every problem found is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportSummary:
    read: int = 0  # items found in the input (chat messages, rows)
    created: int = 0  # items stored now
    reports: int = 0  # reports they were stored in
    already_present: int = 0  # items stored by an earlier import
    skipped: int = 0  # lines or entries left out: notices, service entries, empty lines
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Chat exports account for every line (WhatsApp) or entry (Telegram):
    # read + continuations + skipped == entries.
    entries: int = 0
    unit: str = "lines"  # "lines" or "entries"
    continuations: int = 0  # lines that continue the message above them
    attachments: int = 0  # files found beside the messages
    skips: list[Problem] = field(default_factory=list)  # each skip, where and why
    kinds: dict[str, int] = field(default_factory=dict)  # messages that are not plain text

    @property
    def balanced(self) -> bool:
        return self.read + self.continuations + self.skipped == self.entries

    def accounting(self) -> dict:
        """What the stored import run keeps (ImportRun.accounting)."""
        return {
            "entries": self.entries,
            "unit": self.unit,
            "read": self.read,
            "continuations": self.continuations,
            "skipped": self.skipped,
            "attachments": self.attachments,
            "kinds": self.kinds,
            "skips": [p.as_dict() for p in self.skips[:MAX_STORED_SKIPS]],
            "skips_not_stored": max(0, len(self.skips) - MAX_STORED_SKIPS),
        }

    def lines(self) -> list[str]:
        out = []
        if self.entries:
            values = {
                "entries": self.entries,
                "read": self.read,
                "continuations": self.continuations,
                "skipped": self.skipped,
            }
            if self.unit == "lines":
                out.append(
                    _(
                        "Lines: %(entries)d = %(read)d messages + %(continuations)d "
                        "continuation lines + %(skipped)d skipped"
                    )
                    % values
                )
            else:
                out.append(
                    _("Entries: %(entries)d = %(read)d messages + %(skipped)d skipped") % values
                )
        out += [
            _("Read: %d") % self.read,
            _("Created: %(items)d (in %(reports)d reports)")
            % {"items": self.created, "reports": self.reports},
            _("Already present: %d") % self.already_present,
        ]
        if self.attachments:
            out.append(_("Files found in the export: %d") % self.attachments)
        if self.skipped:
            out.append(_("Skipped: %d") % self.skipped)
            out += [f"  {p}" for p in self.skips]
        out.append(_("Rejected: %d") % len(self.rejected))
        out += [f"  {p}" for p in self.rejected]
        out += [_("Warning: %s") % p for p in self.warnings]
        return out


MAX_STORED_SKIPS = 2000


@dataclass
class Attachment:
    name: str  # as the export names it
    open: Callable[[], BinaryIO] | None  # None: the export does not include the file
    content_type: str = ""
    kind: str = "file"  # photo, video, voice, file
    placeholder: bool = False  # the export says only that something was sent ("<Media omitted>")

    @classmethod
    def from_path(cls, name: str, path: Path | None, *, kind: str = "file", content_type=""):
        opener = (lambda: path.open("rb")) if path is not None and path.is_file() else None
        return cls(
            name=name,
            open=opener,
            content_type=content_type or mimetypes.guess_type(name)[0] or "",
            kind=kind,
        )


@dataclass
class Message:
    key: str  # the natural key in its source, e.g. "telegram:chat:123:message:45"
    sent_at: dt.datetime
    sender: str
    sender_id: str
    text: str
    attachments: list[Attachment] = field(default_factory=list)
    where: str = ""
    place: list = field(default_factory=list)  # `where` as coded parts (see TEXTS)


def chat_summary(messages: list[Message], accounting: ImportSummary) -> ImportSummary:
    """The summary a chat import starts from: the reader's accounting of the export, and a
    warning for every attachment the export names but does not hold."""
    summary = accounting
    summary.read = len(messages)
    summary.attachments = sum(1 for m in messages for a in m.attachments if a.open is not None)
    summary.warnings += [
        Problem.of(m.place or [["file", m.where]], "not_in_export", a.name)
        for m in messages
        for a in m.attachments
        if a.open is None and not a.placeholder
    ]
    return summary


def hashed_key(natural_key: str) -> str:
    return hashlib.sha256(natural_key.encode("utf-8")).hexdigest()


def existing_keys(organisation, source: str, keys: Iterable[str]) -> set[str]:
    from seri.intake.selectors import source_keys_present

    return source_keys_present(organisation, source, keys)


def group_messages(
    messages: list[Message],
    present: set[str],
    *,
    gap: dt.timedelta = dt.timedelta(minutes=30),
    limit: int = 50,
) -> Iterator[list[Message]]:
    """Consecutive new messages from one sender, no more than `gap` apart, make one report.
    Messages already stored break a group, so that a re-run after a kill groups the rest as
    the first run would have."""
    group: list[Message] = []
    for message in messages:
        if hashed_key(message.key) in present:
            if group:
                yield group
            group = []
            continue
        if group and (
            message.sender_id != group[-1].sender_id
            or message.sent_at - group[-1].sent_at > gap
            or len(group) >= limit
        ):
            yield group
            group = []
        group.append(message)
    if group:
        yield group


def _line(message: Message) -> str:
    when = timezone.localtime(message.sent_at).strftime("%Y-%m-%d %H:%M %z")
    text = message.text
    for attachment in message.attachments:
        marker = f"[{attachment.kind}: {attachment.name}]"
        if attachment.open is None:
            marker = f"[{attachment.kind}: {attachment.name} — " + _("not in the export") + "]"
        text = f"{text}\n{marker}" if text else marker
    return f"[{when}] {message.sender}: {text}"


def store_messages(
    *,
    actor,
    organisation,
    source: str,
    channel: str,
    reporter_relation: str,
    messages: list[Message],
    summary: ImportSummary,
    batch_size: int = 200,
    progress: Progress | None = None,
) -> ImportSummary:
    """Store the messages not stored yet, grouped into reports, through the bulk report
    writer (seri/intake/services/bulk.py)."""
    from seri.intake.services.bulk import NewReport, report_create_many

    keys = [hashed_key(m.key) for m in messages]
    present = existing_keys(organisation, source, keys)
    summary.already_present += sum(1 for k in keys if k in present)
    languages = language_codes()
    reports = []
    for group in group_messages(messages, present):
        language = detect_language(" ".join(m.text for m in group))
        reports.append(
            NewReport(
                text="\n".join(_line(m) for m in group),
                received_at=group[0].sent_at,
                keys=[hashed_key(m.key) for m in group],
                reporter_relation=reporter_relation,
                language=language if language in languages else "",
                attachments=[a for m in group for a in m.attachments],
                where=group[0].where,
                detail={"items": len(group)},
            )
        )
    total = len(messages)
    done = summary.already_present
    if progress:
        progress(done, total)

    def stored(batch: list) -> None:
        nonlocal done
        count = sum(len(item.keys) for item in batch)
        summary.reports += len(batch)
        summary.created += count
        done += count
        if progress:
            progress(done, total)

    report_create_many(
        actor=actor,
        organisation=organisation,
        source=source,
        channel=channel,
        reports=reports,
        batch_size=batch_size,
        on_batch=stored,
    )
    return summary

"""Telegram Desktop chat exports ("Export chat history", JSON format): `result.json` beside the
`photos/`, `files/`, `voice_messages/`, … folders, or a folder holding it, or a zip of it.

Both shapes of `result.json` are read: one chat (`{"name", "type", "id", "messages"}`) and the
whole-account export (`{"chats": {"list": [chat, …]}}`). A message's key is the chat id and
the message id, which Telegram never reuses within a chat.
"""

import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from seri.intake.importers.common import (
    Attachment,
    ImportRefused,
    ImportSummary,
    Message,
    Problem,
    Progress,
    chat_summary,
    store_messages,
)
from seri.intake.models import Channel, ReporterRelation, SourceItem

NOT_INCLUDED = "(File not included."
MEDIA_KINDS = {
    "voice_message": "voice",
    "video_message": "video",
    "video_file": "video",
    "audio_file": "audio",
    "animation": "video",
    "sticker": "sticker",
}


def flatten_text(text, entities=None) -> str:
    """A message's text with its formatting entities as plain text (links keep their address)."""
    parts = entities if entities is not None else (text if isinstance(text, list) else [text])
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, dict):
            value = str(part.get("text", ""))
            href = part.get("href")
            if href and href != value:
                value = f"{value} ({href})"
            elif part.get("type") == "mention_name" and part.get("user_id"):
                value = f"{value} (user{part['user_id']})"
            out.append(value)
    return "".join(out)


def _position(raw: str, error: json.JSONDecodeError) -> str:
    return _("line %(line)d, column %(column)d") % {"line": error.lineno, "column": error.colno}


def _load(path: Path) -> dict:
    raw = path.read_bytes()
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            [Problem(path.name, _("not UTF-8 text (byte %d)") % exc.start)]
        ) from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            [Problem(f"{path.name}, {_position(raw, exc)}", _("not valid JSON: %s") % exc.msg)]
        ) from exc


def _time(message: dict, zone) -> dt.datetime:
    if "date_unixtime" in message:
        return dt.datetime.fromtimestamp(int(message["date_unixtime"]), tz=dt.UTC)
    return dt.datetime.fromisoformat(message["date"]).replace(tzinfo=zone)


def _attachments(message: dict, folder: Path) -> list[Attachment]:
    out = []
    candidates = []
    if message.get("photo"):
        candidates.append(("photo", message["photo"], "image/jpeg"))
    if message.get("file"):
        kind = MEDIA_KINDS.get(message.get("media_type", ""), "file")
        candidates.append((kind, message["file"], message.get("mime_type", "")))
    for kind, name, content_type in candidates:
        name = str(name)
        if name.startswith(NOT_INCLUDED):
            out.append(Attachment(name=message.get("file_name", kind), open=None, kind=kind))
            continue
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents:  # "../../etc/passwd" in a crafted export
            raise ValueError(_("the file %s is outside the export") % name)
        out.append(Attachment.from_path(name, path, kind=kind, content_type=content_type))
    return out


def read_chat(chat: dict, folder: Path, where: str, zone) -> tuple[list[Message], int]:
    """The messages of one chat, and how many service messages were left out."""
    problems = []
    for required in ("id", "messages"):
        if required not in chat:
            problems.append(
                Problem(where, _("no “%s” field: not a Telegram chat export") % required)
            )
    if problems:
        raise ImportRefused(problems)
    if not isinstance(chat["messages"], list):
        raise ImportRefused([Problem(where, _("“messages” is not a list"))])
    chat_id = chat["id"]
    messages, skipped = [], 0
    for index, raw in enumerate(chat["messages"]):
        here = f"{where}, " + _("message %d") % (index + 1)
        if not isinstance(raw, dict) or "id" not in raw:
            problems.append(Problem(here, _("not a message (no “id”)")))
            continue
        here = f"{where}, " + _("message id %s") % raw["id"]
        if raw.get("type", "message") != "message":
            skipped += 1
            continue
        try:
            sent_at = _time(raw, zone)
        except (KeyError, ValueError, TypeError, OverflowError):
            problems.append(Problem(f"{here}, “date”", _("missing or not a date")))
            continue
        try:
            attachments = _attachments(raw, folder)
        except ValueError as exc:
            problems.append(Problem(here, str(exc)))
            continue
        text = flatten_text(raw.get("text", ""), raw.get("text_entities"))
        location = raw.get("location_information")
        if isinstance(location, dict) and "latitude" in location:
            place = ", ".join(str(raw[k]) for k in ("place_name", "address") if raw.get(k))
            shared = f"📍 {location['latitude']}, {location['longitude']}"
            if place:
                shared += f" ({place})"
            if raw.get("live_location_period_seconds"):
                shared += " — " + _("live location")
            text = f"{text}\n{shared}" if text else shared
        if raw.get("forwarded_from"):
            text = _("[forwarded from %s]") % raw["forwarded_from"] + " " + text
        if raw.get("contact_information"):
            contact = raw["contact_information"]
            text += " [contact: {} {} {}]".format(
                contact.get("first_name", ""),
                contact.get("last_name", ""),
                contact.get("phone_number", ""),
            )
        if not text and not attachments:
            skipped += 1
            continue
        messages.append(
            Message(
                key=f"telegram:{chat_id}:{raw['id']}",
                sent_at=sent_at,
                sender=str(raw.get("from") or raw.get("actor") or _("(unknown sender)")),
                sender_id=str(raw.get("from_id") or raw.get("actor_id") or ""),
                text=text,
                attachments=attachments,
                where=here,
            )
        )
    if problems:
        raise ImportRefused(problems)
    return messages, skipped


def read_export(path: Path, *, time_zone: str = "") -> tuple[list[Message], int]:
    """Every message of the export at `path` (result.json, or the folder holding it)."""
    path = Path(path)
    if path.is_dir():
        path = path / "result.json"
    if not path.is_file():
        raise ImportRefused([Problem(str(path), _("no such file"))])
    zone = ZoneInfo(time_zone or settings.TIME_ZONE)
    data = _load(path)
    if not isinstance(data, dict):
        raise ImportRefused([Problem(path.name, _("not a Telegram export (no chat object)"))])
    chats = data.get("chats", {}).get("list") if "chats" in data else [data]
    if not isinstance(chats, list):
        raise ImportRefused([Problem(path.name, _("“chats.list” is not a list"))])
    messages, skipped, problems = [], 0, []
    for number, chat in enumerate(chats, 1):
        where = path.name if len(chats) == 1 else f"{path.name}, " + _("chat %d") % number
        try:
            found, left_out = read_chat(chat, path.parent, where, zone)
        except ImportRefused as exc:
            problems += exc.problems
            continue
        messages += found
        skipped += left_out
    if problems:
        raise ImportRefused(problems)
    return messages, skipped


def import_telegram(
    *,
    actor,
    organisation,
    path,
    reporter_relation: str = ReporterRelation.UNKNOWN,
    time_zone: str = "",
    batch_size: int = 200,
    progress: Progress | None = None,
) -> ImportSummary:
    path = Path(path)
    if zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory() as folder:
            from seri.intake.importers.archives import extract_zip

            extract_zip(path, Path(folder))
            inner = next(Path(folder).rglob("result.json"), None)
            if inner is None:
                raise ImportRefused([Problem(path.name, _("no result.json in the zip"))])
            return import_telegram(
                actor=actor,
                organisation=organisation,
                path=inner,
                reporter_relation=reporter_relation,
                time_zone=time_zone,
                batch_size=batch_size,
                progress=progress,
            )
    messages, skipped = read_export(path, time_zone=time_zone)
    summary = chat_summary(messages, skipped)
    return store_messages(
        actor=actor,
        organisation=organisation,
        source=SourceItem.Source.TELEGRAM,
        channel=Channel.TELEGRAM,
        reporter_relation=reporter_relation,
        messages=messages,
        summary=summary,
        batch_size=batch_size,
        progress=progress,
    )

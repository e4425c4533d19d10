"""Telegram Desktop chat exports ("Export chat history", JSON format): `result.json` beside the
`photos/`, `files/`, `voice_messages/`, … folders, or a folder holding it, or a zip of it.

Both shapes of `result.json` are read: one chat (`{"name", "type", "id", "messages"}`) and the
whole-account export (`{"chats": {"list": [chat, …]}, "left_chats": {"list": […]}}`). Every
entry of every chat ends as a message or a listed skip (a service entry, an empty message, a
channel's post when channels are not wanted); `read + skipped == entries`. Channels are read
only when asked (`include_channels`): a channel is a publication, not a conversation.

A message's key is the chat id and the message id, which Telegram never reuses within a chat.
An export without ids (written by other tools) is keyed by chat name, time, sender, text and
position instead, with a warning: a re-import of a differently shaped export may duplicate.
"""

import datetime as dt
import hashlib
import json
import tempfile
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.intake.importers.archives import extract_zip
from seri.intake.importers.common import (
    Attachment,
    ImportRefused,
    ImportSummary,
    Message,
    Problem,
    Progress,
    chat_summary,
    register_texts,
    store_messages,
)
from seri.intake.importers.telegram_html import chat_folders, read_html_export
from seri.intake.models import Channel, ReporterRelation, SourceItem

MEDIA_KINDS = {
    "voice_message": "voice",
    "video_message": "video",
    "video_file": "video",
    "audio_file": "audio",
    "animation": "video",
    "sticker": "sticker",
}
CHANNEL_TYPES = {"public_channel", "private_channel", "channel"}

register_texts(
    {
        "tg.not_utf8": gettext_lazy("not UTF-8 text (byte %d)"),
        "tg.not_json": gettext_lazy("not valid JSON: %s"),
        "tg.keyless": gettext_lazy(
            "this export has no chat or message ids: its messages are keyed by chat "
            "name, time, sender, text and position, so a re-import of a differently "
            "shaped export may store some of them again"
        ),
        "tg.not_date": gettext_lazy("missing or not a date"),
        "tg.outside": gettext_lazy("the file %s is outside the export"),
        "tg.no_messages": gettext_lazy("no “messages” field: not a Telegram chat export"),
        "tg.messages_not_list": gettext_lazy("“messages” is not a list"),
        "tg.not_message": gettext_lazy("not a message"),
        "tg.list_not_list": gettext_lazy("“%s.list” is not a list"),
        "tg.not_export": gettext_lazy("not a Telegram export (no chat object)"),
        "tg.no_chats": gettext_lazy(
            "this account export holds no chats: export again with the kinds of chat ticked"
        ),
        "tg.no_export": gettext_lazy(
            "neither a result.json nor a messages.html: not a Telegram Desktop export"
        ),
    }
)


class _Outside(ValueError):
    """A file named by the export that is not inside it ("../../etc/passwd")."""


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


def _load(path: Path) -> dict:
    raw = path.read_bytes()
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportRefused([Problem.of([["file", path.name]], "tg.not_utf8", exc.start)]) from exc
    except json.JSONDecodeError as exc:
        place = [["file", path.name], ["position", {"line": exc.lineno, "column": exc.colno}]]
        raise ImportRefused([Problem.of(place, "tg.not_json", exc.msg)]) from exc


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
    if message.get("contact_vcard"):
        candidates.append(("contact", message["contact_vcard"], "text/vcard"))
    for kind, name, content_type in candidates:
        name = str(name)
        if name.startswith("("):  # "(File not included. …)", "(File exceeds maximum size. …)"
            out.append(Attachment(name=message.get("file_name", kind), open=None, kind=kind))
            continue
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents:  # "../../etc/passwd" in a crafted export
            raise _Outside(name)
        out.append(Attachment.from_path(name, path, kind=kind, content_type=content_type))
    return out


def _plain(value) -> str:
    """A title, question or answer: a string, or text with entities."""
    return flatten_text(value) if isinstance(value, list | dict) else str(value or "")


def _poll(poll: dict) -> str:
    lines = [_("Poll: %s") % _plain(poll.get("question"))]
    for answer in poll.get("answers") or []:
        chosen = "☑" if answer.get("chosen") else "☐"
        lines.append(
            f"  {chosen} {_plain(answer.get('text'))} ("
            + _("%d votes") % int(answer.get("voters") or 0)
            + ")"
        )
    if poll.get("closed"):
        lines.append("  " + _("(closed)"))
    return "\n".join(lines)


def _todo(todo: dict) -> str:
    done = set()
    for completion in todo.get("completions") or todo.get("completed") or []:
        done.add(completion.get("id") if isinstance(completion, dict) else completion)
    lines = [_("To-do list: %s") % _plain(todo.get("title"))]
    for item in todo.get("items") or []:
        finished = item.get("id") in done or item.get("completed") or item.get("done")
        lines.append(f"  {'☑' if finished else '☐'} {_plain(item.get('text'))}")
    return "\n".join(lines)


def _contact(contact: dict) -> str:
    name = " ".join(str(contact[k]) for k in ("first_name", "last_name") if contact.get(k))
    return _("Contact: %(name)s, %(phone)s") % {
        "name": name,
        "phone": contact.get("phone_number") or "",
    }


def _location(raw: dict) -> str:
    location = raw["location_information"]
    lat, lon = location["latitude"], location["longitude"]
    place = ", ".join(str(raw[k]) for k in ("place_name", "address") if raw.get(k))
    shared = f"📍 {lat}, {lon}"
    if place:
        shared += f" ({place})"
    if raw.get("live_location_period_seconds"):
        shared += " — " + _("live location")
    return f"{shared}\nhttps://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def _media_line(raw: dict) -> str:
    """Audio and video details: performer, title, duration; a sticker's emoji."""
    parts = [str(raw[k]) for k in ("performer", "title") if raw.get(k)]
    line = " \u2013 ".join(parts)
    if raw.get("duration_seconds"):
        line += (" " if line else "") + "(" + _("%d s") % int(raw["duration_seconds"]) + ")"
    if raw.get("sticker_emoji"):
        line += (" " if line else "") + str(raw["sticker_emoji"])
    return line


def _buttons(rows) -> list[str]:
    """A bot's buttons that open an address ("Apply now" → a recruiter's form): the address
    is evidence; buttons that only answer the bot are left out."""
    out = []
    for row in rows if isinstance(rows, list) else []:
        for button in row if isinstance(row, list) else []:
            if not isinstance(button, dict):
                continue
            data = str(button.get("data") or "")
            if data.startswith(("http:", "https:", "tg:")):
                out.append(f"[{button.get('text', '')}]({data})")
    return out


# What an entry holds besides its content: ids, times, sizes, the export's own bookkeeping.
_BOOKKEEPING = {
    "id",
    "type",
    "date",
    "date_unixtime",
    "edited",
    "edited_unixtime",
    "from",
    "from_id",
    "author",
    "text",
    "text_entities",
    "reactions",
    "reply_to_message_id",
    "reply_to_peer_id",
    "width",
    "height",
    "media_type",
    "mime_type",
    "file_size",
    "photo_file_size",
    "thumbnail",
    "thumbnail_file_size",
    "self_destruct_period_seconds",
    "media_spoiler",
    "signature",
    "via_bot_id",
    "is_forward",
}
# What the reader turns into text or attachments.
_READ = {
    "photo",
    "file",
    "file_name",
    "contact_vcard",
    "contact_information",
    "location_information",
    "live_location_period_seconds",
    "place_name",
    "address",
    "poll",
    "todo_list",
    "game_title",
    "invoice_information",
    "performer",
    "title",
    "duration_seconds",
    "sticker_emoji",
    "forwarded_from",
    "forwarded_from_id",
    "saved_from",
    "via_bot",
    "dice_emoji",
    "dice_value",
    "inline_bot_buttons",
}


def _unknown(raw: dict) -> list[str]:
    """The fields of an entry this reader does not know (a newer Telegram's giveaway, paid
    media, story…), as written, so that such an entry is stored rather than called empty."""
    fields = {
        k: v
        for k, v in raw.items()
        if k not in _BOOKKEEPING and k not in _READ and v not in (None, "", [], {})
    }
    if not fields:
        return []
    return [json.dumps(fields, ensure_ascii=False, sort_keys=True)]


def entry_text(raw: dict) -> str:
    """Everything a message entry says, as text: its words, and what its fields add."""
    text = flatten_text(raw.get("text", ""), raw.get("text_entities"))
    added = []
    if isinstance(raw.get("poll"), dict):
        added.append(_poll(raw["poll"]))
    if isinstance(raw.get("todo_list"), dict):
        added.append(_todo(raw["todo_list"]))
    if isinstance(raw.get("contact_information"), dict):
        added.append(_contact(raw["contact_information"]))
    location = raw.get("location_information")
    if isinstance(location, dict) and "latitude" in location and "longitude" in location:
        added.append(_location(raw))
    elif raw.get("place_name") or raw.get("address"):
        added.append(", ".join(str(raw[k]) for k in ("place_name", "address") if raw.get(k)))
    if raw.get("game_title"):
        added.append(str(raw["game_title"]))
    if isinstance(raw.get("invoice_information"), dict):
        added.append(_plain(raw["invoice_information"].get("title")))
    if raw.get("dice_emoji"):
        added.append(f"{raw['dice_emoji']} {raw.get('dice_value', '')}".strip())
    if media := _media_line(raw):
        added.append(media)
    added += _buttons(raw.get("inline_bot_buttons"))
    if not text and not added:
        added += _unknown(raw)
    text = "\n".join(t for t in [text, *added] if t)
    prefixes = []
    if raw.get("forwarded_from") or raw.get("forwarded_from_id"):
        # A deleted account or a hidden forwarder: the name is null, the id may remain
        forwarder = raw.get("forwarded_from") or raw["forwarded_from_id"]
        prefixes.append(_("[forwarded from %s]") % forwarder)
    if raw.get("saved_from"):
        prefixes.append(_("[saved from %s]") % raw["saved_from"])
    if raw.get("reply_to_message_id"):
        prefixes.append(_("[reply to message %s]") % raw["reply_to_message_id"])
    if raw.get("via_bot"):
        prefixes.append(_("[via %s]") % raw["via_bot"])
    if prefixes:
        text = " ".join(prefixes) + (" " + text if text else "")
    return text


def _stable(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]


class _Chat:
    """Reading one chat: its key, where it is, the summary's accounting and the problems."""

    def __init__(self, chat: dict, where: str, summary: ImportSummary, place: list):
        self.chat = chat
        self.where = where
        self.place = place  # `where` as coded parts, for the skips the run stores
        self.summary = summary
        self.problems: list[Problem] = []
        self.keyless_warned = False
        if "id" in chat:
            self.key = str(chat["id"])
        else:
            self.key = "name:" + _stable(chat.get("name", ""), chat.get("type", ""))
            self.warn_keyless()

    def warn_keyless(self) -> None:
        if not self.keyless_warned:
            self.keyless_warned = True
            self.summary.warnings.append(Problem.of(self.place, "tg.keyless"))

    def skip(self, place: list, reason: list) -> None:
        self.summary.skipped += 1
        self.summary.skips.append(Problem.coded(place, reason))


def _message(reading: _Chat, index: int, raw: dict, folder: Path, zone) -> Message | None:
    here = f"{reading.where}, " + (
        _("message id %s") % raw["id"] if "id" in raw else _("message %d") % (index + 1)
    )
    place = reading.place + (
        [["message_id", str(raw["id"])]] if "id" in raw else [["message", index + 1]]
    )
    if raw.get("type", "message") != "message":
        reading.skip(place, ["service_entry", str(raw.get("action") or raw.get("type"))])
        return None
    try:
        sent_at = _time(raw, zone)
    except (KeyError, ValueError, TypeError, OverflowError):
        reading.problems.append(Problem.of([*place, ["field", "date"]], "tg.not_date"))
        return None
    try:
        attachments = _attachments(raw, folder)
    except _Outside as exc:
        reading.problems.append(Problem.of(place, "tg.outside", str(exc)))
        return None
    text = entry_text(raw)
    if not text and not attachments:
        reading.skip(place, ["empty_message"])
        return None
    sender = str(raw.get("from") or raw.get("actor") or raw.get("author") or _("(unknown sender)"))
    sender_id = str(raw.get("from_id") or raw.get("actor_id") or "")
    if "id" in raw:
        key = f"telegram:{reading.key}:{raw['id']}"
    else:
        reading.warn_keyless()
        name = reading.chat.get("name", "")
        key = f"telegram:{reading.key}:x{_stable(name, sent_at.isoformat(), sender, text, index)}"
    return Message(
        key=key,
        sent_at=sent_at,
        sender=sender,
        sender_id=sender_id or sender,
        text=text,
        attachments=attachments,
        where=here,
        place=place,
    )


def read_chat(
    chat: dict,
    folder: Path,
    where: str,
    zone,
    summary: ImportSummary,
    include_channels=False,
    place: list | None = None,
) -> list[Message]:
    """The messages of one chat; its entries are counted and its skips listed in `summary`
    (where, as coded parts in `place`: by default the file `where`)."""
    place = place if place is not None else [["file", where]]
    if not isinstance(chat, dict) or "messages" not in chat:
        raise ImportRefused([Problem.of(place, "tg.no_messages")])
    if not isinstance(chat["messages"], list):
        raise ImportRefused([Problem.of(place, "tg.messages_not_list")])
    entries = chat["messages"]
    summary.entries += len(entries)
    if chat.get("type") in CHANNEL_TYPES and not include_channels:
        if entries:
            summary.skipped += len(entries)
            summary.skips.append(
                Problem.coded(
                    place, ["channel", {"name": str(chat.get("name", "")), "count": len(entries)}]
                )
            )
        return []
    reading = _Chat(chat, where, summary, place)
    messages = []
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            reading.problems.append(Problem.of([*place, ["message", index + 1]], "tg.not_message"))
            continue
        message = _message(reading, index, raw, folder, zone)
        if message is not None:
            messages.append(message)
    if reading.problems:
        raise ImportRefused(reading.problems)
    return messages


def _chats(data: dict, name: str) -> list:
    if "chats" not in data and "left_chats" not in data:
        if "messages" not in data and ("personal_information" in data or "contacts" in data):
            raise ImportRefused([Problem.of([["file", name]], "tg.no_chats")])
        return [data]
    chats = []
    for section in ("chats", "left_chats"):
        listed = data.get(section, {})
        listed = listed.get("list", []) if isinstance(listed, dict) else listed
        if not isinstance(listed, list):
            raise ImportRefused([Problem.of([["file", name]], "tg.list_not_list", section)])
        chats += listed
    return chats


def read_export(
    path: Path, *, time_zone: str = "", include_channels: bool = False
) -> tuple[list[Message], ImportSummary]:
    """Every message of the export at `path` (result.json, or the folder holding it), and the
    accounting of its entries."""
    path = Path(path)
    zone = ZoneInfo(time_zone or settings.TIME_ZONE or "UTC")
    if path.is_dir():
        if not (path / "result.json").is_file():
            if not chat_folders(path):
                raise ImportRefused([Problem.of([["file", path.name]], "tg.no_export")])
            return read_html_export(path, zone)
        path = path / "result.json"
    if not path.is_file():
        raise ImportRefused([Problem.of([["file", str(path)]], "no_such_file")])
    if path.suffix.lower() in (".html", ".htm"):
        return read_html_export(path, zone)
    data = _load(path)
    if not isinstance(data, dict):
        raise ImportRefused([Problem.of([["file", path.name]], "tg.not_export")])
    chats = _chats(data, path.name)
    summary = ImportSummary(unit="entries")
    messages, problems = [], []
    for number, chat in enumerate(chats, 1):
        where = path.name if len(chats) == 1 else f"{path.name}, " + _("chat %d") % number
        place = [["file", path.name]] + ([] if len(chats) == 1 else [["chat", number]])
        try:
            messages += read_chat(
                chat, path.parent, where, zone, summary, include_channels, place=place
            )
        except ImportRefused as exc:
            problems += exc.problems
    if problems:
        raise ImportRefused(problems)
    summary.read = len(messages)
    return messages, summary


def import_telegram(
    *,
    actor,
    organisation,
    path,
    reporter_relation: str = ReporterRelation.UNKNOWN,
    time_zone: str = "",
    include_channels: bool = False,
    batch_size: int = 200,
    progress: Progress | None = None,
) -> ImportSummary:
    path = Path(path)
    if zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory() as folder:
            members = extract_zip(path, Path(folder) / "zip")
            inner = next((p for p in members.values() if p.name == "result.json"), None)
            if inner is None and chat_folders(Path(folder) / "zip"):
                inner = Path(folder) / "zip"  # an HTML export
            if inner is None:
                raise ImportRefused([Problem.of([["file", path.name]], "tg.no_export")])
            return import_telegram(
                actor=actor,
                organisation=organisation,
                path=inner,
                reporter_relation=reporter_relation,
                time_zone=time_zone,
                include_channels=include_channels,
                batch_size=batch_size,
                progress=progress,
            )
    messages, accounting = read_export(path, time_zone=time_zone, include_channels=include_channels)
    summary = chat_summary(messages, accounting)
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

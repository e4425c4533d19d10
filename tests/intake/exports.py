"""Export-shaped files, made the way the apps make them (synthetic content only)."""

import datetime as dt
import json
import zipfile
from pathlib import Path

# A tiny valid JPEG header is enough for a file that is stored and hashed, not displayed.
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00synthetic photo\xff\xd9"
VOICE = b"OggS\x00synthetic voice note"


def telegram_export(folder: Path, *, extra_messages: int = 0, chat_id: int = 4815162342) -> Path:
    """A Telegram Desktop "Export chat history" (JSON) folder: result.json and photos/."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photos").mkdir(exist_ok=True)
    (folder / "voice_messages").mkdir(exist_ok=True)
    (folder / "photos" / "photo_1@02-03-2026_10-05-00.jpg").write_bytes(PHOTO)
    (folder / "voice_messages" / "audio_1@02-03-2026_10-07-00.ogg").write_bytes(VOICE)
    start = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)

    def when(minutes: int) -> dict:
        at = start + dt.timedelta(minutes=minutes)
        local = at + dt.timedelta(hours=7)
        return {
            "date": local.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(int(at.timestamp())),
        }

    family = {"from": "Testfamily Nguyen", "from_id": "user700000001"}
    hotline = {"from": "Seri Hotline (test)", "from_id": "user700000002"}
    messages = [
        {
            "id": 1,
            "type": "service",
            **when(0),
            "actor": "Testfamily Nguyen",
            "actor_id": "user700000001",
            "action": "phone_call",
            "text": "",
            "text_entities": [],
        },
        {
            "id": 2,
            "type": "message",
            **when(1),
            **family,
            "text": [
                "Please help, my brother ",
                {"type": "bold", "text": "Testperson Minh"},
                " (24 years old) is held in a compound. He was beaten.",
            ],
            "text_entities": [
                {"type": "plain", "text": "Please help, my brother "},
                {"type": "bold", "text": "Testperson Minh"},
                {"type": "plain", "text": " (24 years old) is held in a compound. He was beaten."},
            ],
        },
        {
            "id": 3,
            "type": "message",
            **when(3),
            **family,
            "text": "His number: +84 91 234 5670",
            "text_entities": [
                {"type": "plain", "text": "His number: "},
                {"type": "phone", "text": "+84 91 234 5670"},
            ],
        },
        {
            "id": 4,
            "type": "message",
            **when(5),
            **family,
            "photo": "photos/photo_1@02-03-2026_10-05-00.jpg",
            "width": 800,
            "height": 600,
            "text": "Photo he sent",
            "text_entities": [{"type": "plain", "text": "Photo he sent"}],
        },
        {
            "id": 5,
            "type": "message",
            **when(6),
            **family,
            "location_information": {"latitude": 10.6104, "longitude": 103.5225},
            "text": "",
            "text_entities": [],
        },
        {
            "id": 6,
            "type": "message",
            **when(7),
            **family,
            "file": "voice_messages/audio_1@02-03-2026_10-07-00.ogg",
            "media_type": "voice_message",
            "mime_type": "audio/ogg",
            "duration_seconds": 4,
            "text": "",
            "text_entities": [],
        },
        {
            "id": 7,
            "type": "message",
            **when(20),
            **hotline,
            "text": "Thank you. We received it. See https://example.org/safety",
            "text_entities": [
                {"type": "plain", "text": "Thank you. We received it. See "},
                {"type": "link", "text": "https://example.org/safety"},
            ],
        },
        {
            "id": 8,
            "type": "message",
            **when(24 * 60),
            **family,
            "file": "(File not included. Change data exporting settings to download.)",
            "file_name": "video.mp4",
            "media_type": "video_file",
            "mime_type": "video/mp4",
            "text": "A video too",
            "text_entities": [{"type": "plain", "text": "A video too"}],
        },
    ]
    for n in range(extra_messages):
        sender = family if (n // 3) % 2 == 0 else hotline
        messages.append(
            {
                "id": 100 + n,
                "type": "message",
                **when(2 * 24 * 60 + n),
                **sender,
                "text": f"Synthetic follow-up message {n}",
                "text_entities": [{"type": "plain", "text": f"Synthetic follow-up message {n}"}],
            }
        )
    export = {
        "name": "Testfamily Nguyen",
        "type": "personal_chat",
        "id": chat_id,
        "messages": messages,
    }
    (folder / "result.json").write_text(
        json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return folder


ANDROID_EN_GB = """\
02/03/2026, 10:01 - Messages and calls are end-to-end encrypted. Tap to learn more.
02/03/2026, 10:01 - Testmother Sokha: សូមជួយ កូនប្រុសខ្ញុំ ត្រូវគេវាយ
នៅក្នុងអគារ B
02/03/2026, 10:02 - Testmother Sokha: IMG-20260302-WA0001.jpg (file attached)
02/03/2026, 10:03 - Testmother Sokha: location: https://maps.google.com/?q=10.610400,103.522500
13/03/2026, 21:15 - Seri Hotline (test): We received your message.
13/03/2026, 21:16 - Testmother Sokha: <Media omitted>
"""

IOS_EN_US = """\
[3/2/26, 10:01:05\u202fAM] Testsister Lan: \u200eMessages and calls are end-to-end encrypted.
[3/2/26, 10:01:30\u202fAM] Testsister Lan: Em trai tôi 19 tuổi bị giữ ở Sihanoukville, bị đánh.
Số của em: 091 234 5671
[3/2/26, 10:02:00\u202fAM] Testsister Lan: \u200e<attached: 00000003-PHOTO-2026-03-02-10-02-00.jpg>
[3/2/26, 10:30:00\u202fPM] Seri Hotline (test): 我们收到了。
[3/14/26, 9:05:00\u202fAM] Testsister Lan: \u200eTestsister Lan changed the group description
"""


def whatsapp_zip(path: Path, chat: str, media: dict[str, bytes], *, chat_name="_chat.txt") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(chat_name, chat)
        for name, data in media.items():
            archive.writestr(name, data)
    return path

"""What chat apps write besides messages, in the languages of the region and of the chats we
receive: invisible marks, digits, 12-hour markers, and WhatsApp's placeholders and notices.

One table per kind of thing, read by `whatsapp.py`. The strings were gathered from exports
and from the tests and documentation of public WhatsApp parsers (read, not copied); where a
translation could not be confirmed, the *shape* decides instead (a bracketed phrase on its own
is a media placeholder, a file name followed by a bracketed phrase is an attachment), so an
unknown language still reads completely.

A notice is only ever *skipped* when a pattern here matches it exactly; anything unrecognised
is stored as a message. Storing a notice by mistake is harmless, skipping a message is a loss.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# --- characters ---------------------------------------------------------------------------------

# Direction marks and embeddings (U+200E/F, U+202A to E, U+2066 to 9) and the byte order
# mark: phones write them before attachments, locations, contact cards, ordinary text,
# inside iOS brackets.
INVISIBLE = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
# No-break spaces around AM/PM and between date and time.
SPACES = "\u00a0\u202f\u2007\u2009"

_DIGIT_ZEROS = (0x0660, 0x06F0, 0x0E50, 0x0ED0, 0x1040, 0x17E0, 0xFF10)  # Arabic-Indic, Extended
# Arabic-Indic, Thai, Lao, Burmese, Khmer, full-width
DIGITS = {zero + n: str(n) for zero in _DIGIT_ZEROS for n in range(10)}
_TRANSLATE = {**{ord(c): None for c in INVISIBLE}, **{ord(c): " " for c in SPACES}, **DIGITS}


def normalise(text: str) -> str:
    """`text` without invisible marks, with plain spaces and ASCII digits."""
    return text.translate(_TRANSLATE)


_CHANGED = re.compile("[" + "".join(chr(c) for c in _TRANSLATE) + "]")


def normalise_with_positions(text: str) -> tuple[str, list[int] | None]:
    """`normalise(text)`, and for each of its characters the index it came from in `text`
    (one more entry for the end), so that a match on the normalised line can be cut from the
    verbatim one. None when nothing changed (each index is its own)."""
    if _CHANGED.search(text) is None:
        return text, None
    out: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        replaced = _TRANSLATE.get(ord(char), char)
        if replaced is None:
            continue
        out.append(replaced)
        positions.append(index)
    positions.append(len(text))
    return "".join(out), positions


# --- 12-hour markers ----------------------------------------------------------------------------

# Latin a.m./p.m. in all their spellings ("AM", "am", "a.m.", "a. m.") are matched by shape.
MERIDIEM = {
    "am": [
        "上午",  # Chinese
        "午前",  # Japanese
        "오전",  # Korean
        "ก่อนเที่ยง",  # Thai
        "sa",  # Vietnamese (sáng)
        "ព្រឹក",  # Khmer (morning)
        "នាទីព្រឹក",
        "နံနက်",  # Burmese (morning)
        "ນ.",  # Lao, short
        "ກ່ອນທ່ຽງ",  # Lao
        "ص",  # Arabic
        "π.μ.",  # Greek
    ],
    "pm": [
        "下午",
        "午後",
        "오후",
        "หลังเที่ยง",
        "ch",  # Vietnamese (chiều)
        "ល្ងាច",  # Khmer (evening)
        "រសៀល",  # Khmer (afternoon)
        "ညနေ",  # Burmese (evening)
        "ຫຼັງທ່ຽງ",  # Lao
        "ຫລັງທ່ຽງ",
        "م",
        "μ.μ.",
    ],
}
_LATIN_MERIDIEM = r"[AaPp]\.?\s?[Mm]\.?"
MERIDIEM_PATTERN = "(?i:{}|{})".format(
    _LATIN_MERIDIEM,
    "|".join(
        re.escape(marker)
        for marker in sorted(
            (m for markers in MERIDIEM.values() for m in markers), key=len, reverse=True
        )
    ),
)
_MERIDIEM_OF = {m.casefold(): half for half, markers in MERIDIEM.items() for m in markers}


def meridiem(marker: str) -> str:
    """ "am" or "pm" for a marker matched by MERIDIEM_PATTERN."""
    marker = marker.strip()
    latin = re.sub(r"[^A-Za-z]", "", marker).lower()
    if latin in ("am", "pm") and marker.isascii():
        return latin
    return _MERIDIEM_OF[marker.casefold()]


# Buddhist-era markers written after a date (Thai "พ.ศ.", English "BE", Khmer "ព.ស.").
BUDDHIST_ERA = r"(?:BE|B\.E\.|พ\.ศ\.|ព\.ស\.)"
BUDDHIST_OFFSET = 543


# --- placeholders and notices -------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    code: str
    name: str | Promise  # the reason given for a skip, or the kind of message
    skipped: bool  # a notice, not something a person sent


MEDIA_OMITTED = Kind("media_omitted", _("media omitted"), skipped=False)
LOCATION = Kind("location", _("location"), skipped=False)
LIVE_LOCATION = Kind("live_location", _("live location"), skipped=False)
POLL = Kind("poll", _("poll"), skipped=False)
CONTACT = Kind("contact", _("contact card"), skipped=False)
DELETED = Kind("deleted", _("deleted message"), skipped=True)
MISSED_CALL = Kind("missed_call", _("missed call"), skipped=True)
NULL = Kind("null", _("empty message (“null”)"), skipped=True)
ENCRYPTION = Kind("encryption", _("encryption notice"), skipped=True)
SECURITY_CODE = Kind("security_code", _("security code notice"), skipped=True)
GROUP_EVENT = Kind("group_event", _("group event"), skipped=True)
NOTICE = Kind("notice", _("notice without a sender"), skipped=True)
EMPTY = Kind("empty", _("empty message"), skipped=True)
# Every kind, by code: a skip is stored as its kind's code ("notice.deleted") and shown as its
# name in the reader's language.
KINDS = {
    kind.code: kind
    for kind in (
        MEDIA_OMITTED,
        LOCATION,
        LIVE_LOCATION,
        POLL,
        CONTACT,
        DELETED,
        MISSED_CALL,
        NULL,
        ENCRYPTION,
        SECURITY_CODE,
        GROUP_EVENT,
        NOTICE,
        EMPTY,
    )
}

# A whole first line that is only a media placeholder (compared case-insensitively, without
# a final full stop). The angle-bracket forms of languages not listed are caught by shape.
MEDIA_OMITTED_TEXTS = [
    # English (Android, iOS)
    "<media omitted>",
    "<video note omitted>",
    "<view once voice message omitted>",
    "image omitted",
    "video omitted",
    "audio omitted",
    "sticker omitted",
    "gif omitted",
    "document omitted",
    "contact card omitted",
    # German
    "<medien ausgelassen>",
    "<videonotiz ausgelassen>",
    "bild weggelassen",
    "video weggelassen",
    "audio weggelassen",
    "sticker weggelassen",
    "gif weggelassen",
    "dokument weggelassen",
    "kontaktkarte ausgelassen",
    # Spanish
    "<multimedia omitido>",
    "<archivo omitido>",
    "<medios omitidos>",
    "imagen omitida",
    "video omitido",
    "audio omitido",
    "sticker omitido",
    "gif omitido",
    "documento omitido",
    "tarjeta de contacto omitida",
    # French
    "<médias omis>",
    "<média omis>",
    "image absente",
    "vidéo absente",
    "audio omis",
    "autocollant omis",
    # Portuguese
    "<mídia oculta>",
    "<mídia omitida>",
    "<multimédia omitido>",
    "imagem ocultada",
    "vídeo omitido",
    "áudio ocultado",
    "figurinha omitida",
    # Russian
    "<без медиафайлов>",
    "<медиа пропущены>",
    "изображение отсутствует",
    "видео отсутствует",
    "аудио отсутствует",
    "стикер отсутствует",
    # Indonesian, Malay
    "<media tidak disertakan>",
    "<media dikecualikan>",
    "gambar tidak disertakan",
    "video tidak disertakan",
    "stiker tidak disertakan",
    # Tagalog
    "<hindi isinama ang media>",
    # Vietnamese
    "<media bị bỏ qua>",
    "<tệp phương tiện bị bỏ qua>",
    "<đã bỏ qua tệp phương tiện>",
    "hình ảnh bị bỏ qua",
    "video bị bỏ qua",
    # Chinese
    "<省略影音內容>",
    "<媒体文件已省略>",
    "<媒体省略>",
    "<已忽略媒体>",
    "图片已省略",
    "视频已省略",
    "圖片已略去",
    # Thai
    "<ไม่รวมสื่อ>",
    "<ไม่มีสื่อ>",
    "ไม่รวมรูปภาพ",
    # Khmer
    "<មិនបានភ្ជាប់មេឌៀ>",
    "<បានលុបមេឌៀចោល>",
    # Burmese
    "<မီဒီယာ ချန်လှပ်ထားသည်>",
    # Lao
    "<ບໍ່ລວມມີເດຍ>",
    # Korean
    "<미디어 생략>",
    "<미디어 파일 생략됨>",
    "사진 생략됨",
    "동영상 생략됨",
]

DELETED_TEXTS = [
    "this message was deleted",
    "you deleted this message",
    "diese nachricht wurde gelöscht",
    "du hast diese nachricht gelöscht",
    "se eliminó este mensaje",
    "este mensaje fue eliminado",
    "eliminaste este mensaje",
    "ce message a été supprimé",
    "vous avez supprimé ce message",
    "esta mensagem foi apagada",
    "você apagou esta mensagem",
    "mensagem apagada",
    "данное сообщение удалено",
    "это сообщение удалено",
    "вы удалили данное сообщение",
    "вы удалили это сообщение",
    "pesan ini telah dihapus",
    "anda menghapus pesan ini",
    "mesej ini telah dipadamkan",
    "anda memadamkan mesej ini",
    "binura ang mensaheng ito",
    "binura mo ang mensaheng ito",
    "tin nhắn này đã bị xóa",
    "tin nhắn này đã bị thu hồi",
    "bạn đã xóa tin nhắn này",
    "此消息已删除",
    "你删除了此消息",
    "此訊息已刪除",
    "你已刪除此訊息",
    "ข้อความนี้ถูกลบแล้ว",
    "คุณลบข้อความนี้แล้ว",
    "សារនេះត្រូវបានលុប",
    "អ្នកបានលុបសារនេះ",
    "ဤမက်ဆေ့ချ်ကို ဖျက်လိုက်သည်",
    "သင် ဤမက်ဆေ့ချ်ကို ဖျက်လိုက်သည်",
    "ຂໍ້ຄວາມນີ້ຖືກລຶບແລ້ວ",
    "ທ່ານໄດ້ລຶບຂໍ້ຄວາມນີ້",
    "삭제된 메시지입니다",
    "메시지를 삭제했습니다",
]

# Missed calls start the body (iOS adds ", Tap to call back").
MISSED_CALL_PREFIXES = [
    "missed voice call",
    "missed video call",
    "missed group voice call",
    "missed group video call",
    "verpasster sprachanruf",
    "verpasster videoanruf",
    "llamada perdida",
    "llamada de voz perdida",
    "videollamada perdida",
    "appel vocal manqué",
    "appel vidéo manqué",
    "chamada de voz perdida",
    "chamada de vídeo perdida",
    "пропущенный аудиозвонок",
    "пропущенный видеозвонок",
    "panggilan suara tak terjawab",
    "panggilan video tak terjawab",
    "panggilan suara terlepas",
    "hindi nasagot na voice call",
    "cuộc gọi thoại bị nhỡ",
    "cuộc gọi video bị nhỡ",
    "未接语音通话",
    "未接视频通话",
    "未接語音通話",
    "未接視像通話",
    "สายที่ไม่ได้รับ",
    "สายเสียงที่ไม่ได้รับ",
    "ការហៅជាសំឡេងដែលមិនបានទទួល",
    "လွတ်သွားသော အသံခေါ်ဆိုမှု",
    "ສາຍທີ່ບໍ່ໄດ້ຮັບ",
    "부재중 음성 통화",
    "부재중 영상 통화",
]

# End-to-end encryption notices start the body (or the line, on Android).
ENCRYPTION_PREFIXES = [
    "messages and calls are end-to-end encrypted",
    "messages to this group are now secured with end-to-end encryption",
    "messages to this chat and calls are now secured with end-to-end encryption",
    "nachrichten und anrufe sind ende-zu-ende-verschlüsselt",
    "los mensajes y las llamadas están cifrados de extremo a extremo",
    "les messages et les appels sont chiffrés de bout en bout",
    "as mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
    "as mensagens e ligações são protegidas com a criptografia de ponta a ponta",
    "сообщения и звонки защищены сквозным шифрованием",
    "pesan dan panggilan terenkripsi secara end-to-end",
    "mesej dan panggilan disulitkan hujung ke hujung",
    "ang mga mensahe at tawag ay end-to-end encrypted",
    "tin nhắn và cuộc gọi được mã hóa đầu cuối",
    "消息和通话都进行端到端加密",
    "消息和通话已进行端到端加密",
    "訊息和通話均經端對端加密",
    "ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง",
    "សារ និងការហៅត្រូវបានអ៊ីនគ្រីបពីចុងម្ខាងទៅចុងម្ខាង",
    "မက်ဆေ့ချ်များနှင့် ခေါ်ဆိုမှုများကို အစမှအဆုံး ကုဒ်ပြောင်းဝှက်ထားသည်",
    "ຂໍ້ຄວາມ ແລະ ການໂທຖືກເຂົ້າລະຫັດແບບຕົ້ນທາງຫາປາຍທາງ",
    "메시지와 통화는 종단간 암호화됩니다",
]

# Security-code notices name the contact, so a word of the notice is looked for anywhere.
SECURITY_CODE_WORDS = [
    "security code",
    "sicherheitsnummer",
    "sicherheitscode",
    "código de seguridad",
    "code de sécurité",
    "código de segurança",
    "код безопасности",
    "kode keamanan",
    "kod keselamatan",
    "security code mo",
    "mã bảo mật",
    "安全码",
    "安全碼",
    "รหัสความปลอดภัย",
    "លេខកូដសុវត្ថិភាព",
    "လုံခြုံရေးကုဒ်",
    "ລະຫັດຄວາມປອດໄພ",
    "보안 코드",
]

# Group events: only looked for in lines WhatsApp itself wrote (no sender on Android; on iOS
# a one-line body that begins with a left-to-right mark).
GROUP_EVENT_PHRASES = [
    "created group",
    "created this group",
    "joined using this group's invite link",
    "changed the subject",
    "changed this group's icon",
    "changed the group description",
    "deleted this group's icon",
    "changed their phone number",
    "changed the group settings",
    "turned on disappearing messages",
    "turned off disappearing messages",
    "you're now an admin",
    "pinned a message",
    "hat die gruppe erstellt",
    "hat den betreff",
    "hat die gruppenbeschreibung geändert",
    "hat die gruppe verlassen",
    "creó el grupo",
    "cambió el asunto",
    "cambió la descripción del grupo",
    "a créé le groupe",
    "a modifié le sujet",
    "criou o grupo",
    "mudou o assunto",
    "создал",
    "изменил тему",
    "membuat grup",
    "mengubah subjek",
    "đã tạo nhóm",
    "đã đổi chủ đề",
    "创建了群组",
    "更改了群组名称",
    "สร้างกลุ่ม",
    "បានបង្កើតក្រុម",
    "အဖွဲ့ကို ဖန်တီးခဲ့သည်",
    "ສ້າງກຸ່ມ",
    "님이 그룹을 만들었습니다",
]
# Short words of group events ("X added Y", "X left"): only in lines without a sender, where
# nothing a person wrote can be.
GROUP_EVENT_WORDS = [
    " added ",
    " removed ",
    " left",
    "hinzugefügt",
    "entfernt",
    "añadió",
    "salió",
    "a ajouté",
    "est parti",
    "adicionou",
    "saiu",
    "добавил",
    "вышел",
    "menambahkan",
    "keluar",
    "đã thêm",
    "đã rời khỏi",
    "添加了",
    "已退出",
    "เพิ่ม",
    "ออกจากกลุ่ม",
    "បានបន្ថែម",
    "បានចាកចេញ",
]

# Locations are messages; a map link in them becomes a location suggestion for triage.
LOCATION_PREFIXES = [
    "location:",
    "standort:",
    "ubicación:",
    "localisation :",
    "position :",
    "localização:",
    "местоположение:",
    "геопозиция:",
    "lokasi:",
    "lokasyon:",
    "vị trí:",
    "位置:",
    "位置\uff1a",
    "ตำแหน่งที่ตั้ง:",
    "ទីតាំង:",
    "တည်နေရာ:",
    "ສະຖານທີ່:",
    "위치:",
]
LIVE_LOCATION_PREFIXES = [
    "live location shared",
    "live-standort wird geteilt",
    "ubicación en tiempo real compartida",
    "position en direct partagée",
    "localização em tempo real compartilhada",
    "трансляция геоданных",
    "lokasi terkini dibagikan",
    "đã chia sẻ vị trí trực tiếp",
    "已共享实时位置",
    "แชร์ตำแหน่งที่ตั้งแบบสด",
    "បានចែករំលែកទីតាំងផ្ទាល់",
    "တိုက်ရိုက်တည်နေရာ မျှဝေထားသည်",
    "ແບ່ງປັນສະຖານທີ່ສົດ",
    "실시간 위치 공유됨",
]
POLL_PREFIXES = [
    "poll:",
    "umfrage:",
    "encuesta:",
    "sondage :",
    "sondage:",
    "enquete:",
    "опрос:",
    "polling:",
    "jajak pendapat:",
    "undian:",
    "botohan:",
    "khảo sát:",
    "bình chọn:",
    "投票:",
    "投票\uff1a",
    "โพล:",
    "ការស្ទង់មតិ:",
    "စစ်တမ်း:",
    "ແບບສຳຫຼວດ:",
    "투표:",
]

# "NAME.ext (file attached)" (Android) and "<attached: NAME>" (iOS), in any language: the file
# name's shape decides, the words in brackets only have to be there.
FILE_ATTACHED = re.compile(
    r"^(?P<name>\S[^<>]*?\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)\s*[(\uff08](?P<words>[^()\uff08\uff09]{2,40})[)\uff09]\s*$"
)
FILE_ATTACHED_WORDS = [
    "file attached",
    "datei angehängt",
    "archivo adjunto",
    "fichier joint",
    "arquivo anexado",
    "ficheiro anexado",
    "файл прикреплён",
    "файл прикреплен",
    "file terlampir",
    "fail dilampirkan",
    "nakalakip na file",
    "tệp đính kèm",
    "已附加文件",
    "文件已附加",
    "附件",
    "ไฟล์แนบ",
    "ឯកសារភ្ជាប់",
    "ဖိုင် ပူးတွဲထားသည်",
    "ໄຟລ໌ແນບ",
    "파일 첨부됨",
]
ATTACHED = re.compile(
    r"<(?P<words>[^<>:\uff1a]{1,30})[:\uff1a]\s*(?P<name>[^<>]+?\.[A-Za-z0-9]{1,8})\s*>"
)
# Names WhatsApp gives the media it exports.
WHATSAPP_MEDIA_NAME = re.compile(
    r"^(?:(?:IMG|VID|AUD|PTT|STK|DOC)-\d{8}-WA\d+|\d{8}-(?:PHOTO|VIDEO|AUDIO|STICKER|GIF|"
    r"CONTACT_CARD|DOCUMENT)-[\d-]+)",
    re.IGNORECASE,
)
# A first line that is one short bracketed phrase: a placeholder, whatever the language.
PLACEHOLDER_SHAPE = re.compile(r"^<[^<>:\uff1a/]{2,40}>$")


def _key(text: str) -> str:
    return normalise(text).strip().rstrip(".。").strip().casefold()


_MEDIA_OMITTED = {_key(t) for t in MEDIA_OMITTED_TEXTS}
_DELETED = {_key(t) for t in DELETED_TEXTS}
_FILE_WORDS = {_key(t) for t in FILE_ATTACHED_WORDS}


def file_attached_words(words: str) -> bool:
    return _key(words) in _FILE_WORDS


_MISSED_CALL_PREFIXES = tuple(MISSED_CALL_PREFIXES)
_ENCRYPTION_PREFIXES = tuple(ENCRYPTION_PREFIXES)
_LIVE_LOCATION_PREFIXES = tuple(LIVE_LOCATION_PREFIXES)
_LOCATION_PREFIXES = tuple(LOCATION_PREFIXES)
_POLL_PREFIXES = tuple(POLL_PREFIXES)
_SECURITY_CODE = re.compile("|".join(re.escape(w) for w in SECURITY_CODE_WORDS))
_GROUP_EVENT = re.compile("|".join(re.escape(w) for w in GROUP_EVENT_PHRASES))
_POSSESSIVES = ("your ", "dein ", "tu ", "votre ", "seu ", "ваш ")


def body_kind(body: str, *, marked: bool) -> Kind | None:
    """What a message body is when it is not plain text: a placeholder, a location, a poll,
    or a notice (skipped). `marked`: the verbatim body began with a direction mark, as iOS
    writes WhatsApp's own notices."""
    first = body.split("\n", 1)[0]
    key = _key(first)
    whole = _key(body)
    if whole == "null":
        return NULL
    if whole in _DELETED:
        return DELETED
    if key.startswith(_MISSED_CALL_PREFIXES):
        return MISSED_CALL
    if key.startswith(_ENCRYPTION_PREFIXES):
        return ENCRYPTION
    if marked and _SECURITY_CODE.search(key):
        return SECURITY_CODE
    if (
        not marked
        and "\n" not in body
        and _SECURITY_CODE.search(key)
        and (key.startswith(_POSSESSIVES) or "changed" in key)
    ):
        return SECURITY_CODE
    if marked and "\n" not in body and _GROUP_EVENT.search(key):
        return GROUP_EVENT
    if key in _MEDIA_OMITTED or PLACEHOLDER_SHAPE.match(normalise(first).strip()):
        return MEDIA_OMITTED
    if key.startswith(_LIVE_LOCATION_PREFIXES):
        return LIVE_LOCATION
    if key.startswith(_LOCATION_PREFIXES):
        return LOCATION
    if key.startswith(_POLL_PREFIXES):
        return POLL
    return None


def notice_kind(line: str) -> Kind:
    """The kind of a line WhatsApp wrote without a sender."""
    key = _key(line)
    if key.startswith(_ENCRYPTION_PREFIXES):
        return ENCRYPTION
    if _SECURITY_CODE.search(key):
        return SECURITY_CODE
    if key.startswith(_MISSED_CALL_PREFIXES):
        return MISSED_CALL
    if any(w in f" {key}" for w in GROUP_EVENT_PHRASES + GROUP_EVENT_WORDS):
        return GROUP_EVENT
    return NOTICE


def looks_like_event(sender: str) -> bool:
    """A "sender" that is really the start of a group event ("Testa changed the subject from
    “a” to “b: c”" splits at the colon inside the quotes)."""
    return _GROUP_EVENT.search(sender.casefold()) is not None

"""A local Telegram Bot API server for end-to-end tests: it feeds getUpdates and records sends.

The real python-telegram-bot ``Application`` talks to it over HTTP exactly as it would talk to
api.telegram.org (``ApplicationBuilder().base_url(api.base_url).base_file_url(...)``), from this
process or from a child process that may be killed and restarted while the server keeps its state.
Replies use the real JSON shapes and error descriptions, and requests are validated the way
Telegram validates them, so a bug that Telegram would reject fails here too.

Only the stdlib is used: a ``ThreadingHTTPServer`` on 127.0.0.1 served from a daemon thread, with
all state guarded by one condition that long polls and ``wait_for`` sleep on.
"""

from __future__ import annotations

import copy
import html
import itertools
import json
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, TypeVar, cast
from urllib.parse import parse_qsl, unquote, urlsplit

JSON = dict[str, Any]
T = TypeVar("T")

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_ANSWER_LIMIT = 200
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
# Telegram leaves these out unless allowed_updates asks for them.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
BUTTON_ACTIONS = frozenset(
    [
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    ]
)
# PTB sends form fields as strings and nested values JSON-encoded; these are decoded on arrival.
JSON_FIELDS = frozenset(
    [
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
        "media",
    ]
)
INT_FIELDS = frozenset(
    [
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "cache_time",
        "message_thread_id",
        "max_connections",
        "user_id",
    ]
)
BOOL_FIELDS = frozenset(
    [
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "disable_web_page_preview",
        "disable_content_type_detection",
        "has_spoiler",
    ]
)


class ApiError(Exception):
    """A Bot API error reply: HTTP status, description and optional response parameters."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def to_dict(self) -> JSON:
        """The JSON body Telegram sends for this error."""
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    """A 400 error with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {description}")


@dataclass(frozen=True)
class User:
    """A citizen on the other side of the chat."""

    id: int
    first_name: str = "Citizen"
    username: str | None = None
    language_code: str | None = "zh-hans"

    def to_dict(self) -> JSON:
        """The Bot API User object."""
        data: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class Chat:
    """A chat the bot can write to: private with a user, or a group."""

    id: int
    type: str = "private"
    title: str | None = None
    first_name: str | None = None
    username: str | None = None

    @classmethod
    def private(cls, user: User) -> Chat:
        """The private chat between a user and the bot (its id is the user's id)."""
        return cls(user.id, "private", first_name=user.first_name, username=user.username)

    @classmethod
    def group(cls, chat_id: int, title: str = "Test group") -> Chat:
        """A basic group; Telegram gives groups negative ids."""
        return cls(chat_id, "group", title=title)

    def to_dict(self) -> JSON:
        """The Bot API Chat object."""
        data: JSON = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "username"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, with its decoded parameters and how the fake answered."""

    method: str
    params: JSON
    status: int = 200
    description: str | None = None
    files: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.status == 200


@dataclass
class StoredFile:
    """A file the fake can serve through getFile and the download URL."""

    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None

    def to_dict(self) -> JSON:
        """The Bot API document-like object (file_id, file_unique_id, name, type, size)."""
        data: JSON = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        data["file_size"] = len(self.content)
        return data


@dataclass(frozen=True)
class Upload:
    """One file part of a multipart request."""

    filename: str | None
    content: bytes
    content_type: str | None


@dataclass
class _Request:
    params: JSON
    files: dict[str, Upload] = field(default_factory=dict)


# --- Telegram's HTML parse mode -------------------------------------------------------------

_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[a-zA-Z]{1,10});")
_TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTR_RE = re.compile(r"""([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts limits and offsets in."""
    return len(text.encode("utf-16-le")) // 2


def _entity_char(source: str, at: int) -> tuple[str, int]:
    match = _ENTITY_RE.match(source, at)
    if match:
        body = match.group(1)
        if body.startswith("#"):
            digits = body[1:]
            number = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
            if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
                return chr(number), match.end() - at
        elif body in _NAMED_ENTITIES:
            return _NAMED_ENTITIES[body], match.end() - at
    raise _parse_error(source, at, "Unsupported HTML entity")


def _parse_error(source: str, at: int, problem: str, detail: str = "") -> ApiError:
    offset = len(source[:at].encode())
    return bad_request(f"can't parse entities: {problem} at byte offset {offset}{detail}")


def _entity(name: str, attrs: dict[str, str], start: int, end: int) -> JSON | None:
    kind = _TAG_TYPES[name]
    entity: JSON = {"type": kind, "offset": start, "length": end - start}
    if kind == "text_link":
        if not attrs.get("href"):
            return None
        entity["url"] = attrs["href"]
    elif kind == "pre" and attrs.get("language"):
        entity["language"] = attrs["language"]
    elif kind == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    return entity if end > start else None


def _start_tag(source: str, at: int, inner: str) -> tuple[str, dict[str, str]]:
    match = _TAG_NAME_RE.match(inner)
    name = match.group(0).lower() if match else ""
    if name not in _TAG_TYPES:
        raise _parse_error(source, at, f'Unsupported start tag "{name}"')
    attrs = {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR_RE.finditer(inner, len(name))
    }
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _parse_error(source, at, 'Tag "span" must have class "tg-spoiler"')
    return name, attrs


@dataclass
class _OpenTag:
    name: str
    start: int
    attrs: dict[str, str]


class _HtmlParser:
    """Telegram's HTML parse mode: tags become entities with UTF-16 offsets."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[str] = []
        self.position = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[JSON] = []

    def parse(self) -> tuple[str, list[JSON]]:
        """The plain text and its entities."""
        at = 0
        while at < len(self.source):
            char = self.source[at]
            if char == "<":
                at = self._tag(at)
                continue
            width = 1
            if char == "&":
                char, width = _entity_char(self.source, at)
            self.out.append(char)
            self.position += utf16_len(char)
            at += width
        if self.stack:
            raise bad_request(
                "can't parse entities: Can't find end tag corresponding to start tag "
                f'"{self.stack[-1].name}"'
            )
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), entities

    def _tag(self, at: int) -> int:
        end = self.source.find(">", at)
        if end < 0:
            raise _parse_error(self.source, at, "Unclosed start tag")
        inner = self.source[at + 1 : end]
        if inner.startswith("/"):
            self._close(at, inner[1:].strip().lower())
        else:
            name, attrs = _start_tag(self.source, at, inner)
            self.stack.append(_OpenTag(name, self.position, attrs))
        return end + 1

    def _close(self, at: int, name: str) -> None:
        if not self.stack:
            raise _parse_error(self.source, at, "Unexpected end tag")
        tag = self.stack.pop()
        if name != tag.name:
            detail = f', expected "</{tag.name}>", found "</{name}>"'
            raise _parse_error(self.source, at, "Unmatched end tag", detail)
        if tag.name == "code" and self.stack and self.stack[-1].name == "pre":
            # <pre><code class="language-x"> is one pre entity with a language, not two.
            css = tag.attrs.get("class", "")
            if css.startswith("language-"):
                self.stack[-1].attrs["language"] = css.removeprefix("language-")
            return
        entity = _entity(tag.name, tag.attrs, tag.start, self.position)
        if entity:
            self.entities.append(entity)


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Plain text and entities for parse_mode=HTML, or the BadRequest Telegram would return."""
    return _HtmlParser(source).parse()


# --- Request bodies and field validation ----------------------------------------------------

_FORM_ESCAPE_RE = re.compile(r"%(1[0-9A-F]|0[0-9A-F]|22)|\\\\")


def _form_param(header: str, name: str) -> str | None:
    """A quoted parameter of a multipart header, undoing httpx's HTML5 escaping."""
    match = re.search(rf'(?:^|;)\s*{name}="((?:[^"\\]|\\.)*)"', header, re.IGNORECASE)
    if match is None:
        return None
    return _FORM_ESCAPE_RE.sub(
        lambda m: chr(int(m.group(1), 16)) if m.group(1) else "\\", match.group(1)
    )


def _parse_multipart(content_type: str, body: bytes) -> tuple[JSON, dict[str, Upload]]:
    boundary = re.search(r'boundary="?([^";]+)"?', content_type)
    if boundary is None:
        raise bad_request("can't parse multipart/form-data: boundary is missing")
    fields: JSON = {}
    files: dict[str, Upload] = {}
    for chunk in body.split(b"--" + boundary.group(1).encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = _form_param(disposition, "name") or ""
        filename = _form_param(disposition, "filename")
        if filename is None:  # a plain field, even with a text/plain content type (aiohttp)
            fields[name] = content.decode("utf-8")
        else:
            files[name] = Upload(filename, content, headers.get("content-type"))
    return fields, files


def _read_chunked(stream: Any) -> bytes:
    parts: list[bytes] = []
    while True:
        size = int(stream.readline().split(b";")[0].strip() or b"0", 16)
        if size == 0:
            stream.readline()
            return b"".join(parts)
        parts.append(stream.read(size))
        stream.readline()


def _decode_params(raw: JSON) -> JSON:
    """Typed values from form strings; JSON bodies arrive typed already."""
    params: JSON = {}
    for key, value in raw.items():
        if isinstance(value, str) and key in JSON_FIELDS:
            try:
                value = json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {key} JSON object") from None
        elif isinstance(value, str) and key in INT_FIELDS and re.fullmatch(r"-?\d+", value):
            value = int(value)
        elif isinstance(value, str) and key in BOOL_FIELDS:
            value = value.lower() in ("true", "1")
        params[key] = value
    return params


def _parse_request(content_type: str, body: bytes, query: str) -> _Request:
    raw: JSON = dict(parse_qsl(query, keep_blank_values=True))
    files: dict[str, Upload] = {}
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body.strip():
        try:
            loaded = json.loads(body)
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(loaded, dict):
            raise bad_request("parameters must be a JSON object")
        raw.update(loaded)
    elif kind == "multipart/form-data":
        fields, files = _parse_multipart(content_type, body)
        raw.update(fields)
    elif body:
        raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return _Request(_decode_params(raw), files)


def _int(params: JSON, key: str, default: int) -> int:
    value = params.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"invalid {key} specified")
    return value


def _seconds(value: Any) -> float:
    """A non-negative duration; PTB sends whole seconds as ints and fractions as floats."""
    try:
        return max(float(value or 0), 0.0)
    except (TypeError, ValueError):
        raise bad_request("invalid timeout specified") from None


def _inline_markup(params: JSON) -> JSON | None:
    """The inline keyboard to echo in the Message; reply keyboards are accepted but not echoed."""
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for button in itertools.chain.from_iterable(rows):
        if not isinstance(button, dict) or not button.get("text"):
            raise bad_request("BUTTON_TEXT_INVALID")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
        if not BUTTON_ACTIONS & button.keys():
            raise bad_request("text buttons are unallowed in the inline keyboard")
        url = button.get("url")
        if url is not None and not re.match(r"(https?|tg)://\S+$", str(url)):
            raise bad_request("BUTTON_URL_INVALID")
    return markup if any(rows) else None


def _formatted(params: JSON, key: str, entities_key: str) -> tuple[str, list[JSON]]:
    text = params.get(key)
    if text is None:
        return "", []
    text = str(text)
    mode = str(params.get("parse_mode") or "").lower()
    if mode == "html":
        return parse_html(text)
    entities = params.get(entities_key) or []
    return text, list(entities) if isinstance(entities, list) else []


def _message_text(params: JSON) -> tuple[str, list[JSON]]:
    text, entities = _formatted(params, "text", "entities")
    if not text.strip():
        raise bad_request("message text is empty")
    if utf16_len(text) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return text, entities


def _caption(params: JSON) -> JSON:
    caption, entities = _formatted(params, "caption", "caption_entities")
    if utf16_len(caption) > CAPTION_LIMIT:
        raise bad_request("message caption is too long")
    content: JSON = {"caption": caption} if caption else {}
    if caption and entities:
        content["caption_entities"] = entities
    return content


def _with_text(message: JSON, text: str, entities: list[JSON]) -> None:
    message["text"] = text
    message.pop("entities", None)
    if entities:
        message["entities"] = entities


def _with_markup(message: JSON, markup: JSON | None) -> None:
    message.pop("reply_markup", None)
    if markup is not None:
        message["reply_markup"] = markup


def _auto_entities(text: str) -> list[JSON]:
    """The bot_command and mention entities Telegram's clients attach to what users type."""
    entities = []
    for kind, pattern in (
        ("bot_command", r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?"),
        ("mention", r"(?<![\S/])@[A-Za-z0-9_]{4,32}"),
    ):
        for match in re.finditer(pattern, text):
            offset = utf16_len(text[: match.start()])
            entities.append({"type": kind, "offset": offset, "length": utf16_len(match.group())})
    return sorted(entities, key=lambda e: e["offset"])


def _summary(message: JSON) -> str:
    """One line for a message in dumps: its text or what kind of media it is, and its buttons."""
    body = message.get("text") or message.get("caption") or ""
    media = [key for key in ("photo", "document", "sticker", "voice", "location") if key in message]
    if media:
        body = f"[{media[0]}] {body}".strip()
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    buttons = [
        f"{b.get('text')}={b.get('callback_data', b.get('url'))}" for row in rows for b in row
    ]
    return body + (f"  [buttons: {' | '.join(buttons)}]" if buttons else "")


# --- The server -----------------------------------------------------------------------------

METHODS = [
    "getMe",
    "getUpdates",
    "deleteWebhook",
    "setWebhook",
    "getWebhookInfo",
    "logOut",
    "close",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "sendChatAction",
    "sendDocument",
    "sendPhoto",
    "getFile",
]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


class FakeBotApi:
    """A Telegram Bot API server on 127.0.0.1 for the real python-telegram-bot to talk to."""

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "legalbot_test_bot",
        *,
        bot_name: str = "LegalBot",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        prefix = token.split(":")[0]
        self.bot_user: JSON = {
            "id": int(prefix) if prefix.isdigit() else 1,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self._clock = clock
        self._cond = threading.Condition(threading.RLock())
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._confirmed = 0
        self._allowed: frozenset[str] | None = None
        self._poll_generation = 0
        self._chats: dict[int, JSON] = {}
        self._messages: dict[int, dict[int, JSON]] = {}
        self._last_message_id: dict[int, int] = {}
        self._deleted: list[JSON] = []
        self._files: dict[str, StoredFile] = {}
        self._file_numbers = itertools.count(1)
        self._queries: dict[str, JSON] = {}
        self._query_numbers = itertools.count(4_620_000_000_000_000_001)
        self._callback_answers: list[JSON] = []
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._webhook: JSON = {"url": ""}
        self._requests: list[ApiCall] = []
        self._server_errors: list[str] = []
        self._throttle: JSON = {"left": 0, "retry_after": 1, "methods": frozenset()}
        self._blocked: set[int] = set()
        self._hold: JSON = {"on": False, "generation": 0, "dropped": -1, "waiting": 0}
        self._handlers: dict[str, tuple[str, Callable[[_Request], Any]]] = {
            name.lower(): (name, getattr(self, f"_{_snake(name)}")) for name in METHODS
        }

    # --- lifecycle ---

    def start(self) -> FakeBotApi:
        """Listen on an ephemeral port and serve from a daemon thread."""
        if self._server is None:
            self._stopping = False
            self._server = _Server(self)
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fake-bot-api",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Wake pending long polls, stop serving and close the socket."""
        server, self._server = self._server, None
        if server is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        if self._server is None:
            raise RuntimeError("FakeBotApi is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder().base_url(): PTB appends the token and the method."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ApplicationBuilder().base_file_url(): PTB appends the token and the file path."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # --- what users do ---

    def add_user(self, user: User) -> Chat:
        """Make a user's private chat known, as if they had started the bot before."""
        chat = Chat.private(user)
        with self._cond:
            self._chats[chat.id] = chat.to_dict()
        return chat

    def add_group(self, chat_id: int, title: str = "Test group") -> Chat:
        """Make a group known to the bot."""
        chat = Chat.group(chat_id, title)
        with self._cond:
            self._chats[chat.id] = chat.to_dict()
        return chat

    def add_update(self, body: JSON) -> JSON:
        """Enqueue a raw update body such as {"message": {...}}; returns it with its update_id."""
        with self._cond:
            update = {"update_id": next(self._update_ids), **copy.deepcopy(body)}
            self._updates.append(update)
            self._cond.notify_all()
            return copy.deepcopy(update)

    def send_text(self, user: User, text: str, chat: Chat | None = None) -> JSON:
        """The user types text (commands and @mentions get their entities)."""
        content: JSON = {"text": text}
        entities = _auto_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(user, chat, content)

    def send_command(self, user: User, command: str, chat: Chat | None = None) -> JSON:
        """The user sends a command such as "/start" (with its bot_command entity)."""
        if not command.startswith("/"):
            raise ValueError(f"a command starts with '/': {command!r}")
        return self.send_text(user, command, chat)

    def send_group_text(
        self, user: User, group_chat_id: int, text: str, *, mention: bool = False
    ) -> JSON:
        """The user writes in a group, optionally starting with an @mention of the bot."""
        if mention:
            text = f"@{self.bot_user['username']} {text}"
        return self.send_text(user, text, Chat.group(group_chat_id))

    def press_button(
        self, user: User, message: JSON | int, data: str, *, strict: bool = True
    ) -> JSON:
        """The user presses an inline button of a bot message (a dict, or an id in their chat)."""
        chat_id = message["chat"]["id"] if isinstance(message, dict) else user.id
        message_id = message["message_id"] if isinstance(message, dict) else message
        with self._cond:
            current = self._messages.get(chat_id, {}).get(message_id)
            if current is None:
                raise LookupError(f"no message {message_id} in chat {chat_id}\n{self.dump()}")
            rows = current.get("reply_markup", {}).get("inline_keyboard", [])
            offered = [button.get("callback_data") for row in rows for button in row]
            if strict and data not in offered:
                raise AssertionError(f"message {message_id} has no button {data!r}: {offered}")
            query_id = str(next(self._query_numbers))
            query: JSON = {
                "id": query_id,
                "from": user.to_dict(),
                "message": copy.deepcopy(current),
                "chat_instance": f"-{abs(chat_id) * 7919}",
                "data": data,
            }
            self._queries[query_id] = query
            return self.add_update({"callback_query": query})

    def register_file(
        self,
        content: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        folder: str = "documents",
    ) -> StoredFile:
        """Store bytes the fake will serve through getFile and the file download URL."""
        with self._cond:
            number = next(self._file_numbers)
            suffix = re.search(r"\.[A-Za-z0-9]{1,8}$", file_name or "")
            path = f"{folder}/file_{number}{suffix.group() if suffix else ''}"
            stored = StoredFile(
                f"fake-file-{number}", f"fake-unique-{number}", content, path, file_name, mime_type
            )
            self._files[stored.file_id] = stored
            return stored

    def send_photo(
        self, user: User, content: bytes, caption: str | None = None, chat: Chat | None = None
    ) -> JSON:
        """The user sends a photo whose bytes the bot can download."""
        stored = self.register_file(content, mime_type="image/jpeg", folder="photos")
        body: JSON = {"photo": [_photo_size(stored)]}
        if caption:
            body["caption"] = caption
        return self._user_message(user, chat, body)

    def send_document(
        self,
        user: User,
        content: bytes,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> JSON:
        """The user sends a file whose bytes the bot can download."""
        stored = self.register_file(content, file_name=file_name, mime_type=mime_type)
        body: JSON = {"document": stored.to_dict()}
        if caption:
            body["caption"] = caption
        return self._user_message(user, None, body)

    def send_sticker(self, user: User, emoji: str = "👍") -> JSON:
        """The user sends a sticker."""
        stored = self.register_file(b"RIFF\x00\x00\x00\x00WEBP", folder="stickers")
        sticker = {
            **_photo_size(stored),
            "width": 512,
            "height": 512,
            "type": "regular",
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(user, None, {"sticker": sticker})

    def send_voice(self, user: User, content: bytes = b"OggS\x00fake", duration: int = 3) -> JSON:
        """The user sends a voice note."""
        stored = self.register_file(content, mime_type="audio/ogg", folder="voice")
        voice = {**stored.to_dict(), "duration": duration}
        return self._user_message(user, None, {"voice": voice})

    def send_location(self, user: User, latitude: float, longitude: float) -> JSON:
        """The user shares a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._user_message(user, None, {"location": location})

    def _user_message(self, user: User, chat: Chat | None, content: JSON) -> JSON:
        chat = chat or Chat.private(user)
        with self._cond:
            self._chats[chat.id] = chat.to_dict()
            message = {
                "message_id": self._next_message_id(chat.id),
                "from": user.to_dict(),
                "chat": chat.to_dict(),
                "date": self._now(),
                **copy.deepcopy(content),
            }
            self._store(message)
            return self.add_update({"message": message})

    # --- what the bot did ---

    def messages(self, chat_id: int) -> list[JSON]:
        """The bot's messages in a chat, in order, with edits applied and deletions gone."""
        with self._cond:
            chat = self._messages.get(chat_id, {})
            mine = [m for _, m in sorted(chat.items()) if m["from"]["id"] == self.bot_user["id"]]
            return copy.deepcopy(mine)

    def transcript(self, chat_id: int) -> list[tuple[str, str]]:
        """("user" | "bot", text or media summary) for every live message of a chat, in order."""
        with self._cond:
            chat = self._messages.get(chat_id, {})
            return [(self._speaker(m), _summary(m)) for _, m in sorted(chat.items())]

    def deleted_messages(self, chat_id: int) -> list[JSON]:
        """Messages the bot deleted in a chat, in deletion order."""
        with self._cond:
            return copy.deepcopy([m for m in self._deleted if m["chat"]["id"] == chat_id])

    @property
    def requests(self) -> list[ApiCall]:
        """Every API call so far, in the order they were answered."""
        with self._cond:
            return list(self._requests)

    def calls(self, method: str) -> list[ApiCall]:
        """The API calls of one method (case-insensitive)."""
        return [call for call in self.requests if call.method.lower() == method.lower()]

    @property
    def callback_answers(self) -> list[JSON]:
        """answerCallbackQuery parameters, each with the pressed button's "data" added."""
        with self._cond:
            return copy.deepcopy(self._callback_answers)

    @property
    def commands(self) -> list[JSON]:
        """The command menu for the default scope and no language."""
        return self.commands_for()

    def commands_for(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The command menu set for a scope (default {"type": "default"}) and language."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        with self._cond:
            return copy.deepcopy(self._commands.get(key, []))

    @property
    def webhook(self) -> JSON:
        """The parameters of the last setWebhook ({"url": ""} when none is set)."""
        with self._cond:
            return copy.deepcopy(self._webhook)

    @property
    def server_errors(self) -> list[str]:
        """Tracebacks of requests the fake itself failed on (a bug here, not in the bot)."""
        with self._cond:
            return list(self._server_errors)

    def file_content(self, file_id: str) -> bytes:
        """The bytes behind a file_id, e.g. of a document the bot sent."""
        with self._cond:
            return self._files[file_id].content

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._cond:
            return copy.deepcopy(self._updates)

    def confirm_update(self, update_id: int) -> None:
        """Drop one update from the queue, as Telegram does when a webhook answered it with 2xx."""
        with self._cond:
            self._updates = [u for u in self._updates if u["update_id"] != update_id]
            self._cond.notify_all()

    @property
    def confirmed_offset(self) -> int:
        """The highest getUpdates offset seen: every update below it is confirmed."""
        with self._cond:
            return self._confirmed

    def wait_for(self, predicate: Callable[[], T], timeout: float = 10, what: str = "") -> T:
        """Block until predicate() is truthy and return it, or fail with a dump of the chats."""
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                label = what or getattr(predicate, "__name__", "condition")
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {label}\n{self.dump()}"
                )
            with self._cond:
                self._cond.wait(min(remaining, 0.05))

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 10) -> list[JSON]:
        """Block until the bot has at least count messages in the chat; returns them all."""

        def enough() -> list[JSON]:
            found = self.messages(chat_id)
            return found if len(found) >= count else []

        return self.wait_for(enough, timeout, f"{count} bot message(s) in chat {chat_id}")

    def dump(self) -> str:
        """Every chat, pending update and recent request, for failure messages."""
        with self._cond:
            lines = ["--- fake Bot API ---"]
            for chat_id, chat in self._messages.items():
                lines.append(f"chat {chat_id}:")
                for message_id, message in sorted(chat.items()):
                    speaker = self._speaker(message)
                    lines.append(f"  #{message_id} {speaker}: {_summary(message)}")
            pending = [u["update_id"] for u in self._updates]
            lines.append(f"pending updates {pending}, confirmed offset {self._confirmed}")
            calls = [c for c in self._requests if not (c.ok and c.method == "getUpdates")]
            lines.append(f"last requests ({len(self._requests)} in all, polls omitted):")
            for call in calls[-15:]:
                params = json.dumps(call.params, ensure_ascii=False, default=str)[:300]
                outcome = f"{call.status} {call.description}" if not call.ok else "ok"
                lines.append(f"  {call.method} -> {outcome} {params}")
            lines.extend(f"server error: {error}" for error in self._server_errors)
            return "\n".join(lines)

    # --- switches ---

    def rate_limit(
        self, retry_after: int = 1, times: int = 1, methods: Iterable[str] = ("sendMessage",)
    ) -> None:
        """Answer the next `times` calls of these methods with 429 and retry_after."""
        with self._cond:
            self._throttle = {
                "left": times,
                "retry_after": retry_after,
                "methods": frozenset(name.lower() for name in methods),
            }

    def block(self, chat_id: int) -> None:
        """The user blocks the bot: sends to their chat fail with 403 Forbidden."""
        with self._cond:
            self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """The user unblocks the bot."""
        with self._cond:
            self._blocked.discard(chat_id)

    def hold_sends(self) -> None:
        """Keep sendMessage requests waiting, unanswered and unrecorded, until released."""
        with self._cond:
            self._hold["on"] = True

    def release_sends(self, *, deliver: bool) -> None:
        """Let held sends through, or (deliver=False, their sender died) drop them unrecorded."""
        with self._cond:
            if not deliver:
                self._hold["dropped"] = self._hold["generation"]
            self._hold["generation"] += 1
            self._hold["on"] = False
            self._cond.notify_all()

    @property
    def held_sends(self) -> int:
        """How many sendMessage requests are waiting at the hold."""
        with self._cond:
            return int(self._hold["waiting"])

    def _wait_while_held(self) -> None:
        generation = self._hold["generation"]
        self._hold["waiting"] += 1
        self._cond.notify_all()
        while self._hold["on"] and self._hold["generation"] == generation:
            self._cond.wait()
        self._hold["waiting"] -= 1
        if self._hold["dropped"] == generation:
            raise ApiError(502, "Bad Gateway: the request was never delivered")

    def expire_callback_queries(self) -> None:
        """Every open callback query becomes too old to answer, as after a long restart."""
        with self._cond:
            self._queries.clear()

    # --- HTTP ---

    def handle(self, path: str, content_type: str, body: bytes) -> tuple[int, bytes, str]:
        """Answer one HTTP request: (status, body, content type)."""
        url = urlsplit(path)
        route = unquote(url.path)
        if route.startswith("/file/bot"):
            return self._download(route.removeprefix("/file/bot"))
        token, _, method = route.removeprefix("/bot").partition("/")
        request = _Request({})
        try:
            self._check_token(token if route.startswith("/bot") else "")
            method, handler = self._handlers.get(method.lower()) or (method, None)
            if handler is None:
                raise ApiError(404, "Not Found")
            request = _parse_request(content_type, body, url.query)
            reply: JSON = {"ok": True, "result": self._call(method, handler, request)}
            status, description = 200, None
        except ApiError as error:
            reply, status, description = error.to_dict(), error.code, error.description
        except Exception as error:  # a bug in the fake: answer 500 and keep it for the dump
            with self._cond:
                self._server_errors.append(traceback.format_exc())
            description = f"Internal Server Error: {error!r}"
            reply, status = ApiError(500, description).to_dict(), 500
        self._record(ApiCall(method, request.params, status, description, tuple(request.files)))
        return status, json.dumps(reply, ensure_ascii=False).encode(), "application/json"

    def _check_token(self, token: str) -> None:
        # Telegram answers 404 to malformed tokens and 401 to well-formed wrong ones.
        if not re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token):
            raise ApiError(404, "Not Found")
        if token != self.token:
            raise ApiError(401, "Unauthorized")

    def _call(self, method: str, handler: Callable[[_Request], Any], request: _Request) -> Any:
        with self._cond:
            if self._hold["on"] and method.lower() == "sendmessage":
                self._wait_while_held()
            throttle = self._throttle
            if throttle["left"] > 0 and method.lower() in throttle["methods"]:
                throttle["left"] -= 1
                seconds = throttle["retry_after"]
                raise ApiError(
                    429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
                )
            return copy.deepcopy(handler(request))

    def _record(self, call: ApiCall) -> None:
        with self._cond:
            self._requests.append(call)
            self._cond.notify_all()

    def _download(self, rest: str) -> tuple[int, bytes, str]:
        token, _, file_path = rest.partition("/")
        try:
            self._check_token(token)
            with self._cond:
                found = next((f for f in self._files.values() if f.file_path == file_path), None)
            if found is None:
                raise ApiError(404, "Not Found")
        except ApiError as error:
            self._record(
                ApiCall("download", {"file_path": file_path}, error.code, error.description)
            )
            return error.code, json.dumps(error.to_dict()).encode(), "application/json"
        self._record(ApiCall("download", {"file_path": file_path}))
        return 200, found.content, found.mime_type or "application/octet-stream"

    # --- state helpers (called with the lock held) ---

    def _now(self) -> int:
        return int(self._clock())

    def _speaker(self, message: JSON) -> str:
        return "bot" if message["from"]["id"] == self.bot_user["id"] else "user"

    def _next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _store(self, message: JSON) -> JSON:
        self._messages.setdefault(message["chat"]["id"], {})[message["message_id"]] = message
        self._cond.notify_all()
        return message

    def _target_chat(self, params: JSON) -> JSON:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        chat: JSON | None = None
        if isinstance(raw, str) and raw.startswith("@"):
            name = raw[1:].lower()
            chats = (c for c in self._chats.values() if c["type"] != "private")
            chat = next((c for c in chats if str(c.get("username", "")).lower() == name), None)
        elif isinstance(raw, int) and not isinstance(raw, bool):
            chat = self._chats.get(raw)
        if chat is None:
            raise bad_request("chat not found")
        if chat["id"] in self._blocked:
            who = "blocked by the user" if chat["type"] == "private" else "kicked from the group"
            raise ApiError(403, f"Forbidden: bot was {who}")
        return copy.deepcopy(chat)

    def _replied(self, chat: JSON, params: JSON) -> JSON | None:
        target = params.get("reply_parameters")
        target = target if isinstance(target, dict) else {}
        message_id = target.get("message_id") or params.get("reply_to_message_id")
        if not message_id:
            return None
        found = self._messages.get(chat["id"], {}).get(message_id)
        if found is None:
            if target.get("allow_sending_without_reply") or params.get(
                "allow_sending_without_reply"
            ):
                return None
            raise bad_request("message to be replied not found")
        replied = copy.deepcopy(found)
        replied.pop("reply_to_message", None)
        return replied

    def _post(self, chat: JSON, params: JSON, content: JSON) -> JSON:
        markup = _inline_markup(params)
        replied = self._replied(chat, params)
        slim_bot = {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
        message: JSON = {
            "message_id": self._next_message_id(chat["id"]),
            "from": slim_bot,
            "chat": chat,
            "date": self._now(),
        }
        if replied:
            message["reply_to_message"] = replied
        message.update(content)
        _with_markup(message, markup)
        return self._store(message)

    def _editable(self, params: JSON) -> JSON:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(params)
        message_id = params.get("message_id")
        if not message_id:
            raise bad_request("message identifier is not specified")
        message = self._messages.get(chat["id"], {}).get(message_id)
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise bad_request("message can't be edited")
        return message

    def _input_file(self, request: _Request, key: str, folder: str) -> StoredFile:
        value = request.params.get(key)
        upload = request.files.get(key)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = request.files.get(value.removeprefix("attach://"))
        if upload is not None:
            if not upload.content:
                raise bad_request("file must be non-empty")
            name = upload.filename if folder == "documents" else None
            return self.register_file(
                upload.content, file_name=name, mime_type=upload.content_type, folder=folder
            )
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if value:
            raise bad_request("wrong file identifier/HTTP URL specified")
        raise bad_request(f"there is no {key} in the request")

    # --- Bot API methods (called with the lock held) ---

    def _get_me(self, request: _Request) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, request: _Request) -> list[JSON]:
        params = request.params
        if self._webhook.get("url"):
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset = _int(params, "offset", 0)
        limit = min(max(_int(params, "limit", 100), 1), 100)
        timeout = _seconds(params.get("timeout"))
        if isinstance(params.get("allowed_updates"), list):
            self._allowed = frozenset(params["allowed_updates"]) or None
        self._confirm(offset)
        # A newer getUpdates ends the previous long poll, e.g. one left by a killed bot process.
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()
        deadline = time.monotonic() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, POLL_CONFLICT)
            ready = [u for u in self._updates if u["update_id"] >= offset and self._wanted(u)]
            remaining = deadline - time.monotonic()
            if ready or self._stopping or remaining <= 0:
                return ready[:limit]
            self._cond.wait(remaining)

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            self._updates = self._updates[offset:]
            if self._updates:
                self._confirmed = max(self._confirmed, self._updates[0]["update_id"])
        elif offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._confirmed = max(self._confirmed, offset)

    def _wanted(self, update: JSON) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self._allowed is None:
            return kind not in OPT_IN_UPDATES
        return kind in self._allowed

    def _delete_webhook(self, request: _Request) -> bool:
        self._webhook = {"url": ""}
        if request.params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_webhook(self, request: _Request) -> bool:
        url = str(request.params.get("url") or "")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook = {**request.params, "url": url}
        if request.params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, request: _Request) -> JSON:
        info: JSON = {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": "certificate" in self._webhook,
            "pending_update_count": len(self._updates),
        }
        for key in ("max_connections", "allowed_updates", "ip_address"):
            if key in self._webhook and info["url"]:
                info[key] = self._webhook[key]
        return info

    def _log_out(self, request: _Request) -> bool:
        return True

    def _close(self, request: _Request) -> bool:
        return True

    def _command_key(self, params: JSON) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise bad_request("can't parse BotCommandScope JSON object")
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _set_my_commands(self, request: _Request) -> bool:
        commands = request.params.get("commands")
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required')
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand JSON object")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        menu = [{"command": c["command"], "description": c["description"]} for c in commands]
        self._commands[self._command_key(request.params)] = menu
        return True

    def _get_my_commands(self, request: _Request) -> list[JSON]:
        return self._commands.get(self._command_key(request.params), [])

    def _delete_my_commands(self, request: _Request) -> bool:
        self._commands.pop(self._command_key(request.params), None)
        return True

    def _send_message(self, request: _Request) -> JSON:
        chat = self._target_chat(request.params)
        text, entities = _message_text(request.params)
        content: JSON = {"text": text}
        if entities:
            content["entities"] = entities
        return self._post(chat, request.params, content)

    def _edit_message_text(self, request: _Request) -> JSON:
        message = self._editable(request.params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text, entities = _message_text(request.params)
        markup = _inline_markup(request.params)
        old = (message["text"], message.get("entities", []), message.get("reply_markup"))
        if old == (text, entities, markup):
            raise bad_request(NOT_MODIFIED)
        _with_text(message, text, entities)
        _with_markup(message, markup)
        message["edit_date"] = self._now()
        return message

    def _edit_message_reply_markup(self, request: _Request) -> JSON:
        message = self._editable(request.params)
        markup = _inline_markup(request.params)
        if message.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED)
        _with_markup(message, markup)
        message["edit_date"] = self._now()
        return message

    def _delete_message(self, request: _Request) -> bool:
        chat = self._target_chat(request.params)
        message_id = _int(request.params, "message_id", 0)
        message = self._messages.get(chat["id"], {}).pop(message_id, None)
        if message is None:
            raise bad_request("message to delete not found")
        self._deleted.append(message)
        return True

    def _answer_callback_query(self, request: _Request) -> bool:
        params = request.params
        query = self._queries.get(str(params.get("callback_query_id") or ""))
        if query is None:
            raise bad_request(QUERY_INVALID)
        if utf16_len(str(params.get("text") or "")) > CALLBACK_ANSWER_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        del self._queries[query["id"]]
        self._callback_answers.append({**params, "data": query.get("data")})
        return True

    def _send_chat_action(self, request: _Request) -> bool:
        self._target_chat(request.params)
        if request.params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _send_document(self, request: _Request) -> JSON:
        chat = self._target_chat(request.params)
        caption = _caption(request.params)
        stored = self._input_file(request, "document", "documents")
        return self._post(chat, request.params, {"document": stored.to_dict(), **caption})

    def _send_photo(self, request: _Request) -> JSON:
        chat = self._target_chat(request.params)
        caption = _caption(request.params)
        stored = self._input_file(request, "photo", "photos")
        return self._post(chat, request.params, {"photo": [_photo_size(stored)], **caption})

    def _get_file(self, request: _Request) -> JSON:
        stored = self._files.get(str(request.params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }


def _photo_size(stored: StoredFile) -> JSON:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "width": 90,
        "height": 90,
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without this, Nagle and delayed ACKs add ~40 ms.
    disable_nagle_algorithm = True
    timeout = 120  # idle keep-alive connections of a killed bot process end eventually

    def do_GET(self) -> None:
        """Serve API calls and file downloads (Telegram accepts GET for both)."""
        self._serve()

    def do_POST(self) -> None:
        """Serve API calls: urlencoded, multipart or JSON bodies."""
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: request lines carry the bot token."""

    def _serve(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            body = _read_chunked(self.rfile)
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        api = cast(_Server, self.server).api
        status, payload, content_type = api.handle(
            self.path, self.headers.get("Content-Type", ""), body
        )
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client is gone: a cancelled long poll or a SIGKILLed bot process.
            self.close_connection = True

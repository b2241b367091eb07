"""Every setting checked as soon as it is loaded, so that a wrong value stops ``dti-bot`` at once with a Vietnamese
message naming the key (and the file or environment variable it came from), rather than starting and then
apologising for every message (a time zone that does not exist), ending in a traceback (a log level logging does
not know), or failing the first time a file is written (a folder under /proc).

``load_settings`` calls ``check_settings`` last; each check raises ``ConfigError``. The checks only read, except
the files folder's, which proves it can be created and written by making and removing a temporary entry in it
(or in its nearest existing parent): nothing is left behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import ChannelSettings, ConfigError, Settings, check_reminders
from knowledge.lazy import lazy_compile

Origin = Callable[[str], str]  # "bot.timezone" → " (tệp config.toml)" / " (biến môi trường DTI_BOT_TIMEZONE)" / ""

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASES = ("sqlite", "postgresql")
PORTS = range(1, 65536)
_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_TELEGRAM_SECRET = lazy_compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts in X-Telegram-Bot-Api-Secret-Token
_TELEGRAM_USERNAME = lazy_compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")  # Telegram's rule for a username
ZALO_SECRET_LENGTH = range(8, 257)
_HOST = re.compile(r"^[A-Za-z0-9.:_\-\[\]]{1,253}$")  # a host name, an IPv4 or an IPv6 address
# The usual shape of a URL of a supported database, which SQLAlchemy reads the same way (one '@' at most, a port of
# digits): accepted without importing SQLAlchemy, so that commands that never open the database (``dti-bot ask``)
# do not pay for it. Anything else is read by SQLAlchemy itself, which decides and explains.
_PLAIN_DATABASE_URL = re.compile(
    r"(?:sqlite|postgresql)(?:\+\w+)?://(?:[^:/@?\[\]]*(?::[^/@?]*)?@)?(?:\[[0-9A-Fa-f:.]+\]|[^/:@?\[\]]*)"
    r"(?::[0-9]{1,5})?(?:/[^?@]*)?(?:\?[^@]*)?"
)
_TOKEN = re.compile(r"^[^\s/?#%]{0,256}$")  # goes into URL paths: no spaces, no '/', '?', '#', '%'


def check_settings(settings: Settings, origin: Origin) -> None:
    """Raise ``ConfigError`` for the first setting that cannot be used."""

    def fail(key: str, problem: str, value: object) -> None:
        raise ConfigError(f"Cấu hình {key} = {value!r}{origin(key)}: {problem}")

    bot = settings.bot
    if not _PLAN_ID.match(bot.plan):
        fail("bot.plan", "mã kế hoạch chỉ gồm chữ thường không dấu, số và '-', ví dụ kon-tum-2024", bot.plan)
    if (problem := timezone_problem(bot.timezone)) is not None:
        fail("bot.timezone", problem, bot.timezone)
    if bot.log_level.upper() not in LOG_LEVELS:
        fail("bot.log_level", f"mức ghi nhật ký phải là một trong {', '.join(LOG_LEVELS)}", bot.log_level)
    bot.log_level = bot.log_level.upper()
    if (problem := database_url_problem(settings.database.url)) is not None:
        fail("database.url", problem, _shown_url(settings.database.url))
    for name in ("telegram", "zalo"):
        _check_channel(name, getattr(settings, name), fail)
    if settings.telegram.username and not _TELEGRAM_USERNAME.match(settings.telegram.username):
        fail("telegram.username", "tên bot trên Telegram (không có @): 5–32 chữ cái Latin, số hoặc '_', bắt đầu "
             "bằng chữ cái, ví dụ dti_kontum_bot", settings.telegram.username)
    if (problem := folder_problem(settings.files.folder)) is not None:
        fail("files.folder", problem, settings.files.folder)
    if settings.files.public_url and (problem := url_problem(settings.files.public_url)) is not None:
        fail("files.public_url", problem, settings.files.public_url)
    web = settings.web
    if not _HOST.match(web.listen):
        fail("web.listen", "phải là tên máy hoặc địa chỉ IP để nghe, ví dụ 127.0.0.1 hoặc 0.0.0.0", web.listen)
    if web.port != 0 and web.port not in PORTS:
        fail("web.port", "cổng phải từ 1 đến 65535 (0: dti-bot run không phục vụ trang web)", web.port)
    if web.public_url and (problem := url_problem(web.public_url)) is not None:
        fail("web.public_url", problem, web.public_url)
    try:
        check_reminders(settings.reminders)
    except ConfigError as exc:
        raise ConfigError(f"{exc}{origin('reminders')}") from None


def _check_channel(name: str, channel: ChannelSettings, fail: Callable[[str, str, object], None]) -> None:
    if not _TOKEN.match(channel.token):
        fail(f"{name}.token", "token không được có khoảng trắng hay các ký tự / ? # %, dài tối đa 256 ký tự",
             "…" if channel.token else "")
    for key in ("base_url", "webhook_url"):
        value = getattr(channel, key)
        if (value or key == "base_url") and (problem := url_problem(value)) is not None:
            fail(f"{name}.{key}", problem, value)
    if not _HOST.match(channel.listen):
        fail(f"{name}.listen", "phải là tên máy hoặc địa chỉ IP để nghe, ví dụ 127.0.0.1 hoặc 0.0.0.0", channel.listen)
    if channel.port not in PORTS:
        fail(f"{name}.port", "cổng phải từ 1 đến 65535", channel.port)
    if channel.secret_token and (problem := secret_token_problem(name, channel.secret_token)) is not None:
        fail(f"{name}.secret_token", problem, "…")


def secret_token_problem(channel: str, secret: str) -> str | None:
    """Why ``secret`` cannot be the webhook's secret token on ``channel`` (None: it can): Telegram takes 1–256 of
    A–Z, a–z, 0–9, '_' and '-'; Zalo 8–256 characters. Also checked when a channel starts (settings made in code)."""
    if channel == "telegram" and not _TELEGRAM_SECRET.match(secret):
        return "chỉ được gồm chữ cái Latin, chữ số, '_' và '-', dài 1–256 ký tự"
    if channel == "zalo" and len(secret) not in ZALO_SECRET_LENGTH:
        return "phải dài từ 8 đến 256 ký tự"
    return None


def timezone_problem(name: str) -> str | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return "không có múi giờ này; dùng tên trong cơ sở dữ liệu múi giờ IANA, ví dụ Asia/Ho_Chi_Minh"
    return None


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an http(s) address with a host (None when it is one)."""
    example = "ví dụ https://bot.example.vn/dti"
    if not url.isprintable() or any(ch.isspace() for ch in url):
        return f"địa chỉ không được có khoảng trắng hay ký tự điều khiển ({example})"
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a port that is not a number or out of range
    except ValueError:
        return f"không phải địa chỉ URL hợp lệ ({example})"
    if parts.scheme not in ("http", "https"):
        return f"địa chỉ phải bắt đầu bằng http:// hoặc https:// ({example})"
    if not parts.hostname:
        return f"địa chỉ thiếu tên máy chủ ({example})"
    return None


def database_url_problem(url: str) -> str | None:
    """The URL's form only (SQLAlchemy can read it, a database this project supports); the driver and the
    server are checked when the database is opened."""
    if url.isprintable() and _PLAIN_DATABASE_URL.fullmatch(url):
        return None
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    examples = "sqlite:///dti-bot.db hoặc postgresql+psycopg://người_dùng:mật_khẩu@máy_chủ:5432/tên_csdl"
    try:
        backend = make_url(url).get_backend_name()
    except (ArgumentError, ValueError):
        return f"không phải URL cơ sở dữ liệu. Ví dụ URL đúng: {examples}"
    if backend not in DATABASES:
        return f"dùng loại cơ sở dữ liệu không được hỗ trợ (chỉ SQLite và PostgreSQL). Ví dụ URL đúng: {examples}"
    return None


def _shown_url(url: str) -> str:
    from bot.db.session import shown_url

    try:
        return shown_url(url)
    except Exception:  # not a URL at all: nothing to mask
        return url


def folder_problem(folder: str) -> str | None:
    """Why the bot could not keep files in ``folder`` (None when it can): the folder, or the nearest of its
    parents that exists, must be a directory in which an entry can be made. Proved by making and removing one."""
    if not folder.strip() or not folder.isprintable():
        return "cần đường dẫn một thư mục (không có ký tự điều khiển)"
    path = Path(folder).expanduser().absolute()
    existing = path
    try:
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
    except (OSError, ValueError) as exc:
        return f"không phải đường dẫn dùng được ({exc})"
    if not existing.is_dir():
        return f"{existing} không phải thư mục"
    try:
        if existing == path:
            fd, probe = tempfile.mkstemp(dir=path, prefix=".dti-bot-check-")
            os.close(fd)
            os.unlink(probe)
        else:
            os.rmdir(tempfile.mkdtemp(dir=existing, prefix=".dti-bot-check-"))
    except OSError as exc:
        what = "ghi vào" if existing == path else f"tạo thư mục trong {existing} để lưu"
        return f"không {what} được ({exc.strerror or exc})"
    return None

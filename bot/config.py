"""Settings: defaults, then the TOML file, then ``DTI_<SECTION>_<KEY>`` environment variables.

Secrets (tokens, secret tokens, database passwords) come only from the config file or the environment; the
repository carries ``config.example.toml`` with empty values. The file is found via ``--config``, ``DTI_CONFIG``
or ``./config.toml``, in that order.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_DB_FILE = "dti-bot.db"


@dataclass
class BotSettings:
    plan: str = "kon-tum-2024"
    timezone: str = "Asia/Ho_Chi_Minh"
    log_level: str = "INFO"


@dataclass
class DatabaseSettings:
    url: str = f"sqlite:///{DEFAULT_DB_FILE}"


@dataclass
class ChannelSettings:
    """What every chat channel needs: a token, the API server, and webhook mode when ``webhook_url`` is set."""

    token: str = ""
    base_url: str = ""
    webhook_url: str = ""
    listen: str = "127.0.0.1"
    port: int = 8443
    secret_token: str = ""


@dataclass
class TelegramSettings(ChannelSettings):
    base_url: str = "https://api.telegram.org/bot"
    username: str = ""  # the bot's @username (without @): invite codes are then also given as t.me deep links


@dataclass
class ZaloSettings(ChannelSettings):
    base_url: str = "https://bot-api.zaloplatforms.com/bot"
    port: int = 8444


@dataclass
class FilesSettings:
    """Where uploaded and generated files are kept, and how the bot links to them (Zalo takes pictures only by
    URL). ``public_url`` is the address at which Zalo reaches the bot's own server (``<public_url>/files/…``);
    ``secret`` signs those links: set it when several processes serve links, otherwise each run draws its own."""

    folder: str = "./data/files"
    public_url: str = ""
    secret: str = ""


@dataclass
class WebSettings:
    """The focal point's web dashboard (``bot.web``): served by ``dti-bot web``, and by ``dti-bot run`` beside the
    channels when ``port`` is set (0: not served by ``run``). ``public_url`` is the address people open: the
    ``/web`` command's login links start with it (empty: the link is made from ``listen`` and ``port``, fit only
    for the machine itself); under https the session cookie is marked Secure."""

    listen: str = "127.0.0.1"
    port: int = 0
    public_url: str = ""


PLAN_POLICY_KEYS = ("days_before", "overdue_every", "escalate_after")


@dataclass
class PlanReminderSettings:
    """A plan's own reminder policy, ``[reminders.plans."<plan id>"]``: only the keys that differ from
    ``[reminders]`` (None: inherited). Working hours and days off are the bot's, shared by every plan."""

    days_before: list[int] | None = None
    overdue_every: int | None = None
    escalate_after: int | None = None


@dataclass
class ReminderSettings:
    """When reminders may go out and how often. The timezone is ``bot.timezone``. ``extra_days_off`` and
    ``extra_working_days`` are the year's official changes the ``holidays`` package cannot know in advance (days
    off added by the government, make-up working Saturdays), as ISO dates. ``plans``: plan id → that plan's
    own ``days_before`` / ``overdue_every`` / ``escalate_after`` where they differ."""

    work_start: str = "08:00"
    work_end: str = "17:00"
    days_before: list[int] = field(default_factory=lambda: [7, 3, 1])
    overdue_every: int = 3
    escalate_after: int = 3
    extra_days_off: list[str] = field(default_factory=list)
    extra_working_days: list[str] = field(default_factory=list)
    plans: dict[str, PlanReminderSettings] = field(default_factory=dict)


@dataclass
class Settings:
    bot: BotSettings = field(default_factory=BotSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    zalo: ZaloSettings = field(default_factory=ZaloSettings)
    files: FilesSettings = field(default_factory=FilesSettings)
    reminders: ReminderSettings = field(default_factory=ReminderSettings)
    web: WebSettings = field(default_factory=WebSettings)
    source: str = ""  # which file the settings came from, for messages


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which and why, in Vietnamese."""


def _coerce_list(value: Any, item: str, name: str) -> list[Any]:
    """A TOML array, or a comma-separated environment value ("7,3,1"; "" is the empty list)."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list):
        raise ConfigError(f"Cấu hình {name} phải là một danh sách, nhận được: {value!r}")
    return [_coerce(v, item, name) for v in value]


def _coerce(value: Any, target: type | str, name: str) -> Any:
    kind = target if isinstance(target, str) else target.__name__
    if kind == "dict[str, PlanReminderSettings]":
        return _plan_policies(value, name)
    if kind.startswith("list["):
        return _coerce_list(value, kind[5:-1], name)
    if kind == "int":
        if isinstance(value, bool | float):  # TOML true / 3.5 would otherwise become 1 / 3 without a word
            raise ConfigError(f"Cấu hình {name} phải là số nguyên, nhận được: {value!r}")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"Cấu hình {name} phải là số nguyên, nhận được: {value!r}") from None
    if not isinstance(value, str):  # a TOML number, array or table where text is expected
        raise ConfigError(f"Cấu hình {name} phải là chuỗi (trong dấu ngoặc kép), nhận được: {value!r}")
    return value


def _plan_policies(value: Any, name: str) -> dict[str, PlanReminderSettings]:
    """``[reminders.plans."kon-tum-2024"]`` tables (or, from the environment, the same as a JSON object:
    ``DTI_REMINDERS_PLANS='{"kon-tum-2024": {"days_before": [5, 1]}}'``): plan id → its own keys."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except json.JSONDecodeError as exc:
            raise ConfigError(f"Cấu hình {name} (biến môi trường) phải là một đối tượng JSON, ví dụ "
                              f'{{"kon-tum-2024": {{"days_before": [5, 1]}}}}: {exc}') from None
    if not isinstance(value, dict):
        raise ConfigError(f'Cấu hình {name} phải gồm các bảng [{name}."<mã kế hoạch>"], nhận được: {value!r}')
    out: dict[str, PlanReminderSettings] = {}
    for plan_id, keys in value.items():
        where = f'{name}."{plan_id}"'
        if not isinstance(keys, dict):
            raise ConfigError(f"Cấu hình [{where}] phải là một bảng (days_before, overdue_every, escalate_after), "
                              f"nhận được: {keys!r}")
        for key in keys:
            if key not in PLAN_POLICY_KEYS:
                raise ConfigError(f"Cấu hình [{where}] không có mục {key}: mỗi kế hoạch chỉ đặt riêng được "
                                  f"{', '.join(PLAN_POLICY_KEYS)}; giờ làm việc và ngày nghỉ là chung ở [reminders]")
        out[str(plan_id)] = PlanReminderSettings(**{
            key: _coerce(v, "list[int]" if key == "days_before" else "int", f"{where}.{key}")
            for key, v in keys.items()})
    return out


def _apply(section: Any, values: dict[str, Any], prefix: str) -> None:
    known = {f.name: f for f in fields(section)}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"Cấu hình không có mục [{prefix}] {key}")
        setattr(section, key, _coerce(value, known[key].type, f"{prefix}.{key}"))


SECTIONS = ("bot", "database", "telegram", "zalo", "files", "reminders", "web")


def find_config_file(explicit: str | None = None) -> Path | None:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"Không tìm thấy tệp cấu hình: {explicit}")
        return path
    env = os.environ.get("DTI_CONFIG")
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"Không tìm thấy tệp cấu hình DTI_CONFIG={env}")
        return path
    local = Path("config.toml")
    return local if local.is_file() else None


def load_settings(explicit: str | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults ← config file ← environment. ``environ`` defaults to ``os.environ``."""
    from bot.config_checks import check_settings

    env = os.environ if environ is None else environ
    settings = Settings()
    origins: dict[str, str] = {}  # "bot.timezone" → where its value came from, for messages
    path = find_config_file(explicit)
    if path is not None:
        import tomllib  # only when a file is read: ``dti-bot ask`` with no config file does not pay for it

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"Tệp cấu hình {path} sai cú pháp TOML: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"Không đọc được tệp cấu hình {path}: {exc.strerror or exc}") from None
        for name, values in data.items():
            section = getattr(settings, name, None) if name in SECTIONS else None
            if section is None or not isinstance(values, dict):
                raise ConfigError(f"Cấu hình không có mục [{name}]")
            try:
                _apply(section, values, name)
            except ConfigError as exc:
                raise ConfigError(f"{exc} (tệp {path})") from None
            origins.update({f"{name}.{key}": f" (tệp {path})" for key in values})
        settings.source = str(path)
    for name in SECTIONS:
        section = getattr(settings, name)
        known = {f.name for f in fields(section)}
        prefix = f"DTI_{name.upper()}_"
        for variable in sorted(v for v in env if v.startswith(prefix)):
            key = variable[len(prefix):].lower()
            if key not in known:  # DTI_TELEGRAM_TOKN: a misspelt override would otherwise be ignored silently
                raise ConfigError(f"Biến môi trường {variable} không ứng với mục nào của [{name}] "
                                  f"(các mục: {', '.join(sorted(known))})")
            where = f" (biến môi trường {variable})"
            try:
                setattr(section, key, _coerce(env[variable], _field_type(section, key), f"{name}.{key}"))
            except ConfigError as exc:
                raise ConfigError(f"{exc}{where}") from None
            origins[f"{name}.{key}"] = where
    check_settings(settings, lambda key: origins.get(key, next(
        (where for k, where in origins.items() if k.startswith(f"{key}.")), "")))
    return settings


def _field_type(section: Any, key: str) -> Any:
    return next(f.type for f in fields(section) if f.name == key)


def check_reminders(r: ReminderSettings) -> None:
    """Times as HH:MM with the start before the end, dates as ISO dates, positive counts: refused at start, with
    the setting named, rather than discovered the first morning a reminder should have gone out."""
    from datetime import date, time

    try:
        start, end = time.fromisoformat(r.work_start), time.fromisoformat(r.work_end)
    except ValueError:
        raise ConfigError(
            f"Cấu hình reminders.work_start / work_end phải là giờ dạng HH:MM, nhận được: {r.work_start!r}, "
            f"{r.work_end!r}"
        ) from None
    if start >= end:
        raise ConfigError("Cấu hình reminders.work_start phải sớm hơn reminders.work_end")
    for name in ("extra_days_off", "extra_working_days"):
        for value in getattr(r, name):
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ConfigError(
                    f"Cấu hình reminders.{name} phải là ngày dạng YYYY-MM-DD, nhận được: {value!r}"
                ) from None
    for where, own in [("reminders", r), *((f'reminders.plans."{p}"', o) for p, o in r.plans.items())]:
        for key in PLAN_POLICY_KEYS:
            value = getattr(own, key)
            counts = value if isinstance(value, list) else [] if value is None else [value]
            if not all(1 <= n <= MAX_DAYS for n in counts):
                raise ConfigError(f"Cấu hình {where}.{key} = {value!r}: phải là số dương, tối đa {MAX_DAYS}")


MAX_DAYS = 366  # a reminder policy's counts of days: a year at most (dates stay far from date.min / date.max)


def unknown_reminder_plans(r: ReminderSettings, plans: Iterable[str]) -> list[str]:
    """Plan ids of ``[reminders.plans."…"]`` that name no plan (checked once the knowledge base and the imported
    plans are loaded, which the settings alone cannot know)."""
    known = set(plans)
    return sorted(p for p in r.plans if p not in known)

"""A populated world to attack through the core: a plan with a closed and an open collection round, one person of
each role, a submitted value, a pending registration request, and scripts that bring a person into each flow step
that offers buttons. Used by the forged-payload sweep and by the 10 000-message fuzz.

An apology is recognised by the text of the "error" template: whatever the input, the core must never answer
with it (a forged or stale button is an expired choice, junk arguments get a usage or a clear message)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.core.dispatch import stamp
from bot.core.messages import FileRef, Incoming, Reply
from bot.db.models import Conversation, Identity, Membership, Official
from bot.reports.forms import SHEET, VALUE_COLUMN
from bot.services import rounds, values
from bot.services.registration import create_request
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User
from tests.test_collect_services import unit_id

KB = load_knowledge()
PLAN = "gia-lai-2023"
UNIT = "Sở Tài chính"
FOCAL_UNIT = "Sở Thông tin và Truyền thông"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROLES: dict[str, tuple[str, str] | None] = {
    "nobody": None,
    "official": (UNIT, "official"),
    "head": (UNIT, "head"),
    "focal": (FOCAL_UNIT, "focal"),
    "admin": (FOCAL_UNIT, "admin"),
}
JUNK = ("²", "99999999999999999999999", "-1", "0", "99999", "", "1:²", "1:99999", ":", "1:2:3:4:5", "a:b", "đã😀",
        "\u0000", " 1", "x" * 300, "9" * 2000, "ok:ok", "default")
# The junk the issue names first: lookalike digits, numbers past the integer columns, signs, zero, ids of no row,
# nothing, a bad second part, extra parts, text that is not ASCII, a long string.
CORE_JUNK = ("²", "99999999999999999999999", "-1", "0", "99999", "", "1:²", "1:2:3:4:5", "đã😀", "x" * 300)


@dataclass
class World:
    """Everything an attack needs to know about the world it attacks."""

    core: Core
    tmp: Path
    users: dict[str, User] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    @cached_property
    def apology(self) -> str:
        """The "error" template's text (it takes no values: rendered once, not for every reply checked)."""
        return self.core.renderer.render("error")[0]

    def apologies(self, replies: list[Reply]) -> int:
        apology = self.apology.strip()
        return sum(1 for r in replies if r.text.strip() == apology)

    def junk(self) -> tuple[str, ...]:
        """The fixed junk, and argument shapes naming rows that exist, do not, or belong to nobody here."""
        r, closed, unit, other = self.ids["round"], self.ids["closed"], self.ids["unit"], self.ids["other_unit"]
        return (*JUNK, f"{r}:{unit}", f"{r}:99999", f"99999:{unit}", f"{r}:{unit}:6.22", f"{r}:{unit}:²",
                f"{closed}:{other}", f"{r}:{unit}:9.99", f"a:{self.ids['request']}", str(unit), f"{PLAN}:6.22")

    def send_file(self, user: User, ref: FileRef, caption: str = "") -> list[Reply]:
        user.last = self.core.handle(Incoming(channel=user.channel, chat_id=user.chat or user.user,
                                              user_id=user.user, text=caption, file=ref))
        return user.last

    def _conversation(self, user: User) -> tuple[str | None, dict[str, Any] | None]:
        """The user's conversation row (state, data), or Nones: read on a plain connection, not through an ORM
        session (the sweeps read it after most of their 25 000 messages; a session cost as much as half a turn)."""
        query = select(Conversation.state, Conversation.data).where(Conversation.user_id == user.user)
        with self.core.db.engine.connect() as conn:
            row = conn.execute(query).first()
        return (None, None) if row is None else (row.state, row.data)

    def serial(self, user: User) -> int:
        """The serial the user's flow buttons carry now (what a forged press must carry to reach a flow step)."""
        data = self._conversation(user)[1] or {}
        return int(data.get("serial", 0))

    def state(self, user: User) -> str:
        return str(self._conversation(user)[0] or "idle")

    def forge(self, user: User, payload: str, *, stamped: bool = False, stale: bool = False) -> list[Reply]:
        if stamped:
            payload = stamp(payload, self.serial(user) - (1 if stale else 0))
        return user.say(payload=payload)


def member(core: Core, user: str, memberships: list[tuple[str, str]]) -> int:
    """A person on the ``test`` channel with these (unit, role) memberships in the plan; returns their id."""
    units = [(unit_id(core.db, PLAN, unit), role) for unit, role in memberships]
    with core.db.session() as s:
        person = Official(name=f"Cán bộ {user}")
        s.add(person)
        s.flush()
        s.add(Identity(official_id=person.id, channel="test", user_id=user, chat_id=user))
        for unit, role in units:
            s.add(Membership(official_id=person.id, unit_id=unit, role=role))
        return person.id


def build_world(tmp: Path, *, url: str | None = None, closed: bool = False) -> Iterator[World]:
    """The world on SQLite in ``tmp`` (or the database ``url``), its clock on 1/11/2024; ``closed``: the 2024
    round is closed too (the focal point's exceptions need a closed round). Disposed after use."""
    settings = Settings()
    settings.database.url = url or f"sqlite:///{tmp / 'world.db'}"
    settings.files.folder = str(tmp / "files")
    settings.bot.plan = PLAN
    clock = ManualClock(datetime(2024, 11, 1, 2, 0, tzinfo=UTC))
    core = build_core(settings, clock=clock)
    world = World(core, tmp)
    try:
        for role, held in ROLES.items():
            world.users[role] = User(core, user=role)
            if held is not None:
                world.ids[role] = member(core, role, [held])
        unit = unit_id(core.db, PLAN, UNIT)
        other = unit_id(core.db, PLAN, "Sở Nội vụ")
        with core.db.session() as s:
            before = rounds.open_round(s, KB, PLAN, "2023", due=date(2023, 12, 15))
            values.submit(s, KB, before.id, unit, "6.22", {"b": 1000, "c": 100000}, now=clock())
            rounds.close_round(s, before.id, now=clock())
            now = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
            values.submit(s, KB, now.id, unit, "6.22", {"b": 1100, "c": 100000}, now=clock())
            request = create_request(s, other, channel="test", user_id="stranger", chat_id="stranger",
                                     name="Người lạ", now=clock())
            assert request.request is not None
            if closed:
                rounds.close_round(s, now.id, now=clock())
        world.ids.update(round=now.id, closed=before.id, unit=unit, other_unit=other, request=request.request.id)
        yield world
    finally:
        core.db.dispose()


# ------------------------------------------------------------------------------------------ files


def filled_form(world: World, user: User, name: str, answers: dict[tuple[str, str], object]) -> FileRef:
    """The user's /mau form with the "Giá trị" column filled for (code, input) pairs (leaves the /mau flow
    started: the form is sent back in it)."""
    (form,) = user.say("/mau")[0].files
    with Path(form.path).open("rb") as fh:
        book = load_workbook(fh)
    for row in book[SHEET].iter_rows(min_row=3):
        key = (str(row[0].value), str(row[2].value))
        if key in answers:
            row[VALUE_COLUMN - 1].value = answers[key]
    target = world.tmp / name
    book.save(target)
    return FileRef(name, str(target), XLSX, target.stat().st_size)


def plain_file(world: World, name: str = "bien-ban.pdf", data: bytes = b"%PDF-1.4 minh chung") -> FileRef:
    target = world.tmp / name
    target.write_bytes(data)
    return FileRef(name, str(target), "application/pdf", len(data))


# ------------------------------------------------------------------------------------------ reaching flow steps


def _say(*steps: str) -> Callable[[World, User], None]:
    def run(world: World, user: User) -> None:
        for step in steps:
            if step.startswith("["):
                user.press(step[1:-1])
            else:
                user.say(step)

    return run


def _form(answers: dict[tuple[str, str], object]) -> Callable[[World, User], None]:
    def run(world: World, user: User) -> None:
        world.send_file(user, filled_form(world, user, "mau.xlsx", answers))

    return run


# Flow step → (who, how to get there). Every step that a payload route is bound to must be here (the sweep
# fails and names a step that is not); a step needing a closed round is marked so.
REACH: dict[str, tuple[str, Callable[[World, User], None], bool]] = {
    "collect:unit": ("focal", _say("/nhap"), False),
    "collect:pick": ("official", _say("/nhap"), False),
    "collect:value": ("official", _say("/nhap 6.22"), False),
    "collect:confirm": ("official", _say("/nhap 6.22", "b=10.000; c=100.000"), False),
    "collect:summary": ("official", _say("/nhap 6.22", "b=1.200; c=100.000"), False),
    "collect:evidence": ("official", _say("/nhap 6.22", "b=1.200; c=100.000", "[Xác nhận]"), False),
    "mau:review": ("official", _form({("6.22", "b"): "1.200", ("6.22", "c"): 100000}), False),
    "mau:confirm": ("official", _form({("6.22", "b"): "10.000", ("6.22", "c"): 100000}), False),
    "review:close": ("focal", _say("/tiendo", "[Đóng đợt]"), False),
    "modot:due": ("focal", _say("/modot", "2025", "07/12/2024"), False),  # a Saturday: next working day offered
    "filing:pick": ("official", _say("https://egov.gialai.gov.vn/vb/12 Quyết định giao dự toán"), False),
    "register:plan": ("nobody", _say("/dangky"), False),
    "register:unit": ("nobody", _say("/dangky", "[Gia Lai]", "Sở"), False),
    "ngoaile:unit": ("focal", _say("/ngoaile Sở"), True),
    "ngoaile:until": ("focal", _say(f"/ngoaile {UNIT}"), True),
    "tasks:unit": ("focal", _say("/xong VI.2 số 5/KH"), False),  # Gia Lai's VI.2: every lead unit owns it
    "baocao:kind": ("focal", _say("/baocao"), False),
    "baocao:period": ("focal", _say("/baocao", "[Quý]"), False),
}


def reach(world: World, step: str) -> User:
    """Bring the step's person into ``step`` (from wherever they were) and check they are there."""
    role, script, _ = REACH[step]
    user = world.users[role]
    user.say("/huy")
    script(world, user)
    assert world.state(user) == step, (step, user.text())
    return user

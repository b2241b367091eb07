"""10 000 messages through the core, seeded, never an apology (issue 15, "Done when").

People of every role (nobody, official, head, focal point, admin) send a random mix: forged payloads for every
prefix the routes declare (junk and plausible arguments, stamped with the current serial, an old one or none),
stale payloads replayed from earlier answers, presses of the buttons they were just offered (so flows are walked
for real: values saved, evidence filed, values returned and approved, rounds closed), numbers answering choices,
commands with junk arguments, free text, and files (evidence, a filled form, a broken workbook, an empty file),
with and without captions. 10 000 on SQLite; 1 000 on PostgreSQL (``DTI_FUZZ_MESSAGES`` changes both, e.g. to
explore with another ``DTI_FUZZ_SEED``)."""

from __future__ import annotations

import contextlib
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.messages import FileRef, Reply
from tests.fuzzkit import JUNK, ROLES, World, build_world, filled_form, plain_file

SEED = int(os.environ.get("DTI_FUZZ_SEED", "15"))
COUNTS = {"sqlite": 10_000, "postgres": 1_000}
# Charts and the workbook are drawn for any argument and cost a hundred turns each: sent now and then.
COSTLY = frozenset({"bieudo", "xuat"})
TEXTS = ("chỉ số 6.22", "Ai chủ trì chỉ số 6.12?", "b=1.200; c=100.000", "b=10.000; c=100.000", "a=1,5", "1.200",
         "bỏ qua", "xong", "quay lại", "31/12/2024", "văn bản 01/12/2024", "2025", "2024-Q4", "Sở", "Sở Tài chính",
         "Gia Lai", "điểm tổng của tỉnh hiện tại", "trụ cột 6 được bao nhiêu điểm", "mất điểm ở đâu",
         "nếu 6.22 đạt 80 % thì tổng điểm bao nhiêu", "đơn vị tôi được bao nhiêu", "xin chào", "?", "", " ",
         "²", "-1", "99999999999999999999999", "😀" * 50, "\u0000\u200b", "x" * 3000, "có", "không", "co",
         "Năm nay có dự án lớn", "/", "//huy", "/ nhap", "~1:ns:ok", "ns:ok")


def _token(rng: random.Random, world: World) -> str:
    """One argument part: junk, a number of any size, an id of the world, a code, a verb of some route."""
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(JUNK).split(":")[0]
    if kind < 0.5:
        return str(rng.choice([0, 1, 2, 7, 99999, 2**31 - 1, 2**31, 2**63, 10**22, rng.randint(1, 60)]))
    if kind < 0.7:
        return str(rng.choice(list(world.ids.values())))
    if kind < 0.85:
        return rng.choice(["6.22", "6.12", "2.1", "9.99", "6", "6.22#2", "5.12.1.a", "1.1.1.1.1.1.1"])
    return rng.choice(["ok", "edit", "cancel", "skip", "redo", "drop", "yes", "no", "default", "a", "r", "co",
                       "start", "snooze", "resume", "gia-lai-2023", "kon-tum-2024", "x1", ""])


class Fuzzer:
    """The random actions, each returning the replies of one message to the core."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        self.prefixes = sorted({r.prefix for r in world.core.routes.payloads})
        self.commands = [*sorted(world.core.routes.commands), "huy"]
        self.seen: list[str] = []  # payloads of earlier answers, replayed later (stale)
        self.sent = ""  # what the last step sent, to name it when it got the apology
        files = world.tmp / "fuzz-files"
        files.mkdir(exist_ok=True)
        broken = files / "hong.xlsx"
        broken.write_bytes(b"PK\x03\x04 not really a workbook")
        empty = files / "trong.txt"
        empty.write_bytes(b"")
        self.files: list[FileRef] = [
            plain_file(world, "bien-ban.pdf"),
            FileRef("hong.xlsx", str(broken), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    broken.stat().st_size),
            FileRef("trong.txt", str(empty), "text/plain", 0),
        ]
        self.actions: list[tuple[float, Callable[[str], list[Reply]]]] = [
            (0.25, self.forged), (0.20, self.press), (0.07, self.stale), (0.10, self.number), (0.15, self.command),
            (0.17, self.text), (0.06, self.file)]

    def step(self) -> tuple[str, list[Reply]]:
        role = self.rng.choice(list(ROLES))
        action = self.rng.choices([a for _, a in self.actions], [w for w, _ in self.actions])[0]
        replies = action(role)
        self.seen.extend(b.payload for r in replies for b in r.buttons)
        del self.seen[:-500]
        return role, replies

    def forged(self, role: str) -> list[Reply]:
        parts = [_token(self.rng, self.world) for _ in range(self.rng.choice([0, 1, 1, 2, 2, 3, 4]))]
        payload = self.rng.choice(self.prefixes) + ":".join(parts)
        how = self.rng.random()
        self.sent = f"forged {payload!r} stamped={how < 0.6} stale={how < 0.2}"
        return self.world.forge(self.world.users[role], payload, stamped=how < 0.6, stale=how < 0.2)

    def press(self, role: str) -> list[Reply]:
        user = self.world.users[role]
        buttons = [b for r in user.last for b in r.buttons]
        if not buttons:
            return self.command(role)
        return self._payload(role, self.rng.choice(buttons).payload)

    def stale(self, role: str) -> list[Reply]:
        if not self.seen:
            return self.forged(role)
        return self._payload(role, self.rng.choice(self.seen))

    def number(self, role: str) -> list[Reply]:
        return self._say(role, self.rng.choice(["1", "2", "3", "5", "8", "12", "0", "99", "1.", "2)"]))

    def command(self, role: str) -> list[Reply]:
        name = self.rng.choice(self.commands)
        if name in COSTLY and self.rng.random() > 0.05:
            name = "help"
        args = " ".join(_token(self.rng, self.world) for _ in range(self.rng.choice([0, 1, 1, 2, 3])))
        if self.rng.random() < 0.2:
            args = self.rng.choice(TEXTS)
        return self._say(role, f"/{name} {args}".strip())

    def text(self, role: str) -> list[Reply]:
        return self._say(role, self.rng.choice(TEXTS))

    def _say(self, role: str, text: str) -> list[Reply]:
        self.sent = f"text {text[:80]!r}"
        return self.world.users[role].say(text)

    def _payload(self, role: str, payload: str) -> list[Reply]:
        self.sent = f"payload {payload[:80]!r}"
        return self.world.users[role].say(payload=payload)

    def file(self, role: str) -> list[Reply]:
        user = self.world.users[role]
        ref = self.rng.choice(self.files)
        if role in ("official", "head") and self.rng.random() < 0.15:
            # no form now (another plan chosen, the round closed): a file all the same
            with contextlib.suppress(ValueError):
                ref = filled_form(self.world, user, "mau-fuzz.xlsx", {
                    ("6.22", "b"): self.rng.choice(["1.200", "x"]), ("6.22", "c"): 100000})
        caption = self.rng.choice(["", "", "", "minh chứng 6.22", "²"])
        self.sent = f"file {ref.name} caption {caption!r}"
        return self.world.send_file(user, ref, caption)


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_ten_thousand_messages_get_no_apology(database: str, request: pytest.FixtureRequest,
                                              tmp_path: Path) -> None:
    if database == "sqlite":  # a copy of the test process's migrated file
        url = request.getfixturevalue("sqlite_template").copy_to(tmp_path / "world.db")
    else:
        pg = request.getfixturevalue("migrated_postgres")  # the worker's migrated database, emptied
        pg.clean()
        url = pg.url
    count = int(os.environ.get("DTI_FUZZ_MESSAGES", COUNTS[database]))
    world = build_world(tmp_path, url=url)
    fuzzer = Fuzzer(next(world), random.Random(SEED))
    apologies: list[tuple[int, str, str]] = []
    started = time.perf_counter()
    try:
        for n in range(count):
            role, replies = fuzzer.step()
            if fuzzer.world.apologies(replies) or not replies:
                apologies.append((n, role, fuzzer.sent))
    finally:
        world.close()
    elapsed = time.perf_counter() - started
    print(f"{count} messages on {database} in {elapsed:.1f} s ({count / elapsed:.0f}/s), seed {SEED}")
    assert apologies == []

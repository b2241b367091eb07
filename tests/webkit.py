"""A world for the web dashboard's tests: a plan's core with a focal point and two units' officials, an open
round with a value entered through the chat (with an evidence picture), and login links asked for with /web
through the core, as a person would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.core.app import Core
from bot.core.files import FileStore
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.flowkit import User, play, register_official

KB = load_knowledge()
PLAN = "gia-lai-2023"
FOCAL_UNIT = "Sở Thông tin và Truyền thông"
UNIT_A = "Sở Tài chính"
UNIT_B = "Sở Kế hoạch và Đầu tư"
CODE = "6.22"
# the smallest valid PNG (1×1), kept as evidence
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@dataclass
class World:
    core: Core
    round: rounds.RoundInfo
    unit_a: int
    unit_b: int
    evidence_id: int


def build(core: Core) -> World:
    with core.db.session() as s:
        info = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    register_official(core, PLAN, FOCAL_UNIT, "focal", role="focal")
    a = register_official(core, PLAN, UNIT_A, "u1")
    b = register_official(core, PLAN, UNIT_B, "u2")
    play(User(core, user="u1"), [(f"/nhap {CODE}", ["Nhập b"]), ("b=1.200; c=100.000", ["Tóm tắt"]),
                                 ("[Xác nhận]", ["Đã lưu"]), ("bỏ qua", [])])
    ref = FileStore.from_settings(core.settings.files).save(PNG, "anh-minh-chung.png", "image/png")
    with core.db.session() as s:
        version = values.latest_version(s, info.id, a, CODE)
        assert version is not None
        evidence = values.add_evidence(s, version.id, path=ref.path, sha256=FileStore.from_settings(
            core.settings.files).digest_of(ref), name=ref.name, mime=ref.mime, size=ref.size)
    return World(core, info, a, b, evidence)


def login_path(core: Core, user: str) -> str:
    """``/login/<token>`` from the link the bot gives ``user`` for /web."""
    text = User(core, user=user).say("/web")[0].text
    found = re.search(r"https?://\S+(/login/\S+)", text)
    assert found, text
    return found.group(1)

"""Issue 15, defect 2: no reply floods the chat. A form listing 10 000 unknown codes gave one 666 833-character
reply (178 Telegram messages); now the reply counts them, shows the first 20 and attaches a workbook of every
rejected row. Every other list that grows with the data is capped the same way, and a reply over ``MAX_REPLY``
characters is cut at a line with a notice, its HTML still valid."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import bot.reports.forms
from bot.config import Settings
from bot.core.app import Core
from bot.render import LIST_SHOWN, MAX_REPLY, Renderer, cap
from bot.reports.forms import FORM_LIMITS
from bot.services import rounds
from knowledge.store import load_knowledge
from tests import crafted_xlsx as crafted
from tests.flowkit import ManualClock, User, plan_core
from tests.test_form_flow import upload
from tests.test_progress_flow import PLAN, register
from tests.test_upload_turns import xlsx

KB = load_knowledge()
TELEGRAM_TAGS = re.compile(r"</?(b|i|u|s|a|code|pre)(\s[^>]*)?>")


@pytest.fixture
def core(settings: Settings) -> Iterator[Core]:
    yield from plan_core(settings, ManualClock(datetime(2024, 11, 1, 2, 0, tzinfo=UTC)), PLAN)


def test_ten_thousand_unknown_codes_give_a_short_reply_and_a_workbook_of_every_row(
        core: Core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.reports.forms, "FORM_LIMITS", replace(FORM_LIMITS, rows=20_000, cells=200_000,
                                                                  elements=400_000))
    with core.db.session() as s:
        rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    register(core, "Sở Tài chính", "u1")
    user = User(core)
    started = time.perf_counter()
    upload(core, user, xlsx(crafted.unknown_codes(tmp_path / "ma-la.xlsx", 10_000)))
    took = time.perf_counter() - started
    (reply,) = user.last
    assert len(reply.text) < 4000 and len(reply.html) < 4096, len(reply.text)  # one Telegram message
    assert "Không nhận (10000 chỉ số, 10000 dòng)" in reply.text
    assert reply.text.count("\n• Dòng") == LIST_SHOWN and "… và 9980 chỉ số khác" in reply.text
    assert "90.1)" in reply.text and "90.21)" not in reply.text
    (attached,) = reply.files
    sheet = load_workbook(BytesIO(Path(attached.path).read_bytes()))["Không nhận"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 10_000 and rows[0][:2] == (3, "90.1") and rows[-1][:2] == (10_002, "90.10000")
    assert all(reason for _, _, reason in rows)
    assert took < 60, f"{took:.1f} s"


def test_a_few_rejected_rows_are_all_listed_with_no_attachment(core: Core, tmp_path: Path) -> None:
    with core.db.session() as s:
        rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    register(core, "Sở Tài chính", "u1")
    user = User(core)
    upload(core, user, xlsx(crafted.unknown_codes(tmp_path / "ma-la.xlsx", LIST_SHOWN)))
    (reply,) = user.last
    assert reply.text.count("\n• Dòng") == LIST_SHOWN and "khác" not in reply.text and not reply.files


def render(template: str, **context: Any) -> tuple[str, str]:
    reply = Renderer().reply(template, **context)
    return reply.text, reply.html


class Unit:
    def __init__(self, n: int) -> None:
        self.label = f"UBND xã số {n} <&>"
        self.name = self.label
        self.members = [type("M", (), {"name": f"Cán bộ {n}", "role": "official", "official_id": n})()]


def test_lists_that_grow_with_the_data_are_capped() -> None:
    units = [Unit(n) for n in range(5000)]
    text, html = render("units_roster", roster=[type("R", (), {"unit": u, "members": u.members})() for u in units],
                        empty=units, plan_name="Kế hoạch")
    assert len(text) < 4000 and "… và 4980 đơn vị khác" in text and "&lt;&amp;&gt;" in html
    text, _ = render("manage_help", roster=[type("R", (), {"unit": u, "members": u.members})() for u in units],
                     plan_name="Kế hoạch")
    assert len(text) < 4000 and "… và 4980 cán bộ khác" in text
    files = [f"tep-{n}.pdf" for n in range(3000)]
    text, _ = render("evidence_ask", code="6.22", version=1, files=files, plan_name="Kế hoạch", wanted="",
                     evidence_due=date(2024, 12, 15), today=date(2024, 12, 1))
    assert len(text) < 1500 and "… và 2980 tệp khác" in text


def test_a_reply_over_the_limit_is_cut_at_a_line_with_valid_html() -> None:
    """No template prints an unbounded list any more; a reply that still comes out too long (here an indicator
    with thousands of inputs) is cut, never inside a tag or an entity, and says so."""
    inputs = [f"x{n} <&>" for n in range(4000)]
    reply = Renderer().reply("collect_intro", code="6.22", name="Kinh phí <b> & </b>", inputs=inputs, behalf="",
                             default=())
    assert len("".join(inputs)) * 2 > MAX_REPLY
    assert len(reply.text) <= MAX_REPLY + 100 and reply.text.endswith("lược bớt.")
    assert len(reply.html) <= MAX_REPLY + 100 and reply.html.endswith("lược bớt.")
    body = reply.html.rsplit("\n\n", 1)[0]
    assert body.startswith("✏️ <b>Chỉ số 6.22. Kinh phí &lt;b&gt; &amp; &lt;/b&gt;</b>")
    assert body.count("&lt;&amp;&gt;") > 100 and not re.search(r"&[#\w]*$", body) and not re.search(r"<[^>]*$", body)
    tags = [m.group(0) for m in TELEGRAM_TAGS.finditer(body)]
    assert sum(not t.startswith("</") for t in tags) == sum(t.startswith("</") for t in tags)
    short = Renderer().reply("collect_intro", code="6.22", name="Kinh phí", inputs=["a", "b"], behalf="", default=())
    assert "lược bớt" not in short.text


def test_the_cap_helper() -> None:
    shown = cap(range(25))
    assert shown.items == list(range(20)) and shown.hidden == 5 and shown.total == 25
    assert cap({"a": 1}.items()).items == [("a", 1)] and cap([], 3).hidden == 0

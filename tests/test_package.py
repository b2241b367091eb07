"""The self-assessment package (issue 18 item 1), on SQLite and PostgreSQL: a Kon Tum round with values for three
units, two evidence files of the same name and a link; ``dti-bot package`` opened back — the zip's layout,
``muc-luc.csv`` against the database, the report's tables against ``round status``, and a unit's evidence never
under another unit; /hoso through the core (the file, refused for an official, a link when the package is larger
than the channel sends, and what is said when the server has no address for links)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from docx import Document
from sqlalchemy import select, update

from bot.config import Settings
from bot.core.app import Core
from bot.core.files import FileStore
from bot.db.models import EvidenceFile, Identity, Official, RoundValue, Unit
from bot.handlers import package as package_handler
from bot.reports.self_assessment import score_text
from bot.services import evidence, package, rounds, values
from knowledge.store import load_knowledge
from tests.clikit import run_cli
from tests.flowkit import ManualClock, User, plan_core, register_official

KB = load_knowledge()
PLAN = "kon-tum-2024"
TTTT, FINANCE, PLANNING = "Sở Thông tin và Truyền thông", "Sở Tài chính", "Sở Kế hoạch và Đầu tư"
NOW = datetime(2024, 11, 1, 2, 0, tzinfo=UTC)
LINK = "https://dichvucong.kontum.gov.vn/bao-cao/6-22"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def core(settings: Settings, clock: ManualClock) -> Iterator[Core]:
    yield from plan_core(settings, clock, PLAN)


def build(core: Core) -> int:
    """Officials of three units and a focal point; 6.22 from the three, 2.6 and 2.1; evidence "bien-ban.pdf"
    from the Sở Tài chính and the Sở TTTT (same name, other bytes), a link from the Sở KH&ĐT. Returns the
    round's id."""
    people = {unit: register_official(core, PLAN, unit, user) for unit, user in
              ((TTTT, "tttt"), (FINANCE, "finance"), (PLANNING, "planning"))}
    register_official(core, PLAN, TTTT, "focal", role="focal")
    store = FileStore(core.settings.files.folder)
    with core.db.session() as s:
        info = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15), now=NOW)
        official = {u: s.scalar(select(Official.id).where(Official.name == f"Cán bộ {who}"))
                    for u, who in ((TTTT, "tttt"), (FINANCE, "finance"), (PLANNING, "planning"))}
        planning = values.submit(s, KB, info.id, people[PLANNING], "6.22", {"a": 1500}, now=NOW,
                                 official_id=official[PLANNING])
        evidence.add_link(s, planning.id, LINK, "Báo cáo trên cổng", official_id=official[PLANNING], now=NOW)
        finance = values.submit(s, KB, info.id, people[FINANCE], "6.22", {"b": 200000}, now=NOW,
                                official_id=official[FINANCE])
        tttt = values.submit(s, KB, info.id, people[TTTT], "6.22", {"c": 100000000}, now=NOW,
                             official_id=official[TTTT])
        values.submit(s, KB, info.id, people[FINANCE], "2.6", {"x": "co"}, now=NOW, official_id=official[FINANCE])
        values.submit(s, KB, info.id, people[TTTT], "2.1", {"x": "khong"}, now=NOW, official_id=official[TTTT])
        for version, unit, data in ((finance, FINANCE, b"%PDF tai chinh"), (tttt, TTTT, b"%PDF thong tin")):
            ref = store.save(data, "bien-ban.pdf", "application/pdf")
            values.add_evidence(s, version.id, path=ref.path, sha256=Path(ref.path).name, name=ref.name,
                                mime=ref.mime, size=ref.size, official_id=official[unit])
        s.execute(update(EvidenceFile).values(created_at=NOW))  # sent when the values were
        return info.id


@pytest.fixture
def cli(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DTI_DATABASE_URL", settings.database.url)
    monkeypatch.setenv("DTI_FILES_FOLDER", settings.files.folder)
    for variable in ("DTI_TELEGRAM_TOKEN", "DTI_ZALO_TOKEN", "DTI_CONFIG"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


def docx_tables(data: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]


def test_the_package_read_back(core: Core, cli: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    round_id = build(core)
    done = run_cli(["package", "--plan", PLAN, "--zip", "ho-so.zip", "--json"], monkeypatch)
    assert done.code == 0, done.text
    result = json.loads(done.out)
    assert list(result) == ["zip", "files", "indicators", "evidence_files", "links", "missing_evidence"]
    with zipfile.ZipFile(cli / "ho-so.zip") as zf:
        names = zf.namelist()
        assert names[:4] == ["bao-cao-tu-danh-gia.docx", "so-lieu.xlsx", "muc-luc.csv", "minh-chung/lien-ket.csv"]
        assert sorted(names[4:]) == sorted([f"minh-chung/6.22/{FINANCE}/bien-ban.pdf",
                                            f"minh-chung/6.22/{TTTT}/bien-ban.pdf"])
        assert result["files"] == len(names) == 6 and result["evidence_files"] == 2 and result["links"] == 1
        index = list(csv.reader(io.StringIO(zf.read("muc-luc.csv").decode("utf-8-sig"))))
        links = list(csv.reader(io.StringIO(zf.read("minh-chung/lien-ket.csv").decode("utf-8-sig"))))
        members = {name: zf.read(name) for name in names}
    assert links[1][:3] == ["6.22", PLANNING, LINK]
    # muc-luc.csv against the database: one row per evidence file of a counted value, then the link
    with core.db.session() as s:
        stored = s.execute(
            select(RoundValue.indicator, Unit.name, EvidenceFile.sha256, Official.name)
            .join(EvidenceFile, EvidenceFile.version_id == RoundValue.latest_id)
            .join(Unit, Unit.id == RoundValue.unit_id).outerjoin(Official, Official.id == EvidenceFile.official_id)
            .where(RoundValue.round_id == round_id, EvidenceFile.url.is_(None))).all()
    assert index[0] == ["Mã chỉ số", "Đơn vị", "Tệp hoặc liên kết", "Người gửi", "Thời điểm"]
    rows = index[1:]
    assert len(rows) == len(stored) + 1 and rows[-1][:4] == ["6.22", PLANNING, LINK, "Cán bộ planning"]
    by_unit = {unit: (code, digest, who) for code, unit, digest, who in stored}
    for code, unit, path, who, when in rows[:-1]:
        assert (code, by_unit[unit][2]) == (by_unit[unit][0], who) and when == "01/11/2024 09:00"
        # the file under this unit's folder is this unit's file, byte for byte
        assert path.split("/")[:3] == ["minh-chung", code, unit]
        assert hashlib.sha256(members[path]).hexdigest() == by_unit[unit][1]
    assert result["missing_evidence"] == ["2.1", "2.6"]  # a link counts as evidence
    # the report's tables against round status
    status = json.loads(run_cli(["round", "status", "--plan", PLAN, "--json"], monkeypatch).out)
    tables = docx_tables(members["bao-cao-tu-danh-gia.docx"])
    pillars = next(t for t in tables if t[0][:2] == ["Trụ cột", "Tên trụ cột"])
    assert [(r[0], r[2]) for r in pillars[1:]] == [(p["code"], score_text(p["score"], p["max"]))
                                                    for p in status["pillars"]]
    shown = {r[0]: r for t in tables if t[0][:3] == ["Mã", "Tên chỉ số", "Số liệu đã nhập"] for r in t[1:]}
    assert list(shown) == [i["code"] for i in status["indicators"]]
    for ind in status["indicators"]:
        row = shown[ind["code"]]
        assert row[3] == score_text(ind["score"], ind["max"]), ind["code"]
    assert shown["6.22"][2] == "a = 1500; b = 200000; c = 100000000" and shown["6.22"][5] == "3"
    assert shown["6.22"][4] == KB.assignment(PLAN, "6.22").lead_text and shown["2.6"][6] == "đã nộp"
    lacking = next(t for t in tables if t[0] == ["Mã", "Tên chỉ số", "Đơn vị chưa gửi minh chứng"])
    assert [(r[0], r[2]) for r in lacking[1:]] == [("2.1", TTTT), ("2.6", FINANCE)]
    units = next(t for t in tables if t[0][0] == "Đơn vị")
    assert {r[0] for r in units[1:]} == {u["name"] for u in status["units"]
                                         if u["owed"] and u["submitted"] < u["owed"]}
    text = "\n".join(p.text for p in Document(io.BytesIO(members["bao-cao-tu-danh-gia.docx"])).paragraphs)
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Số:",
                 "ngày …… tháng …… năm", "Nơi nhận:", "THỦ TRƯỞNG CƠ QUAN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                 "UBND TỈNH KON TUM", f"Tổng điểm tự đánh giá: {score_text(status['total']['score'], 1000)}"):
        assert line in text or any(line in c for t in tables for r in t for c in r), line


def test_a_file_gone_from_the_store_is_said_not_packed(core: Core, cli: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(core)
    with core.db.session() as s:
        digest = s.scalar(select(EvidenceFile.sha256).where(EvidenceFile.url.is_(None)).order_by(EvidenceFile.id)
                          .limit(1))
    FileStore(core.settings.files.folder).path_of(str(digest)).unlink()
    done = run_cli(["package", "--plan", PLAN, "--zip", "x.zip"], monkeypatch)
    assert done.code == 0 and "không còn trong kho" in done.out
    with zipfile.ZipFile(cli / "x.zip") as zf:
        assert sum(1 for n in zf.namelist() if n.endswith(".pdf")) == 1
        assert "(tệp không còn trong kho) bien-ban.pdf" in zf.read("muc-luc.csv").decode("utf-8-sig")


def test_refusals(core: Core, cli: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = run_cli(["package", "--plan", PLAN, "--zip", "x.zip", "--json"], monkeypatch)
    assert empty.code == 2 and "chưa có đợt" in json.loads(empty.out)["error"]
    round_id = build(core)
    other = run_cli(["package", "--plan", "gia-lai-2023", "--round", str(round_id), "--zip", "x.zip"], monkeypatch)
    assert other.code == 2 and "thuộc kế hoạch kon-tum-2024" in other.err
    assert not (cli / "x.zip").exists()


def test_safe_names_and_layout() -> None:
    layout = package.Layout()
    a = layout.file(package.Evidence("6.22", 1, "Sở A/B", "../../etc/passwd", "0" * 64, "", None))
    b = layout.file(package.Evidence("6.22", 2, "Sở A-B", "x.pdf", "0" * 64, "", None))  # cleans to the same name
    c = layout.file(package.Evidence("6.22", 1, "Sở A/B", "passwd", "0" * 64, "", None))
    assert a == "minh-chung/6.22/Sở A-B/-..-etc-passwd" and b == "minh-chung/6.22/Sở A-B (2)/x.pdf"
    assert c == "minh-chung/6.22/Sở A-B/passwd"
    assert layout.file(package.Evidence("6.22", 1, "Sở A/B", "passwd", "0" * 64, "", None)).endswith("passwd (2)")
    assert len(package.safe_part("x" * 300 + ".pdf", "tep")) == package.PART_CHARS


# ------------------------------------------------------------------------------------------ /hoso


def test_hoso_in_chat(core: Core, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    build(core)
    official = User(core, user="finance")
    assert "⛔" in official.say("/hoso")[0].text and not official.last[0].files
    focal = User(core, user="focal")
    (reply,) = focal.say("/hoso")
    assert "Hồ sơ tự đánh giá" in reply.text and "2 tệp minh chứng và 1 liên kết" in reply.text
    assert "chưa có minh chứng: 2.1, 2.6" in reply.text
    (ref,) = reply.files
    assert ref.name == "ho-so-tu-danh-gia-kon-tum-2024-2024.zip" and ref.mime == "application/zip"
    with zipfile.ZipFile(ref.path) as zf:
        assert "bao-cao-tu-danh-gia.docx" in zf.namelist()
    assert not focal.say("/hoso 12")[0].files  # no argument taken: the usage, nothing built
    # larger than the channel sends: without an address for links, how to get it on the server
    monkeypatch.setitem(package_handler.SEND_LIMITS, "telegram", 1024)
    register_official(core, PLAN, TTTT, "focal-tg", role="focal")
    with core.db.session() as s:  # the focal point's Telegram account
        s.execute(update(Identity).where(Identity.user_id == "focal-tg").values(channel="telegram"))
    tg = User(core, user="focal-tg", channel="telegram")
    (big,) = tg.say("/hoso")
    assert not big.files and "dti-bot package --plan kon-tum-2024" in big.text and "files.public_url" in big.text
    # with one: a signed link the bot's own server answers, expiring
    core.settings.files.public_url = "https://bot.example.vn/dti"
    (linked,) = tg.say("/hoso")
    assert not linked.files and "https://bot.example.vn/dti/files/" in linked.text and "hiệu lực đến" in linked.text
    token = linked.text.split("/dti/files/")[1].split()[0]
    served = FileStore(settings.files.folder).verify(unquote(token), NOW)
    assert zipfile.is_zipfile(served.path)


def test_the_report_lists_the_plans_tasks(core: Core, cli: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Gia Lai's "detailed plan within 15 days" is a task of every lead unit: the report lists each with its
    standing (one marked done with its document's number, the others overdue)."""
    from bot.services import tasks
    from tests.test_collect_services import unit_id

    plan = "gia-lai-2023"
    tttt = unit_id(core.db, plan, TTTT)
    with core.db.session() as s:
        rounds.open_round(s, KB, plan, "2024", due=date(2024, 12, 15), now=NOW)
        tasks.mark_task(s, KB, plan, "VI.2", tttt, tasks.DONE, now=NOW, official_id=None, note="KH 15/KH-STTTT")
    done = run_cli(["package", "--plan", plan, "--zip", "g.zip"], monkeypatch)
    assert done.code == 0, done.text
    with zipfile.ZipFile(cli / "g.zip") as zf:
        tables = docx_tables(zf.read("bao-cao-tu-danh-gia.docx"))
    rows = next(t for t in tables if t[0][:2] == ["Mã", "Nhiệm vụ"])[1:]
    assert (TTTT, "xong", "KH 15/KH-STTTT") in {(r[2], r[4], r[5]) for r in rows}
    assert {r[4] for r in rows if r[2] != TTTT} == {"chưa làm (quá hạn)"} and all(r[3] == "17/11/2023" for r in rows)

"""``dti-bot converse`` as a real process: a line carrying both ``"file"`` and ``"text"`` is a forwarded photo
with its caption; the bot offers the unit's values ranked by the caption, the pressed one keeps it, and the focal
point's /xemminhchung gets the photo back as a file (and the link as text)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.db.session import Database
from bot.services import rounds
from knowledge.store import load_knowledge
from tests.test_converse import Conversing
from tests.test_converse_collect import NOW, PLAN, button, line, person


def test_a_forwarded_photo_with_its_caption_is_filed_and_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    monkeypatch.setenv("DTI_FILES_FOLDER", str(tmp_path / "files"))  # never the working directory's ./data/files
    url = f"sqlite:///{tmp_path / 'c.db'}"
    db = Database(url)
    db.upgrade()
    with db.session() as s:
        rounds.open_round(s, load_knowledge(), PLAN, "2024", due=date(2024, 12, 15))
    person(db, "Sở Tài chính", "tc", "official")
    person(db, "Sở Thông tin và Truyền thông", "focal", "focal")
    db.dispose()
    photo = tmp_path / "IMG_0412"
    photo.write_bytes(b"\xff\xd8\xff\xe0 anh bien ban")
    with Conversing(url, *NOW) as bot:
        out = bot.send([line("tc", text="/nhap 7.12"), line("tc", text="a=10; b=1.000")])
        out = bot.send([line("tc", payload=button(out, "Xác nhận"))])
        out = bot.send([line("tc", text="bỏ qua"), line("tc", text="/nhap 6.22"),
                        line("tc", text="b=1.200; c=100.000")])
        out = bot.send([line("tc", payload=button(out, "Xác nhận")), line("tc", text="bỏ qua"),
                        json.dumps({"user": "tc", "file": str(photo), "mime": "image/jpeg",
                                    "text": "biên bản chi cho chính quyền số"})])
        offer = out[-1]["replies"][0]  # type: ignore[index]
        assert "«IMG_0412»" in offer["text"] and offer["buttons"][0]["label"].startswith("6.22")  # type: ignore[index]
    with Conversing(url, *NOW) as bot:  # the offer's button, pressed in a second run
        out = bot.send([line("tc", payload=button(out, "6.22")),
                        line("tc", text="Quyết định https://stc.gialai.gov.vn/qd/12")])
        assert "Đã lưu 1 tệp, liên kết" in out[0]["replies"][0]["text"]  # type: ignore[index]
        out = bot.send([line("tc", payload=button(out, "6.22")), line("focal", text="/xemminhchung 6.22")])
        [seen] = out[-1]["replies"]  # type: ignore[misc]
        assert "1 tệp, 1 liên kết" in seen["text"] and "https://stc.gialai.gov.vn/qd/12" in seen["text"]
        [sent] = seen["files"]
        assert sent["mime"] == "image/jpeg" and Path(sent["path"]).read_bytes() == photo.read_bytes()
        assert Path(sent["path"]).is_relative_to(tmp_path / "files")
        bad = bot.send([json.dumps({"user": "tc", "text": "x", "mime": "image/jpeg"})])
        assert "mime" in str(bad[0]["error"])

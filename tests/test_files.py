"""The file store: content-named files, the 20 MB limit, signed links (valid, expired, forged, another secret, a
file gone), and the console printing a reply's files."""

from __future__ import annotations

import hashlib
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from fakes import FakeCore

from bot.channels.console import chat_loop
from bot.config import load_settings
from bot.core.files import MAX_BYTES, BadLink, FileStore, FileTooLarge, clean_name
from bot.core.messages import Incoming, Reply
from bot.db.session import Database

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_files_are_named_by_content_and_stored_once(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    first = store.save(b"bang diem", "Bảng điểm.xlsx", "application/vnd.ms-excel")
    again = store.save([b"bang ", b"diem"], "khac.xlsx", "application/vnd.ms-excel")
    digest = hashlib.sha256(b"bang diem").hexdigest()
    assert first.path == again.path == str(tmp_path / "files" / digest[:2] / digest)
    assert (first.name, again.name, first.size) == ("Bảng điểm.xlsx", "khac.xlsx", 9)
    assert [p.name for p in (tmp_path / "files").rglob("*") if p.is_file()] == [digest]


def test_names_never_reach_the_file_system_and_are_never_empty(tmp_path: Path) -> None:
    ref = FileStore(tmp_path).save(b"x", "../../etc/passwd", "text/plain")
    assert ref.name == "passwd" and Path(ref.path).parent.parent == tmp_path
    assert clean_name('a"b\x00c.pdf', "application/pdf") == "abc.pdf"
    assert clean_name("", "image/png") == "anh.jpg" and clean_name("/", "text/plain") == "tep"


@pytest.mark.parametrize("chunked", [False, True])
def test_over_the_limit_raises_and_keeps_nothing(tmp_path: Path, chunked: bool) -> None:
    store = FileStore(tmp_path)
    data = b"\0" * (MAX_BYTES + 1)
    with pytest.raises(FileTooLarge):
        store.save([data[:MAX_BYTES], data[MAX_BYTES:]] if chunked else data, "lon.bin", "application/zip")
    assert list(tmp_path.rglob("*")) == []
    assert Path(store.save(data[:MAX_BYTES], "vua.bin", "application/zip").path).stat().st_size == MAX_BYTES


def test_signed_links_valid_expired_forged_other_secret_and_gone(tmp_path: Path) -> None:
    store = FileStore(tmp_path, secret="bi-mat")
    ref = store.save(b"\x89PNG...", "bieu do.png", "image/png")
    link = store.link(ref, NOW, timedelta(minutes=10))
    assert link.expires == NOW + timedelta(minutes=10)
    assert store.verify(link.token, NOW + timedelta(minutes=9)) == ref
    assert FileStore(tmp_path, secret="bi-mat").verify(link.token, NOW) == ref  # another worker, same secret
    with pytest.raises(BadLink, match="hết hạn"):
        store.verify(link.token, NOW + timedelta(minutes=10))
    body, _, signature = link.token.partition(".")
    other = FileStore(tmp_path, secret="bi-mat").link(store.save(b"khac", "b.txt", "text/plain"), NOW).token
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    for forged in (f"{body}.{flipped}", f"{other.partition('.')[0]}.{signature}", body, "", "a.b.c"):
        with pytest.raises(BadLink):
            store.verify(forged, NOW)
    with pytest.raises(BadLink, match="chữ ký"):
        FileStore(tmp_path, secret="khoa-khac").verify(link.token, NOW)
    with pytest.raises(BadLink, match="chữ ký"):
        FileStore(tmp_path).verify(link.token, NOW)  # no secret configured: one drawn per process
    Path(ref.path).unlink()
    with pytest.raises(BadLink, match="không còn"):
        store.verify(link.token, NOW)


def test_links_only_for_files_of_the_store(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "kho")
    outside = FileStore(tmp_path / "khac").save(b"x", "x.txt", "text/plain")
    with pytest.raises(BadLink):
        store.link(outside, NOW)


def test_files_settings_come_from_the_file_and_the_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[files]\nfolder = "/srv/dti/files"\npublic_url = "https://bot.example.vn/dti"\n', "utf-8")
    s = load_settings(str(cfg), environ={"DTI_FILES_SECRET": "tu-moi-truong"})
    assert (s.files.folder, s.files.public_url, s.files.secret) == (
        "/srv/dti/files", "https://bot.example.vn/dti", "tu-moi-truong")
    assert load_settings(str(tmp_path / "c.toml"), environ={}).files.secret == ""


def test_the_console_prints_the_path_of_each_file(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'c.db'}")
    db.upgrade()
    ref = FileStore(tmp_path / "files").save(b"PK", "Bang diem.xlsx", "application/vnd.ms-excel")

    def answer(msg: Incoming) -> list[Reply]:
        return [Reply(text="Bảng điểm tháng 11", html="", files=(ref,))] if msg.text == "bảng" else []

    out: list[str] = []
    chat_loop(FakeCore(db, answer), ["bảng"], out.append, user="u1")
    db.dispose()
    assert out == [f"Bảng điểm tháng 11\n📎 Bang diem.xlsx: {ref.path}\n"]

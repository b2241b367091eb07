"""Templates are compiled once per machine (issue 20 item 2: ``dti-bot ask`` spent a third of its CPU compiling),
in one folder per kind of environment, and a folder that cannot be written only costs the compile."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render import _bytecode_cache, _environment


def test_a_compiled_template_is_kept_and_used_by_the_next_process(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DTI_TEMPLATE_CACHE", str(tmp_path))
    first = _environment(html=True).get_template("unknown_unit.j2")
    [folder] = tmp_path.iterdir()  # one folder per kind, named also by what compiles (this code, jinja2's version)
    assert folder.name.startswith("html-") and len(list(folder.iterdir())) == 1
    context = {"question": "x < y", "near_units": [], "plan_name": "KH"}
    again = _environment(html=True).get_template("unknown_unit.j2")  # a new environment, as in a new process
    assert again.render(**context) == first.render(**context) and "x &lt; y" in again.render(**context)
    assert "x < y" in _environment(html=False).get_template("unknown_unit.j2").render(**context)


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("DTI_TEMPLATE_CACHE", str(blocked))
    assert _bytecode_cache("plain") is None
    assert _environment(html=False).get_template("unknown_unit.j2").render(
        question="q", near_units=["Sở A"], plan_name="KH").startswith("Tên đơn vị")

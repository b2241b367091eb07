"""Issue 16, "Measured": a whole Kon Tum round through ``dti-bot converse``, as a province would run it.

Members join the plan's six group units (``units add``), an official of every unit that owes something registers
with an invite code (``/dangky``), the focal point opens the round in chat (``/modot``: every unit is told what it
owes), every part of every indicator is entered through ``/nhap`` (some by the focal point on the unit's behalf),
some with evidence files, some with links (the focal point sees both with ``/xemminhchung``), some are returned and
entered again (the focal point is told), every one is approved (the unit is told), and the round is closed in chat
(nobody to tell: every unit entered everything). At the end ``round status``
gives the total that the test computes by hand from the values it typed, scoring each indicator from the rule data
(``knowledge/data/rules/dti-tinh.json``) with the few formulas of its kinds written here, never through the engine;
``round check`` has nothing left to say but the one input the plan gives nobody (6.22 c, which falls to the Sở TTTT).

The script is built from what the bot says: the parts each unit owes come from ``round status --json``, the inputs
of each part from the questions ``/nhap`` asks ("Nhập b: …"). One ``dti-bot converse`` process runs the whole
round, driven line by line; the CLI commands run in this process on the same SQLite file.
"""

from __future__ import annotations

import ast
import json
import operator
import os
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from scoring.codes import code_order
from tests.clikit import run_cli

PLAN = "kon-tum-2024"
ROOT = Path(__file__).resolve().parents[1]
RULES = {r["code"]: r for r in json.loads((ROOT / "knowledge/data/rules/dti-tinh.json").read_text("utf-8"))}
MAXIMA = {i["code"]: i["max_points"] for i in
          json.loads((ROOT / "knowledge/data/frameworks/dti-tinh.json").read_text("utf-8"))["indicators"]}
FOCAL_UNIT = "Sở Thông tin và Truyền thông"
# Two members for each group unit the plan names; a unit may be in several groups (a Sở in "Các đơn vị, địa
# phương", a district in "Các địa phương").
MEMBERS = {
    "Các sở, ban, ngành": ["Sở Tài chính", "Sở Nội vụ"],
    "UBND các huyện, thành phố": ["UBND huyện Đắk Hà", "UBND thành phố Kon Tum"],
    "UBND cấp xã": ["UBND xã Đắk Mar", "UBND phường Quyết Thắng"],
    "Các địa phương": ["UBND huyện Đắk Hà", "UBND thành phố Kon Tum"],
    "Các đơn vị, địa phương": ["Sở Tài chính", "UBND huyện Đắk Hà"],
    "Doanh nghiệp viễn thông": ["VNPT Kon Tum", "Viettel Kon Tum"],
}
# Parts entered by the focal point on the unit's behalf (every part of these units), and parts returned once
# and entered again (with other values).
ON_BEHALF = {"Cục Thuế tỉnh", "Bưu điện tỉnh", "UBND phường Quyết Thắng"}
RETURNED = ("1.1", "1.5", "3.3", "6.21", "6.22")  # the last unit owing each
EVIDENCE_EVERY = 5  # one part in five gets an evidence file, another in five a link


# ------------------------------------------------------------------------------------------ the values typed


def _names(expression: str) -> list[str]:
    return re.findall(r"[A-Za-z_]\w*", expression)


def _sides(rule: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The names above and below the top-level "/" of the rule's ratio or measure (and of its parts')."""
    top, bottom = set(), set()
    rules = [rule, *(p["rule"] for p in rule.get("parts", []))]
    for r in rules:
        expression = r.get("ratio") or r.get("measure") or ""
        depth, cut = 0, -1
        for i, ch in enumerate(expression):
            depth += ch == "("
            depth -= ch == ")"
            if ch == "/" and depth == 0:
                cut = i
        if cut >= 0:
            top.update(_names(expression[:cut]))
            bottom.update(_names(expression[cut + 1:]))
    return top, bottom


def _choices(rule: dict[str, Any]) -> dict[str, list[tuple[str, Fraction]]]:
    """Input → its answers (label, share) as the rule data writes them: choices, yes/no, a levels rule's gate."""
    found: dict[str, list[tuple[str, Fraction]]] = {}
    for r in [rule, *(p["rule"] for p in rule.get("parts", []))]:
        if r.get("kind") == "choice":
            found[r["input"]] = [(o["label"], Fraction(str(o["share"]))) for o in r["options"]]
        elif r.get("kind") == "yes_no":
            found[r["input"]] = [(r["yes"], Fraction(1)), (r["no"], Fraction(0))]
        if r.get("gate"):
            yes, no = r["gate_labels"]
            found[r["gate"]] = [(yes, Fraction(1)), (no, Fraction(0))]
    return found


def typed_value(code: str, name: str, again: bool) -> str:
    """What the unit types for input ``name`` of ``code``: a share's part 300 (400 when entered again after a
    return) of a whole of 1 000 per unit, a count of 4, a choice's answer by its label (the second answer for
    a few indicators, and when entered again)."""
    rule = RULES[code]
    answers = _choices(rule).get(name)
    if answers is not None:
        pick = (1 if again or code in ("1.1", "1.8", "2.5", "6.1") else 0) % len(answers)
        return answers[pick][0]
    top, bottom = _sides(rule)
    if name in bottom and name not in top:
        return "1.000"
    if name in top:
        return "400" if again else "300"
    return "4"


# ------------------------------------------------------------------------------------------ scoring by hand


def _number(text: str) -> Fraction:
    return Fraction(text.replace(".", "").replace(",", "."))


def _ratio(expression: str, values: dict[str, Fraction]) -> Fraction | None:
    """The expression's value on exact fractions: names, numbers, + - * / and parentheses (read with ``ast``,
    nothing else evaluated)."""
    if not set(_names(expression)) <= values.keys():
        return None
    operations = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}

    def value(node: ast.expr) -> Fraction:
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return Fraction(str(node.value))
        if isinstance(node, ast.BinOp) and type(node.op) in operations:
            return operations[type(node.op)](value(node.left), value(node.right))  # type: ignore[no-any-return]
        raise AssertionError(f"not an arithmetic expression: {expression}")

    try:
        return value(ast.parse(expression, mode="eval").body)
    except ZeroDivisionError:
        return Fraction(0)


def _share(rule: dict[str, Any], values: dict[str, Any]) -> Fraction | None:
    """The share of the maximum one rule kind gives (None: no score, e.g. Min–Max waits for the other
    provinces)."""
    kind = rule["kind"]
    if kind in ("choice", "yes_no"):
        return dict(_choices(rule)[rule["input"]])[values[rule["input"]]]
    if kind == "per_item":
        return Fraction(str(rule["each"])) * values[rule["input"]]  # capped by the caller
    if kind == "parts":
        total = Fraction(0)
        for part in rule["parts"]:
            got = _share(part["rule"], values)
            if got is None:
                return None
            total += Fraction(str(part["share"])) * got
        return total
    if kind == "levels":
        if rule.get("gate") and dict(_choices(rule)[rule["gate"]])[values[rule["gate"]]] == 0:
            return Fraction(0)
        measured = _ratio(rule["measure"], values)
        assert measured is not None
        for minimum, share in rule["levels"]:
            if measured >= Fraction(str(minimum)):
                return Fraction(str(share))
        return Fraction(0)
    if kind == "min_max":
        return None
    ratio = _ratio(rule["ratio"], values)
    assert ratio is not None
    if kind == "ratio":
        return min(ratio, Fraction(1)) if rule.get("over") == "cap" else ratio
    if kind == "threshold":
        at = Fraction(str(rule["at"]))
        assert rule["below"] == "scaled"
        return Fraction(1) if ratio >= at else ratio / at
    if kind == "all_or_nothing":
        return Fraction(1) if ratio >= 1 else Fraction(0)
    raise AssertionError(f"{rule['code']}: kind {kind} not scored by this test")


def hand_score(code: str, parts: dict[str, dict[str, str]]) -> Fraction | None:
    """The indicator's score from what the units typed: inputs that add (the rule's ``adds``) summed over the
    units, every other answer the same for all of them (the script types one answer per indicator)."""
    rule = RULES[code]
    if rule.get("kind") == "sum":
        children = [hand_score(c, PARTS_BY_CODE.get(c, {})) for c in rule["children"]]
        return None if any(c is None for c in children) else sum(children, Fraction(0))  # type: ignore[misc]
    values: dict[str, Any] = {name: Fraction(str(v)) for name, v in rule.get("defaults", {}).items()}
    choices = _choices(rule)
    for typed in parts.values():
        for name, text in typed.items():
            if name in choices:
                assert values.setdefault(name, text) == text
            elif name in rule.get("adds", []):
                values[name] = values.get(name, Fraction(0)) * (name not in rule.get("defaults", {})) + _number(text)
            else:
                values[name] = _number(text)
    share = _share(rule, values)
    if share is None:
        return None
    return min(share * Fraction(str(MAXIMA[code])), Fraction(str(MAXIMA[code])))


PARTS_BY_CODE: dict[str, dict[str, dict[str, str]]] = {}  # code → unit → input → text typed (the latest)


def hand_total() -> Fraction:
    """The framework's total: each pillar the sum of its direct children that have a score."""
    total = Fraction(0)
    for code in MAXIMA:
        if code.count(".") == 1 and code in RULES and (code in PARTS_BY_CODE or RULES[code].get("kind") == "sum"):
            score = hand_score(code, PARTS_BY_CODE.get(code, {}))
            total += score or 0
    return total


# ------------------------------------------------------------------------------------------ driving the bot


class Converse:
    """One ``dti-bot converse`` process, one JSON line in and one out at a time."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.log = (cwd / "converse.err").open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "converse", "--plan", PLAN],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                     cwd=cwd, env=env, bufsize=1)
        self.lines = 0
        self.caused: list[dict[str, Any]] = []  # every message an action caused to another chat, in order

    def act(self, user: str, **what: str) -> list[dict[str, Any]]:
        """Every reply the action caused, to the sender and to other chats (``chat`` says which)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"user": user, "chat": user, **what}, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        out = json.loads(self.proc.stdout.readline())
        self.lines += 1
        assert "error" not in out, (what, out)
        self.caused.extend(r for r in out["replies"] if r["chat"] != user)
        return list(out["replies"])

    def said(self, user: str, **what: str) -> str:
        """The text of the answers to the sender."""
        return "\n---\n".join(r["text"] for r in self.act(user, **what) if r["chat"] == user)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)
        self.log.close()


_INPUTS = re.compile(r"Đơn vị nhập \d+ số liệu: ([\w, ]+)\.")
_ASKED = re.compile(r"Nhập (\w+): ")


def enter(bot: Converse, user: str, code: str, command: str, again: bool, proof: Path | str | None
          ) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """One part through ``/nhap``: the inputs the bot names in its first answer typed at once, one a line
    (``a=300`` …), the summary confirmed, then the evidence (a file, a link, or none); the inputs typed and what
    the entry told other chats."""
    text = bot.said(user, text=command)
    listed = _INPUTS.search(text)
    assert listed is not None and _ASKED.search(text), (code, command, text)
    typed = {name: typed_value(code, name, again) for name in listed.group(1).split(", ")}
    text = bot.said(user, text="\n".join(f"{name}={value}" for name, value in typed.items()))
    for _ in range(5):
        assert "⚠️" not in text and "⛔" not in text, (code, command, text)
        if "Tóm tắt số liệu" in text:
            assert "Gõ 1 (Xác nhận)" in text  # the console numbers the choices
            caused = bot.act(user, text="1")
            text = "\n".join(r["text"] for r in caused if r["chat"] == user)
        elif "Số liệu có điểm khác thường" in text:
            text = bot.said(user, text="Đã kiểm tra: số liệu thử của kịch bản")
        elif "Đã lưu số liệu chỉ số" in text:
            if isinstance(proof, Path):
                assert "Đã nhận tệp" in bot.said(user, file=str(proof))
            elif isinstance(proof, str):
                assert "Đã nhận liên kết" in bot.said(user, text=proof)
            assert "Gõ /nhap" in bot.said(user, text="xong")
            return typed, [r for r in caused if r["chat"] != user]
        else:
            raise AssertionError(f"{code} ({command}): unexpected answer {text!r}")
    raise AssertionError(f"{code}: the entry did not end")


# ------------------------------------------------------------------------------------------ the round


def test_a_whole_kon_tum_round_through_converse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.monotonic()
    PARTS_BY_CODE.clear()
    url = f"sqlite:///{tmp_path / 'kon-tum.db'}"
    monkeypatch.setenv("DTI_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)

    def cli(*argv: str) -> Any:
        done = run_cli(list(argv), monkeypatch)
        assert done.code == 0, (argv, done.text)
        return json.loads(done.out) if "--json" in argv else done.out

    cli("db", "upgrade")
    for group, names in MEMBERS.items():
        cli("units", "add", "--plan", PLAN, "--member-of", group, *names)
    check = cli("round", "check", "--plan", PLAN, "--json")
    assert check["uncollectable"] == [] and check["groups_without_members"] == []
    owing = check["units_without_officials"]
    assert FOCAL_UNIT in owing and "UBND xã Đắk Mar" in owing and len(owing) > 20
    users = {unit: f"u{n}" for n, unit in enumerate(owing)}
    users[FOCAL_UNIT] = "focal"
    codes = {unit: cli("invite", "--plan", PLAN, "--unit", unit, "--json",
                       "--role", "focal" if unit == FOCAL_UNIT else "official")["code"] for unit in owing}

    # The bot process runs as scripts/run.sh starts it: PYTHONOPTIMIZE=2, no docstrings and no asserts (issue 20's
    # memory); the rest of the suite runs the same code with both kept.
    env = {**os.environ, "DTI_DATABASE_URL": url, "PYTHONOPTIMIZE": "2"}
    bot = Converse(tmp_path, env)
    try:
        for unit in owing:
            assert "Đăng ký thành công" in bot.said(users[unit], text=f"/dangky {codes[unit]}")
        # the focal point opens the round in chat
        due = date.today() + timedelta(days=40)
        assert "kỳ" in bot.said("focal", text="/modot")
        bot.said("focal", text=str(due.year))
        opened = bot.act("focal", text=due.strftime("%d/%m/%Y"))
        assert "Đã mở đợt thu thập" in opened[0]["text"]
        told = {(r["chat"], unit) for r in opened[1:] for unit in owing
                if "Đã mở đợt thu thập số liệu" in r["text"] and f"{unit} cần nộp" in r["text"]
                and any("Nhập số liệu" in b["label"] for b in r["buttons"])}
        assert told == {(users[unit], unit) for unit in owing}  # every unit told once what it owes
        for r in opened[1:]:  # its codes in natural order (1.9 before 1.10)
            listed = [line.split()[1] for line in r["text"].splitlines() if line.startswith("• ")]
            assert listed == sorted(listed, key=code_order), listed
        status = cli("round", "status", "--plan", PLAN, "--json")
        round_id = status["round"]["id"]
        unit_ids = {u["name"]: u["id"] for u in cli("units", "list", "--plan", PLAN, "--json")}
        parts = [(i["code"], p["unit"]) for i in status["indicators"] for p in i["parts"]]
        assert len(parts) > 150 and {u for _, u in parts} == set(owing)

        proof = tmp_path / "bien-ban.pdf"
        proof.write_bytes(b"%PDF-1.4 bien ban kiem tra")
        for n, (code, unit) in enumerate(parts):
            behalf = unit in ON_BEHALF
            user = "focal" if behalf or unit == FOCAL_UNIT else users[unit]
            command = f"/nhap {code} {unit}" if user == "focal" else f"/nhap {code}"
            evidence = {0: proof, 1: f"https://kontum.gov.vn/dti/{code}/{n}"}.get(n % EVIDENCE_EVERY)
            PARTS_BY_CODE.setdefault(code, {})[unit], _ = enter(bot, user, code, command, False, evidence)
        # the focal point sees a part's evidence: its files and its links
        code, unit = parts[1]
        seen = bot.act("focal", text=f"/xemminhchung {code} {unit}")
        assert f"https://kontum.gov.vn/dti/{code}/1" in seen[0]["text"], seen
        code, unit = parts[EVIDENCE_EVERY]
        seen = bot.act("focal", text=f"/xemminhchung {code} {unit}")
        assert "1 tệp" in seen[0]["text"] and any(f["name"] == proof.name for r in seen for f in r["files"]), seen

        # the focal point returns a few parts; each unit enters its part again, with other values
        returned = [(code, [u for c, u in parts if c == code][-1]) for code in RETURNED]
        for code, unit in returned:
            asked = bot.said("focal", payload=f"pr:{round_id}:{unit_ids[unit]}:{code}")
            assert "lý do" in asked, asked
            told = bot.act("focal", text=f"Xin kiểm tra lại số liệu {code}")
            assert any(r["chat"] == users[unit] and code in r["text"] for r in told), told
            user = "focal" if unit in ON_BEHALF else users[unit]
            command = f"/nhap {code} {unit}" if user == "focal" else f"/nhap {code}"
            PARTS_BY_CODE[code][unit], caused = enter(bot, user, code, command, True, None)
            if user != "focal":  # the focal point who returned it is told it came back
                assert any(r["chat"] == "focal" and "đã nộp lại số liệu chỉ số" in r["text"] and code in r["text"]
                           for r in caused), caused
        before = cli("round", "status", "--plan", PLAN, "--json")
        assert {i["state"] for i in before["indicators"]} <= {"submitted"}, "every part entered"

        for code, unit in parts:
            approved = bot.act("focal", payload=f"pa:{round_id}:{unit_ids[unit]}:{code}")
            assert "duyệt" in approved[0]["text"].lower(), (code, unit, approved)
            if unit != FOCAL_UNIT:  # the unit's officials are told
                assert any(r["chat"] == users[unit] and "đã được đầu mối duyệt" in r["text"] for r in approved)
        assert "Đóng đợt" in bot.said("focal", payload=f"pc:{round_id}")
        closed = bot.act("focal", text="1")
        assert "Đã đóng đợt" in closed[0]["text"]
        assert not [r for r in closed if "chưa nhập số liệu nào" in r["text"]]  # every unit entered: nobody told
        lines = bot.lines
    finally:
        bot.close()

    final = cli("round", "status", "--plan", PLAN, "--json")
    assert final["round"]["state"] == "closed"
    assert {i["state"] for i in final["indicators"]} == {"approved"}
    by_code = {i["code"]: i for i in final["indicators"]}
    behalf = [p for i in final["indicators"] for p in i["parts"] if p["on_behalf"]]
    assert {p["unit"] for p in behalf} == ON_BEHALF and all(p["by"] for p in behalf)
    for code in PARTS_BY_CODE:  # each indicator as the test scores it
        mine = hand_score(code, PARTS_BY_CODE[code])
        theirs = by_code[code]["score"]
        assert (mine is None) == (theirs is None), (code, mine, theirs, by_code[code])
        if mine is not None:
            assert theirs == pytest.approx(float(mine), abs=1e-6), (code, float(mine), theirs)
    assert final["total"]["score"] == pytest.approx(float(hand_total()), abs=1e-6)
    assert 100 < final["total"]["score"] < 1000 and lines > 400
    scored = sum(1 for i in final["indicators"] if i["score"] is not None)
    print(json.dumps({"parts": len(parts), "indicators": len(final["indicators"]), "scored": scored,
                      "total": final["total"]["score"], "converse_lines": lines,
                      "seconds": round(time.monotonic() - started, 1)}))
    check = cli("round", "check", "--plan", PLAN, "--json")
    assert check == {"uncollectable": [], "groups_without_members": [], "units_without_officials": [],
                     "default_owners": [{"code": "6.22", "input": "c", "unit": FOCAL_UNIT}]}

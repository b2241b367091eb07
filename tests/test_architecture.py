"""The layering the design keeps: the scoring engine never imports the knowledge base or the bot, and the core
never imports the capabilities (handlers). Checked on the source, so a new import breaks the build at once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(package: str) -> dict[str, set[str]]:
    """Every module each file of ``package`` imports (top-level and inside functions)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("scoring", ("knowledge", "bot")),
        ("bot/core", ("bot.handlers", "bot.channels", "bot.cli")),
    ],
)
def test_layer_does_not_import(package: str, forbidden: tuple[str, ...]) -> None:
    offenders = {
        path: sorted(m for m in modules if m.split(".")[0] in forbidden or m.startswith(forbidden))
        for path, modules in imported_modules(package).items()
    }
    assert {p: m for p, m in offenders.items() if m} == {}

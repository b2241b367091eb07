"""`dti-bot bench_search` (not built yet)."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, settings: Settings) -> int:
    print("Lệnh này chưa được xây dựng.", file=sys.stderr)
    return 1

#!/usr/bin/env bash
# Start the assistant on its embedded default: SQLite file ./dti-bot.db, the bundled knowledge base. With no
# Telegram/Zalo token configured this is the console chat; with a token (config.toml or DTI_TELEGRAM_TOKEN) the bot.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check .
exec .venv/bin/dti-bot "$@"

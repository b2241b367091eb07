#!/usr/bin/env bash
# Start the assistant on its embedded default: SQLite file ./dti-bot.db, the bundled knowledge base. With no
# Telegram/Zalo token configured this is the console chat; with a token (config.toml or DTI_TELEGRAM_TOKEN) the bot.
#
# The project is installed in editable mode, so code changes need no reinstall. pip runs only when the
# dependencies may have changed: .venv/.dti-bot-installed holds the hash of pyproject.toml from the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=.venv/.dti-bot-installed
wanted=$(.venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' pyproject.toml)
if [ ! -x .venv/bin/dti-bot ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  echo "$wanted" > "$stamp"
fi
exec .venv/bin/dti-bot "$@"

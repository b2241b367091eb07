#!/usr/bin/env bash
# Start the assistant on its embedded default: SQLite file ./dti-bot.db, the bundled knowledge base. With no
# Telegram/Zalo token configured this is the console chat; with a token (config.toml or DTI_TELEGRAM_TOKEN) the bot.
#
# The project is installed in editable mode, so code changes need no reinstall. pip runs only when the
# dependencies may have changed: .venv/.dti-bot-installed holds the hash of pyproject.toml from the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
install_project . .venv/.dti-bot-installed
# The bot runs without docstrings and assert statements (python -OO): the libraries' docstrings (SQLAlchemy's above
# all) held 3.3 MiB of a 62 MiB process (issue 20). Nothing reads a docstring at run time, and the asserts left in
# the code only narrow types for mypy. PYTHONOPTIMIZE=0 in the environment keeps them.
export PYTHONOPTIMIZE="${PYTHONOPTIMIZE-2}"
exec .venv/bin/dti-bot "$@"

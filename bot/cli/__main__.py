"""``python -m bot.cli`` runs the same entry point as ``dti-bot``."""

import sys

from bot.cli import main

sys.exit(main())

"""Files the bot makes and reads: Excel entry forms and reports, charts. Plain data in, files out (and back)."""

"""Services: plain functions over a database session that return plain data (dataclasses).

Handlers, the CLI and other services call them; they import no channel or handler, so they run the same in a
chat turn, in ``dti-bot`` subcommands and in tests.
"""

"""Services the handlers and the CLI call: each takes a database session and returns plain data (dataclasses),
with no bot imports, so that chat flows, the CLI and the benchmarks share one implementation."""

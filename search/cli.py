"""Subcommands of the engine: search, stats (filled in by the search issue)."""


def register(sub) -> None:
    pass

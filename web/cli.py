"""`kaigiroku serve`: the web front end (filled in by the web issue)."""


def register(sub) -> None:
    pass

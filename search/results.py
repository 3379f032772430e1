"""What a search result means to people: labels and notes read from a result's dicts.

Pure functions over the plain dicts a Backend returns (search/api.py): the CLI, the
pages and the feeds share them, and none of them needs the engine.
"""

from __future__ import annotations


def asks(kind: str, role: str) -> bool:
    """Whether a paired record is the question of its pair: a written question, or a member's turn."""
    return kind == "question" or (kind == "turn" and role == "member")


def counterpart_label(kind: str, role: str) -> str:
    """What a record's counterpart is to it: its 回答 (the record asks), its 質問, or, for an
    opinion, 対応する記録."""
    if kind == "opinion":
        return "対応する記録"
    return "回答" if asks(kind, role) else "質問"


def word_notes(res: dict) -> list[str]:
    """How the words of a result were searched, when not simply as typed (Japanese, for people):
    a word split into its parts, its looser forms found, the longer words a part of a word found,
    a word no record has."""
    notes, split = [], {}
    for w in res.get("words", []):
        if w["split_from"]:
            split.setdefault(w["split_from"], []).append(w["word"])
        if w.get("near"):
            notes.append(f"「{w['split_from'] or w['word']}」に近い形（{'、'.join(w['near'][:5])}{' など' if len(w['near']) > 5 else ''}）も探しました")
        if w["substrings"]:
            notes.append(f"「{w['word']}」を含む語（{'、'.join(w['substrings'][:5])}{' など' if len(w['substrings']) > 5 else ''}）も探しました")
        if not w["records"]:
            notes.append(f"「{w['word']}」を含む記録はありません")
    for whole, parts in split.items():
        notes.insert(0, f"「{whole}」をそのまま含む記録はないため、{'・'.join(f'「{p}」' for p in parts)}に分けて探しました")
    return notes

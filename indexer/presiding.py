"""Who presides a meeting, and each turn's role in it: the context the vocabulary of titles
(search/roles.py) is read in at ingest.

- who presides: 議長 in the plenary of an assembly, 委員長 in a committee, 会長 (or
  座長) in a 審議会, 教育長 in an education board (教育委員会); decided from what the
  chairs say (opening, putting the question, calling speakers) before the meeting's name.
  A chair title of another body speaks as a member there (総務委員長 reporting to the
  plenary, the 議長 attending a committee); the 教育長 answers for the executive in
  assemblies; the chair of another commission (選挙管理委員会委員長) answers for the executive.
- 副議長, 副委員長, 副会長, 臨時議長 and 職務代理者 are the chair while presiding: for the
  whole meeting once most of their turns are the chair's business, so a role does not flip.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kaigiroku.search.roles import (CHAIR, EXECUTIVE, MEMBER, SECRETARIAT, SECRETARIAT_UNITS, core, is_name_only,
                                    secretariat_unit, title_of)

# The secretariat of another commission is the executive's, not the assembly's.
_OTHER_SECRETARIAT = re.compile(r"(選挙管理|教育|農業|監査|公平|人事|固定資産評価審査)委員(会)?事務局")
# Another commission's chair answers for the executive (選挙管理委員会委員長, 農業委員会会長).
_COMMISSION = re.compile(r"(選挙管理|教育|農業|公平|人事|固定資産評価審査|収用)委員会.{0,4}(委員長|会長)$")
# What only the person presiding says: opening, calling speakers, putting the question, closing.
PRESIDING_RE = re.compile(
    r"(開会|開議|閉会|散会|休憩|再開)(いた)?(します|します。|といたします)|を議題と|ご?異議(は)?ありませんか|御異議ありませんか"
    r"|(質疑|質問|討論|意見)を(終わ|終結|打ち切|閉じ)|(議長|委員長|座長|会長)(を|と)?交代|(起立|挙手)(多数|全員)であります"
    r"|(討論|質疑|質問)は(ありませんか|ございませんか)|お諮り|採決(を)?(いた)?します|ほかに(ご|御)?(質疑|質問|意見)|(質疑|質問|意見)はありませんか|ございませんか"
    r"|(君|委員|議員|さん)[。、]?\s*$|(会議|審議会|委員会)を(開|閉|終)|指名(いた)?します|どうぞ[。]?\s*$"
)


def normalize_role(label: str) -> str | None:
    """The role of a speaker label outside any meeting's context (any chair title presides), or None."""
    return RoleContext().role(label)


@dataclass
class RoleContext:
    """A meeting's context for roles: which chair presides, and whether it is heard at all."""

    presiding: str = ""  # 議長, 委員長, 会長, 座長, 部会長, 教育長; "" when unknown
    chair_speaks: bool = True  # the presiding chair has turns of its own
    # Acting titles (by label) that preside in this meeting, when decided from the whole meeting's turns.
    acting_chairs: set[str] | None = None

    @classmethod
    def for_meeting(cls, title: str, labels: Iterable[str], texts: Iterable[str] | None = None) -> "RoleContext":
        """Decide who presides from what the chairs say (opening, putting the question, calling speakers),
        else from the meeting's name and the chair titles its speakers carry.

        With `texts` (one per label, in order), the chair title whose turns do the presiding presides: a
        committee chair reporting to a plenary, or the 議長 opening a committee only to hand it over,
        speaks as a member. An acting title (副議長, 臨時議長, 委員長職務代理) presides for the whole
        meeting once most of its turns are the chair's business, so one person's role does not flip
        from turn to turn."""
        labels = list(labels)
        chairs: Counter[str] = Counter()
        for lab in labels:
            t = title_of(core(lab))
            if t and t.presides and t.presides != "*" and not t.acting and not _COMMISSION.search(core(lab)):
                chairs[t.presides] += 1
        wanted = _wanted_chairs(unicodedata.normalize("NFKC", title))
        present = [w for w in wanted if chairs[w]]
        if present:
            presiding = present[0]
        elif chairs:
            presiding = chairs.most_common(1)[0][0]
        else:
            presiding = wanted[0]
        if texts is None:
            return cls(presiding, chairs[presiding] > 0)
        texts = list(texts)
        doing: Counter[str] = Counter()
        turns: Counter[str] = Counter()
        acting_done: Counter[str] = Counter()
        for lab, text in zip(labels, texts):
            c = core(lab)
            t = title_of(c)
            if not t or not t.presides or _COMMISSION.search(c):
                continue
            says = bool(PRESIDING_RE.search(text or ""))
            if t.acting:
                key = _label_key(lab)
                turns[key] += 1
                acting_done[key] += says
            elif t.presides != "*" and says:
                doing[t.presides] += 1
        if doing:
            order = {w: n for n, w in enumerate(wanted)}
            presiding = max(doing, key=lambda w: (doing[w], -order.get(w, 99)))
        ctx = cls(presiding, chairs[presiding] > 0)
        ctx.acting_chairs = {k for k in turns if not ctx.chair_speaks or acting_done[k] * 2 >= turns[k]}
        return ctx

    def role(self, label: str, text: str = "", mark: str = "") -> str | None:
        """The role of one turn's speaker; `text` tells an acting chair presiding, `mark` a title-less one."""
        c = core(label)
        if not c:
            return None
        t = title_of(c)
        if t is None:
            if secretariat_unit(c):
                return SECRETARIAT
            if is_name_only(label) or (mark and mark in "◆◎"):
                return EXECUTIVE if mark == "◎" else MEMBER
            return None
        if _OTHER_SECRETARIAT.search(c):
            return EXECUTIVE  # 選挙管理委員会事務局長: the staff of another commission answer for the executive
        if t.role == SECRETARIAT or (SECRETARIAT_UNITS.search(c) and t.role == EXECUTIVE):
            return SECRETARIAT
        if _COMMISSION.search(c) and c.endswith(("委員長", "会長")) and t.suffix not in ("小委員長",):
            return EXECUTIVE if self.presiding in ("議長", "委員長") else t.role
        if not t.presides:
            return t.role
        family = self.presiding if t.presides == "*" else t.presides
        if t.acting:
            if self.acting_chairs is not None:
                return CHAIR if family == (self.presiding or family) and _label_key(label) in self.acting_chairs \
                    else MEMBER
            if family == (self.presiding or family) and (not self.chair_speaks or PRESIDING_RE.search(text or "")):
                return CHAIR
            return MEMBER
        if not self.presiding:
            return t.role if t.presides == "教育長" else CHAIR
        if t.presides == self.presiding:
            return CHAIR
        # A chair title of another body: the 教育長 and other commissions answer; other chairs are members here.
        if t.presides == "教育長":
            return EXECUTIVE
        if self.presiding in ("会長", "座長") and t.presides in ("会長", "座長", "委員長"):
            return CHAIR
        return MEMBER


def _label_key(label: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))


def _wanted_chairs(name: str) -> list[str]:
    """The chair titles that may preside a meeting of this name, the likeliest first."""
    if re.search(r"教育委員会(\s*第?\d*回?\s*)(定例|臨時|会議|議事録|会議録|$)", name) and "議会" not in name \
            and not re.search(r"(常任|特別)委員会", name):
        return ["教育長", "委員長", "会長"]
    if re.search(r"委員会|審査会$", name) and not re.search(r"本会議", name):
        return ["委員長", "会長", "座長"]
    if re.search(r"議会|本会議|定例会|臨時会", name):
        return ["議長"]
    if "部会" in name:
        return ["部会長", "会長", "座長"]
    if "理事会" in name:
        return ["理事長", "会長", "委員長"]
    if "分科会" in name:
        return ["分科会長", "会長", "座長"]
    return ["会長", "座長", "委員長", "議長"]

"""What each generated meeting is: who sits where, what is on the agenda, who speaks when.

Four kinds of meeting, in the proportions an archive of a municipality's
councils and assembly has (by records, roughly):

- 審議会 transcripts (colon layout, `会長：…`), about 30%;
- 審議会 written deliberations (書面開催, the Q&A table), about 12%;
- assembly committees (委員会, marked layout: `○委員長（…君）`, `◆佐藤委員`,
  `◎総務課長（…君）`): a department explains each bill at length, members ask,
  the executive answers; about 40%;
- assembly plenaries (本会議, `○議長（…君）`, `○１２番（…君）`, `○市長（…君）`):
  general questions of 1,000–10,000 characters by members and long answers by
  the mayor and department heads; about 18%.

Everything a meeting has comes from its own random stream, seeded by the
corpus seed and the meeting's number, so a meeting does not depend on the
others or on the corpus size (a 10k corpus is nearly the first meetings of a
100k one). Its texts are composed later (compose.py) from a second stream.

People: each municipality has an assembly of 24-40 members elected every four
years (about a third new each time), a mayor re-elected or replaced every
four years, department heads who change every two, and councils whose members
serve two-year terms. Names come from the Sudachi dictionary (lexicon.py), so
the archive's names grow with its years and municipalities, as real ones do.
A committee keeps its members and chair for a term.

Bills: each assembly session has its bills, one to three referred to each
committee. The assembly meetings of SESSION_BLOCK consecutive meeting numbers
belong to one session of one municipality (still a function of the seed and the
number alone): the block's first plenary introduces the bills and refers them
(付託), its committees examine the ones referred to them by the same numbers and
decide (可決すべきもの, 認定, sometimes 継続審査), its last plenary hears each
committee chair's report and votes; plenaries between hold general questions.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .compose import Composer, Vocab
from .lexicon import Lexicon, Ranked, Zipf

# (name, id used in file names): the 14 of the first corpus, then dictionary cities (lexicon.py).
TOKYO = [
    ("西東京市", "nishitokyo"), ("八王子市", "hachioji"), ("町田市", "machida"), ("府中市", "fuchu"),
    ("調布市", "chofu"), ("小平市", "kodaira"), ("日野市", "hino"), ("国分寺市", "kokubunji"),
    ("中野区", "nakano"), ("杉並区", "suginami"), ("練馬区", "nerima"), ("世田谷区", "setagaya"),
    ("品川区", "shinagawa"), ("板橋区", "itabashi"),
]
MUNICIPALITIES = 50
COUNCILS = [
    "情報公開・個人情報保護審議会", "個人情報保護運営審議会", "個人情報保護審議会",
    "情報公開・個人情報保護運営審議会", "情報公開審査会",
]
COMMITTEES = ["総務委員会", "厚生委員会", "文教委員会", "建設委員会", "環境委員会", "企画委員会", "予算特別委員会",
              "決算特別委員会"]
THEMES = [
    "マイナンバーカード", "住民基本台帳システム", "介護保険システム", "児童手当", "防犯カメラ", "図書館システム",
    "選挙人名簿", "ふるさと納税", "学校給食費", "保育所入所申請", "生活保護", "国民健康保険", "後期高齢者医療",
    "道路占用許可", "粗大ごみ収集", "公共施設予約システム", "電子申請サービス", "テレワーク", "AI-OCR", "RPA",
    "LINE公式アカウント", "コンビニ交付", "住民税", "固定資産税", "子ども医療費助成", "がん検診", "特定健康診査",
    "就学援助", "GIGAスクール", "タブレット端末", "戸籍システム", "印鑑登録", "空き家対策", "高齢者見守り",
    "災害時要援護者名簿", "避難行動要支援者名簿", "ハザードマップ", "地域包括支援センター", "障害者手帳",
    "放課後児童クラブ", "児童相談", "DV相談", "消費生活相談", "コールセンター", "ドローン", "監視カメラ",
    "電子契約", "文書管理システム", "庁内ネットワーク", "基幹系システム", "ガバメントクラウド", "個人番号",
    "オンライン会議", "スマートフォン申請", "キャッシュレス決済", "健康ポイント", "自転車駐車場", "ワクチン接種",
    "感染症対策", "窓口業務",
]
COUNCIL_TOPICS = [
    ("諮問", "{t}に係る業務の外部委託に伴う個人情報の取扱いについて"),
    ("諮問", "{t}の導入に伴う電子計算組織の外部結合について"),
    ("諮問", "{t}における個人情報の目的外利用について"),
    ("諮問", "{t}に関する個人情報の本人外収集について"),
    ("諮問", "{t}のクラウド化に伴う個人情報の取扱いについて"),
    ("諮問", "{t}の更改に伴う外部委託について"),
    ("報告", "{t}に係る事務処理誤りについて"),
    ("報告", "{t}における個人情報の漏えい事故について"),
    ("報告", "{t}の運用状況について"),
]
BILLS = ["{m}{t}条例の一部を改正する条例", "{m}{t}に関する条例", "{t}に係る契約の締結", "令和{y}年度{m}一般会計補正予算"]
# Where a session's 議案 numbers start (numbered through the year: the first session has the budget's many).
SESSION_BASE = {1: 1, 2: 45, 3: 70, 4: 100}
P_CONTINUED = 0.12  # bills a committee keeps for further examination (継続審査)
# Consecutive meeting numbers whose assembly meetings (plenaries and committees) are of one session of one
# municipality: its opening plenary, committees and closing plenary, so a bill is seen at each step.
SESSION_BLOCK = 16
DEPARTMENTS = ["総務部長", "企画政策部長", "財務部長", "市民部長", "健康福祉部長", "子ども家庭部長", "環境部長",
               "都市整備部長", "教育部長", "上下水道部長", "危機管理監", "情報政策課長", "総務課長", "健康推進課長", "国保年金課長",
               "人事課長", "子育て支援課長", "介護保険課長", "税務課長", "学務課長", "戸籍住民課長", "防災課長"]
# Titles today's role rules know as the executive (a title they do not know is fine in the marked
# layout, where ◎ says it, but not in the colon layout, where a label must be known or recur).
KNOWN_TITLES = [d for d in DEPARTMENTS if d.endswith("長")]
CHAIR_LABELS = ["会長"] * 8 + ["副会長", "会長職務代理"]
FIRST_FY, LAST_FY = 2006, 2025  # 平成18年度 .. 令和7年度
KINDS = (("colon", 0.40), ("written", 0.14), ("committee", 0.30), ("plenary", 0.16))
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def fw(n: int) -> str:
    return str(n).translate(FULLWIDTH)


# ---------------------------------------------------------------------------
# The world: municipalities and their people


@dataclass(frozen=True)
class Person:
    surname: str
    given: str

    @property
    def name(self) -> str:
        return self.surname + self.given


@dataclass(frozen=True)
class Bill:
    """One bill of an assembly session: introduced and referred at the opening plenary, examined and
    decided by `committee` during the session, reported and voted on at the closing plenary."""

    series: str  # 議案 / 認定
    number: int
    subject: str
    theme: str
    committee: str
    outcome: str  # 可決 / 認定 / 継続審査

    @property
    def title(self) -> str:
        subject = self.subject if self.subject.endswith("について") else self.subject + "について"
        return f"{self.series}第{fw(self.number)}号　{subject}"

    @property
    def short(self) -> str:
        return f"{self.series}第{fw(self.number)}号"


def _era_fiscal_year(fy: int) -> str:
    return f"令和{'元' if fy == 2019 else fy - 2018}年度" if fy >= 2019 else f"平成{fy - 1988}年度"


def chair_title(committee: str) -> str:
    """総務委員会 -> 総務委員長, 予算特別委員会 -> 予算特別委員長."""
    return committee[:-1] + "長"


@dataclass
class Roster:
    """Who holds office in one municipality during one term (four fiscal years for the
    assembly and mayor, two for department heads and councils)."""

    members: list[Person]  # assembly, seat numbers are positions + 1
    mayor: Person
    deputy: Person
    heads: dict[str, Person]
    council: list[Person]


class World:
    """Municipalities, their people over the years, and the word lists meetings draw from."""

    def __init__(self, seed: int, lex: Lexicon):
        self.seed = seed
        self.lex = lex
        cities = [(c, f"c{i:03d}") for i, c in enumerate(lex.cities) if c not in {n for n, _ in TOKYO}]
        self.munis = (TOKYO + cities)[:MUNICIPALITIES]
        self.muni_zipf = Zipf(len(self.munis), s=0.9, q=1.0)  # one large city, a long tail of small ones
        self.surnames = Ranked(lex.surnames, s=1.05, q=8)
        self.given = Ranked(lex.given, s=1.0, q=8)
        self.orgs = Ranked(lex.orgs, s=1.0, q=5)
        self.fresh = Ranked(lex.common, s=1.0, q=30)
        n = len(self.munis)
        self.places = [Ranked(lex.places[i::n], s=1.0, q=5) for i in range(n)]
        t = len(THEMES)
        self.theme_words = [Ranked(lex.common[i::t], s=0.9, q=10) for i in range(t)]

    def person(self, rng: random.Random) -> Person:
        return Person(self.surnames.draw(rng), self.given.draw(rng))

    @functools.lru_cache(maxsize=4096)
    def roster(self, muni: int, term: int) -> Roster:
        """Term `term` counts two-year periods from FY2004 (a term's people depend on the one before)."""
        rng = random.Random(f"kaigiroku-roster:{self.seed}:{muni}:{term}")
        prev = self.roster(muni, term - 1) if term > 0 else None
        size = 24 + (muni * 7) % 17
        if prev and term % 2:  # assembly elections every four years (even terms)
            members = list(prev.members)
        else:
            kept = [p for p in (prev.members if prev else []) if rng.random() < 0.65]
            members = kept + [self.person(rng) for _ in range(size - len(kept))]
            rng.shuffle(members)
        if prev and (term % 2 or rng.random() < 0.6):
            mayor = prev.mayor
        else:
            mayor = self.person(rng)
        deputy = prev.deputy if prev and rng.random() < 0.5 else self.person(rng)
        heads = {d: (prev.heads[d] if prev and rng.random() < 0.3 else self.person(rng)) for d in DEPARTMENTS}
        council = [p for p in (prev.council if prev else []) if rng.random() < 0.5]
        council += [self.person(rng) for _ in range(12 - len(council))]
        return Roster(members, mayor, deputy, heads, council)

    def roster_at(self, muni: int, d: date) -> Roster:
        return self.roster(muni, term_of(d))

    @functools.lru_cache(maxsize=8192)
    def committee_seats(self, muni: int, term: int, body: str) -> list[Person]:
        """The members of a committee for a term, its chair first: the same people in every meeting of
        the committee that term, and the chair reports its decisions to the plenary."""
        rng = random.Random(f"kaigiroku-committee:{self.seed}:{muni}:{term}:{body}")
        members = self.roster(muni, term).members
        return rng.sample(members, min(len(members), rng.randint(7, 10)))

    @functools.lru_cache(maxsize=8192)
    def session_bills(self, muni: int, year: int, session: int) -> tuple[Bill, ...]:
        """The bills of an assembly session (令和6年第4回定例会), each referred to one committee: every
        committee gets one to three. Numbers run within the session's series, in the order introduced."""
        rng = random.Random(f"kaigiroku-bills:{self.seed}:{muni}:{year}:{session}")
        name = self.munis[muni][0]
        fy = year if session > 1 else year - 1
        drafts = []
        for body in COMMITTEES:
            for k in range(1 if body == "決算特別委員会" else rng.randint(1, 3)):
                theme = rng.choice(THEMES)
                if body == "予算特別委員会":
                    account = "一般会計" if k == 0 else rng.choice(["国民健康保険事業特別会計", "介護保険事業特別会計"])
                    series, subject = "議案", f"{_era_fiscal_year(fy)}{name}{account}補正予算（第{fw(session)}号）"
                elif body == "決算特別委員会":
                    series, subject = "認定", f"{_era_fiscal_year(fy - 1)}{name}一般会計歳入歳出決算の認定について"
                else:
                    series, subject = "議案", rng.choice(BILLS[:3]).format(m=name, t=theme, y=0)
                outcome = "継続審査" if rng.random() < P_CONTINUED else ("認定" if series == "認定" else "可決")
                drafts.append((series, subject, theme, body, outcome))
        rng.shuffle(drafts)
        next_no = {"議案": SESSION_BASE[session] + rng.randint(0, 4), "認定": 1}
        bills = []
        for series, subject, theme, body, outcome in drafts:
            bills.append(Bill(series, next_no[series], subject, theme, body, outcome))
            next_no[series] += 1
        return tuple(sorted(bills, key=lambda b: (b.series != "議案", b.number)))

    def vocab(self, rng: random.Random, muni: int, theme: str | None, persons: list[str]) -> Vocab:
        t = THEMES.index(theme) if theme in THEMES else rng.randrange(len(THEMES))
        return Vocab(
            muni=self.munis[muni][0], theme=theme,
            common=self.theme_words[t].sample(rng, rng.randint(4, 12)),
            places=self.places[muni].sample(rng, rng.randint(1, 4)),
            orgs=self.orgs.sample(rng, rng.randint(1, 2)),
            persons=persons,
        )


# ---------------------------------------------------------------------------
# Meetings


@dataclass
class Turn:
    label: str  # as written, without the mark
    role: str  # intended: chair / member / executive / secretariat
    spec: tuple  # what to say: ("text", key, max_sentences) | ("long", keys, lo, hi) | ("fixed", text)
    mark: str = "○"
    paras: list[str] = field(default_factory=list)  # filled by compose()

    @property
    def text(self) -> str:
        return "".join(self.paras)


@dataclass
class Item:
    kind: str  # 諮問 / 報告 / その他
    title: str
    theme: str | None
    section: str = ""  # printed before the item (the first item of a section)
    numbered: bool = True  # printed as （１）title
    turns: list[Turn] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # written Q&A, filled by compose()
    n_pairs: int = 0
    vocab: Vocab | None = None


@dataclass
class Planned:
    index: int
    kind: str  # colon / written / committee / plenary
    muni: int
    body: str
    dates: list[date]
    items: list[Item]
    n_opinions: int = 0
    opinions: list[str] = field(default_factory=list)
    session: int = 0  # numbered after planning: per council and fiscal year, per assembly and year
    day: int = 0
    audience: int = 0
    name: str = ""

    @property
    def records(self) -> int:
        if self.kind == "written":
            return sum(2 * it.n_pairs for it in self.items) + self.n_opinions
        return sum(len(it.turns) for it in self.items)

    @property
    def fiscal_year(self) -> int:
        d = self.dates[0]
        return d.year if d.month >= 4 else d.year - 1

    @property
    def layout(self) -> str:
        return {"committee": "marked", "plenary": "marked"}.get(self.kind, self.kind)


class Budget:
    """Turns added to items until the meeting's record budget is spent."""

    def __init__(self, limit: int):
        self.left = limit

    def add(self, item: Item, turn: Turn) -> bool:
        if self.left <= 0:
            return False
        item.turns.append(turn)
        self.left -= 1
        return True


def _day(rng: random.Random) -> date:
    start, end = date(FIRST_FY, 4, 1), date(LAST_FY + 1, 3, 31)
    return start + timedelta(days=rng.randrange((end - start).days - 30))


def _session_day(rng: random.Random) -> date:
    """A day of an assembly session: 第1回 in Feb-Mar, 第2回 June, 第3回 September, 第4回 December."""
    while True:
        d = _day(rng)
        month = {1: 2, 2: 2, 3: 3, 4: 6, 5: 6, 6: 6, 7: 6, 8: 9, 9: 9, 10: 9, 11: 12, 12: 12}[d.month]
        try:
            d = date(d.year, month, d.day)
        except ValueError:
            d = date(d.year, month, 28)
        if date(FIRST_FY, 4, 1) <= d <= date(LAST_FY + 1, 3, 31):
            return d


def assembly_session(d: date) -> int:
    return {2: 1, 3: 1, 6: 2, 9: 3, 12: 4}[d.month]


def term_of(d: date) -> int:
    """The two-year term (from FY2004) a day falls in."""
    fy = d.year if d.month >= 4 else d.year - 1
    return max(0, (fy - 2004) // 2)


def plan_meeting(world: World, index: int, limit: int, real_topics: list[tuple[str, str]],
                 force: str | None = None) -> Planned:
    """One meeting with at most `limit` records, from its own random stream."""
    rng = random.Random(f"kaigiroku-bench:{world.seed}:{index}")
    muni = world.muni_zipf.draw(rng)
    kind = force or _choose(rng)
    if kind == "written" and limit < 4:
        kind = "colon"
    if kind in ("committee", "plenary") and limit < 6:
        kind = "colon"
    if kind in ("committee", "plenary"):
        muni, sitting = session_of(world, index)
        return (_plan_committee if kind == "committee" else _plan_plenary)(world, rng, index, muni, limit, sitting)
    return {"colon": _plan_colon, "written": _plan_written}[kind](world, rng, index, muni, limit, real_topics)


@dataclass(frozen=True)
class Sitting:
    """Where an assembly meeting stands in its session: the session (year, 第N回) and the plenary's
    part in it (open / questions / close; committees sit between)."""

    year: int
    session: int
    phase: str


@functools.lru_cache(maxsize=256)
def _block(world: World, block: int) -> tuple[int, int, int, tuple[int, ...]]:
    """The municipality and session of a block of meeting numbers, and which of its numbers are
    plenaries (replaying each number's stream the way plan_meeting draws its kind)."""
    rng = random.Random(f"kaigiroku-session:{world.seed}:{block}")
    muni = world.muni_zipf.draw(rng)
    d = _session_day(rng)
    plenaries = []
    for j in range(block * SESSION_BLOCK, (block + 1) * SESSION_BLOCK):
        r = random.Random(f"kaigiroku-bench:{world.seed}:{j}")
        world.muni_zipf.draw(r)
        if _choose(r) == "plenary":
            plenaries.append(j)
    return muni, d.year, assembly_session(d), tuple(plenaries)


def session_of(world: World, index: int) -> tuple[int, Sitting]:
    """(municipality, sitting) of assembly meeting `index`: the first plenary of its block opens the
    session, the last closes it, those between (and a block's only plenary) hold general questions."""
    muni, year, session, plenaries = _block(world, index // SESSION_BLOCK)
    phase = "questions"
    if len(plenaries) >= 2 and index == plenaries[0]:
        phase = "open"
    elif len(plenaries) >= 2 and index == plenaries[-1]:
        phase = "close"
    return muni, Sitting(year, session, phase)


def sitting_day(rng: random.Random, s: Sitting, committee: bool = False) -> date:
    """A day of the session for the phase: opening days the 1st-7th (of February for the first session),
    committees and questions the 8th-19th, closing days the 20th-28th (of March for the first session)."""
    month = {1: 2, 2: 6, 3: 9, 4: 12}[s.session]
    phase = "questions" if committee else s.phase
    if phase == "open":
        return date(s.year, month, rng.randint(1, 7))
    if phase == "close":
        return date(s.year, 3 if s.session == 1 else month, rng.randint(20, 28))
    if s.session == 1 and rng.random() < 0.5:
        return date(s.year, 3, rng.randint(1, 19))
    return date(s.year, month, rng.randint(8, 19 if s.session > 1 else 28))


def _choose(rng: random.Random) -> str:
    x = rng.random()
    for kind, p in KINDS:
        if x < p:
            return kind
        x -= p
    return KINDS[-1][0]


def _council_topic(rng, kind: str, real: list[tuple[str, str]], muni: str) -> tuple[str, str | None]:
    if rng.random() < 0.15:
        choices = [t for k, t in real if k == kind]
        if choices:
            from .compose import MUNI_RE

            return MUNI_RE.sub(muni, rng.choice(choices)), None
    theme = rng.choice(THEMES)
    return rng.choice([t for k, t in COUNCIL_TOPICS if k == kind]).format(t=theme), theme


def _council_body(world: World, rng, muni: int) -> str:
    return COUNCILS[(muni + (1 if rng.random() < 0.2 else 0)) % len(COUNCILS)]


def _plan_written(world, rng, index, muni, limit, real_topics) -> Planned:
    name = world.munis[muni][0]
    title, theme = _council_topic(rng, "諮問", real_topics, name)
    item = Item("諮問", title, theme, section="１ 諮問事項")
    n_op = rng.randint(0, 8)
    item.n_pairs = max(1, min(rng.randint(8, 30), (limit - min(n_op, limit // 3)) // 2))
    n_op = max(0, min(n_op, limit - 2 * item.n_pairs))
    day = _day(rng)
    decided = day + timedelta(days=rng.randint(7, 21))
    return Planned(index, "written", muni, _council_body(world, rng, muni), [day, decided], [item], n_opinions=n_op)


def _plan_colon(world, rng, index, muni, limit, real_topics) -> Planned:
    name = world.munis[muni][0]
    day = _day(rng)
    roster = world.roster_at(muni, day)
    members = [p.surname for p in rng.sample(roster.council, 8)]
    b = Budget(limit)
    side = name[-1] + "側"

    def official() -> str:
        return side if rng.random() < 0.6 else rng.choice(KNOWN_TITLES)

    def member() -> str:
        return "委員" if rng.random() < 0.5 else rng.choice(members) + "委員"

    chair = rng.choice(CHAIR_LABELS)
    items: list[Item] = []
    opening = Item("その他", "開会", None, section="１ 開会", numbered=False)
    items.append(opening)
    b.add(opening, Turn(chair, "chair", ("text", "chair", 0)))
    b.add(opening, Turn("事務局", "secretariat", ("text", "secretariat", 2)))
    sec = 2
    for kind, lo, hi in (("諮問", 1, 5), ("報告", 0, 2)):
        n = rng.randint(lo, hi)
        if not n:
            continue
        section = f"{fw(sec)} {'諮問事項' if kind == '諮問' else '報告事項'}"
        sec += 1
        for _ in range(n):
            if b.left <= 0:
                break
            title, theme = _council_topic(rng, kind, real_topics, name)
            item = Item(kind, title, theme, section=section)
            section = ""
            items.append(item)
            b.add(item, Turn(chair, "chair", ("text", "chair", 0)))
            for _ in range(rng.randint(1, 2)):
                b.add(item, Turn(official(), "executive", ("text", "official", 0)))
            for _ in range(rng.randint(2, 14) if kind == "諮問" else rng.randint(1, 5)):
                b.add(item, Turn(member(), "member", ("text", "member", 0)))
                b.add(item, Turn(official(), "executive", ("text", "official", 0)))
                if rng.random() < 0.3:
                    b.add(item, Turn(chair, "chair", ("text", "chair", 2)))
            b.add(item, Turn(chair, "chair", ("text", "chair", 0)))
    if b.left > 0:
        closing = Item("その他", "その他", None, section=f"{fw(sec)} その他", numbered=False)
        items.append(closing)
        b.add(closing, Turn(chair, "chair", ("text", "chair", 2)))
        if rng.random() < 0.5:
            b.add(closing, Turn("事務局", "secretariat", ("text", "secretariat", 2)))
    items = [it for it in items if it.turns]
    return Planned(index, "colon", muni, _council_body(world, rng, muni), [day], items, audience=rng.randint(0, 5))


def _kun(title: str, p: Person) -> str:
    return f"{title}（{p.name}君）"


def _plan_committee(world, rng, index, muni, limit, sitting: Sitting) -> Planned:
    """A standing committee on the bills of its session referred to it (by the same numbers the
    plenary gave them): explanations, questions, answers, the decision; then reports."""
    name = world.munis[muni][0]
    day = sitting_day(rng, sitting, committee=True)
    roster = world.roster_at(muni, day)
    body = rng.choice(COMMITTEES)
    seats = world.committee_seats(muni, term_of(day), body)
    chair_p = seats[0]
    chair = _kun("委員長", chair_p)
    heads = rng.sample(DEPARTMENTS, 3)
    b = Budget(limit)
    items: list[Item] = []
    referred = [bill for bill in world.session_bills(muni, sitting.year, sitting.session) if bill.committee == body]

    def head(d: str) -> Turn:
        return Turn(_kun(d, roster.heads[d]) if rng.random() < 0.6 else d, "executive",
                    ("text", "official", 0), mark="◎")

    sec = 1
    for section, kind, lo, hi in (("付託議案の審査", "諮問", len(referred), len(referred)), ("報告事項", "報告", 0, 2)):
        n = rng.randint(lo, hi)
        if not n or b.left <= 0:
            continue
        heading = f"{fw(sec)}　{section}"
        sec += 1
        for k in range(n):
            if b.left <= 0:
                break
            if kind == "諮問":
                bill = referred[k]
                theme, title = bill.theme, bill.title
            else:
                bill = None
                theme = rng.choice(THEMES)
                title = f"{theme}の運用状況について"
            item = Item(kind, title, theme, section=heading)
            heading = ""
            items.append(item)
            d = rng.choice(heads)
            b.add(item, Turn(chair, "chair", ("text", "chair", 2)))
            b.add(item, Turn(_kun(d, roster.heads[d]), "executive", ("long", ("official", "answer"), 300, 3000),
                             mark="◎"))
            for _ in range(rng.randint(2, 10)):
                who = rng.choice(seats[1:])
                long_q = rng.random() < 0.2
                b.add(item, Turn(f"{who.surname}委員", "member",
                                 ("long", ("member", "question"), 300, 1500) if long_q else ("text", "member", 0),
                                 mark="◆"))
                b.add(item, head(rng.choice(heads)))
                if rng.random() < 0.25:
                    b.add(item, Turn(chair, "chair", ("text", "chair", 2)))
            if bill is not None:
                b.add(item, Turn(chair, "chair", ("vote", bill.short, bill.outcome)))
    items = [it for it in items if it.turns]
    return Planned(index, "committee", muni, body, [day], items)


def _plan_plenary(world, rng, index, muni, limit, sitting: Sitting) -> Planned:
    """A plenary day of its session: the opening day introduces the session's bills and refers each to
    its committee, the closing day hears each committee chair's report and votes, and the days between
    (and the opening day after its bills) are general questions: each member's long question, the
    mayor's and the departments' long answers, a second round."""
    day = sitting_day(rng, sitting)
    roster = world.roster_at(muni, day)
    phase = sitting.phase
    speaker = roster.members[0]
    chair = _kun("議長" if rng.random() < 0.85 else "副議長", speaker if rng.random() < 0.85 else roster.members[1])
    side = world.munis[muni][0][-1]  # 市 or 区
    b = Budget(limit)
    items: list[Item] = []
    opening = Item("その他", "開議", None, section="１　開議", numbered=False)
    items.append(opening)
    b.add(opening, Turn(chair, "chair", ("text", "chair", 0)))
    sec = 2
    bills = world.session_bills(muni, sitting.year, sitting.session) if phase != "questions" else ()
    section = f"{fw(sec)}　{'議案の上程' if phase == 'open' else '委員長報告及び採決'}"
    head = "市長" if side == "市" else "区長"
    for bill in bills:
        if b.left <= 0:
            break
        item = Item("議案", bill.title, bill.theme, section=section)
        section = ""
        items.append(item)
        subject = bill.title.split("　", 1)[1]
        if phase == "open":
            b.add(item, Turn(chair, "chair", ("fixed", f"{bill.short}、{subject[:-4]}を議題といたします。"
                                                        f"提案理由の説明を求めます。{roster.mayor.surname}{head}。")))
            b.add(item, Turn(_kun(head, roster.mayor), "executive", ("long", ("official", "answer"), 150, 900)))
            b.add(item, Turn(chair, "chair", ("fixed", f"以上で説明は終わりました。本案については、会議規則の定めにより、"
                                                        f"{bill.committee}に付託いたします。")))
        else:
            report = world.committee_seats(muni, term_of(day), bill.committee)[0]
            b.add(item, Turn(chair, "chair", ("fixed", f"{bill.short}、{subject[:-4]}を議題といたします。本案に関し、"
                                                        f"{chair_title(bill.committee)}の報告を求めます。")))
            b.add(item, Turn(_kun(chair_title(bill.committee), report), "member",
                             ("report", bill.committee, bill.short, bill.outcome)))
            b.add(item, Turn(chair, "chair", ("plenary_vote", bill.short, bill.outcome)))
    if bills:
        sec += 1
    questioners = rng.sample(range(2, len(roster.members)), min(len(roster.members) - 2, rng.randint(3, 7)))
    if phase == "close":
        questioners = []
    section = f"{fw(sec)}　一般質問"
    for k, seat in enumerate(questioners, 1):
        if b.left <= 0:
            break
        who = roster.members[seat]
        theme = rng.choice(THEMES)
        item = Item("その他", f"{theme}について", theme, section=section)
        section = ""
        items.append(item)
        member = _kun(f"{fw(seat + 1)}番", who) if rng.random() < 0.8 else f"{who.name}議員"
        b.add(item, Turn(chair, "chair", ("fixed", f"次に、{fw(seat + 1)}番{who.name}議員。")))
        b.add(item, Turn(member, "member", ("long", ("member", "question"), 1000, 10000)))
        answerers = [(head, roster.mayor)]
        answerers += [(d, roster.heads[d]) for d in rng.sample(DEPARTMENTS[:10], rng.randint(0, 2))]
        if rng.random() < 0.1:
            answerers.append(("教育長", world.person(rng)))
        for title, p in answerers:
            if rng.random() < 0.4:
                b.add(item, Turn(chair, "chair", ("fixed", f"{p.surname}{title}。")))
            lo, hi = (800, 5000) if title in ("市長", "区長") else (300, 2500)
            b.add(item, Turn(_kun(title, p), "executive", ("long", ("official", "answer"), lo, hi)))
        for _ in range(rng.randint(0, 2)):
            b.add(item, Turn(member, "member", ("long", ("member", "question"), 200, 1200)))
            title, p = rng.choice(answerers)
            b.add(item, Turn(_kun(title, p), "executive", ("long", ("official", "answer"), 200, 1500)))
    if questioners:
        sec += 1
    if b.left > 0:
        closing = Item("その他", "散会", None, section=f"{fw(sec)}　散会", numbered=False)
        items.append(closing)
        b.add(closing, Turn(chair, "chair", ("text", "chair", 2)))
    items = [it for it in items if it.turns]
    return Planned(index, "plenary", muni, "本会議", [day], items)


def plan_corpus(world: World, n_records: int, real_topics: list[tuple[str, str]]) -> list[Planned]:
    """Meetings adding up to exactly `n_records` records; sessions numbered; unique names."""
    meetings: list[Planned] = []
    total = 0
    while total < n_records:
        left = n_records - total
        force = "colon" if left < 40 else None
        m = plan_meeting(world, len(meetings), left, real_topics, force)
        if 0 < left - m.records < 3:  # never leave a remainder too small to parse as minutes
            m = plan_meeting(world, len(meetings), left - 3, real_topics, force)
        meetings.append(m)
        total += m.records
    assert total == n_records, (total, n_records)
    groups: dict[tuple, list[Planned]] = {}
    for m in meetings:
        if m.kind in ("colon", "written"):
            key = (m.muni, m.body, m.fiscal_year)
        else:
            key = (m.muni, "assembly", m.dates[0].year, assembly_session(m.dates[0]))
        groups.setdefault(key, []).append(m)
    for key, group in groups.items():
        group.sort(key=lambda m: (m.dates[0], m.index))
        for n, m in enumerate(group, 1):
            if m.kind in ("colon", "written"):
                m.session = n
            else:
                m.session = key[3]
                m.day = n
    seen: set[str] = set()
    for m in meetings:
        base = f"{world.munis[m.muni][1]}-{_body_code(m)}-{m.dates[0]:%Y%m%d}"
        name, k = base, 1
        while name in seen:
            k += 1
            name = f"{base}-{k}"
        seen.add(name)
        m.name = name + ".txt"
    return meetings


def _body_code(m: Planned) -> str:
    if m.kind == "plenary":
        return "honkaigi"
    if m.kind == "committee":
        return f"iinkai{COMMITTEES.index(m.body)}"
    return f"shingikai{COUNCILS.index(m.body)}"


# ---------------------------------------------------------------------------
# What is said


def _vote_text(rng, short: str, outcome: str) -> list[str]:
    """A committee's decision on a bill referred to it."""
    if outcome == "継続審査":
        return [f"お諮りいたします。{short}については、なお慎重に審査する必要があるため、閉会中の継続審査とすることに"
                f"御異議ありませんか。〔「異議なし」と呼ぶ者あり〕御異議なしと認めます。よって、{short}は継続審査と"
                f"すべきものと決定いたしました。"]
    n_for = rng.randint(3, 9)
    verb = "認定" if outcome == "認定" else "原案のとおり可決"
    return [f"採決いたします。{short}を{verb}することに賛成の委員の挙手を求めます。賛成{n_for}名、"
            f"反対{rng.randint(0, 3)}名でございます。よって、{short}は{verb}すべきものと決定いたしました。"]


def _report_text(committee: str, short: str, outcome: str) -> str:
    """A committee chair's report to the plenary on a bill referred to the committee."""
    decided = {"継続審査": "閉会中の継続審査とすべきもの", "認定": "認定すべきもの"}.get(outcome, "原案のとおり可決すべきもの")
    return (f"{committee}に付託されました{short}につきまして、審査の経過と結果を御報告いたします。"
            f"本委員会は、理事者から説明を受けた後、質疑を行い、慎重に審査いたしました。"
            f"審査の結果、本案は{decided}と決定いたしました。以上で報告を終わります。")


def _plenary_vote_text(rng, short: str, outcome: str) -> str:
    if outcome == "継続審査":
        return (f"お諮りいたします。{short}については、委員長の申出のとおり閉会中の継続審査とすることに御異議ありませんか。"
                f"〔「異議なし」と呼ぶ者あり〕御異議なしと認めます。よって、{short}は閉会中の継続審査とすることに"
                f"決定いたしました。")
    verb = "認定" if outcome == "認定" else "原案のとおり可決"
    if rng.random() < 0.5:
        return (f"これより{short}を採決いたします。本案に対する委員長の報告は{'認定' if outcome == '認定' else '可決'}"
                f"であります。本案は委員長の報告のとおり決することに賛成の諸君の起立を求めます。〔賛成者起立〕"
                f"起立多数であります。よって、{short}は{verb}されました。")
    return (f"お諮りいたします。{short}は委員長の報告のとおり決することに御異議ありませんか。〔「異議なし」と呼ぶ者あり〕"
            f"御異議なしと認めます。よって、{short}は{verb}されました。")


def compose(world: World, composer: Composer, m: Planned) -> Planned:
    """Fill every turn, Q&A pair and opinion of `m` with text (from the meeting's second stream)."""
    rng = random.Random(f"kaigiroku-text:{world.seed}:{m.index}")
    roster = world.roster_at(m.muni, m.dates[0])
    persons = [p.surname for p in rng.sample(roster.members, 6)]
    for item in m.items:
        item.vocab = v = world.vocab(rng, m.muni, item.theme, persons)
        for t in item.turns:
            kind = t.spec[0]
            if kind == "text":
                t.paras = [composer.text(rng, t.spec[1], v, max_sentences=t.spec[2])]
            elif kind == "long":
                _, keys, lo, hi = t.spec
                target = int(lo * (hi / lo) ** rng.random())  # log-uniform in [lo, hi]
                t.paras = composer.paragraphs(rng, keys, v, target)
            elif kind == "fixed":
                t.paras = [t.spec[1]]
            elif kind == "report":
                t.paras = [_report_text(*t.spec[1:])]
            elif kind == "plenary_vote":
                t.paras = [_plenary_vote_text(rng, *t.spec[1:])]
            else:  # a committee's vote
                t.paras = [composer.text(rng, "chair", v, max_sentences=1)] + _vote_text(rng, *t.spec[1:])
        if m.kind == "written":
            item.pairs = [(composer.text(rng, "question", v), composer.text(rng, "answer", v))
                          for _ in range(item.n_pairs)]
    if m.n_opinions:
        v = m.items[0].vocab
        m.opinions = [composer.text(rng, "opinion", v) for _ in range(m.n_opinions)]
    return m


def muni_name(world: World, m: Planned) -> str:
    return world.munis[m.muni][0]


"""The header block of minutes: 名称, 日時, 場所, 出席者, 資料, 次第 … up to where the record begins.

Councils write a header as a table (`名称<TAB>value`), as `名称 value` or `名称：value`,
with the key alone on a line and the value on the lines after it (PDF text), with
numbers or marks before the key (`1 日時`, `○開会日`, `〇招集場所`, `【日時】`), with
spaces between its characters (`出 席 議 員`), and with the key glued to its value
(`1 日時平成18年…`). Site lines of a web page (更新日, ページID, breadcrumbs) may come
before the title.

The header ends where the record of the meeting begins, and never later: at a
speaker's line (by the speaker grammar, when what follows the label is speech
rather than a list of names), at a body marker (会議の結果, 議事内容, 審議経過 …), or
at a sentence of prose that no further header key follows. Multi-line fields
(出席委員, 資料, 次第) end there too. The lines of a header are never speech.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kaigiroku.search.nfkc import nfkc
from kaigiroku.search.roles import EXECUTIVE, MEMBER, SECRETARIAT
from kaigiroku.search.wareki import ERA_PATTERN, find_dates

from .clean import Line, fold, is_blank, is_page_mark, is_rule, strip_html
from .headings import heading
from .speakers import is_list, is_speaker, parse_line

# Canonical field -> the keys councils use for it (spaces between characters are allowed).
KEYS: dict[str, tuple[str, ...]] = {
    "title": ("会議の名称", "会議名", "名称", "件名", "審議会等の名称", "附属機関の名称", "附属機関等の名称", "会議名称",
              "審議会名"),
    "datetime": ("開催日時", "日時", "開催日", "開会日時", "開会日", "会議開催日時", "開催年月日", "会議日時",
                 "開催期日", "期日", "年月日", "会議の日時", "開催の日時"),
    "convened": ("招集日時", "招集年月日", "招集日"),
    "opened": ("開会", "開議", "開会時刻", "開議時刻"),
    "closed": ("閉会", "散会", "閉会日時", "閉会時刻", "散会時刻", "閉会日", "閉議"),
    "venue": ("開催場所", "会場", "場所", "会議開催場所", "招集場所", "開会場所", "会議場所", "開催の場所", "会議の場所"),
    "attendees": ("出席者及び欠席者", "出席者", "出席委員", "出席議員", "出席構成員", "委員外出席者", "委員外議員",
                  "委員の出席状況", "出席者氏名", "出席委員の氏名", "出席者名", "出席委員名"),
    "executives": ("説明のため出席した者", "説明のため出席した者の職氏名", "説明のため会議に出席した者", "出席説明員",
                   "説明員", "出席理事者", "理事者側出席者", "理事者", "執行機関出席者", "説明のため出席した職員",
                   "出席職員", "出席職員の職・氏名", "出席した職員"),
    # The assembly's own staff (議会事務局): whoever is listed here speaks as the secretariat.
    "staff": ("職務のため出席した事務局職員", "職務のため出席した者", "職務のため出席した事務局職員の職氏名",
              "職務のため会議に出席した者", "出席事務局職員", "事務局職員", "事務局職員出席者", "議会事務局出席者",
              "事務局出席職員", "事務局出席職員氏名", "書記", "議会局職員", "議会局出席者", "出席議会局職員"),
    "secretariat": ("事務局出席者", "事務局"),
    "absent": ("欠席者", "欠席委員", "欠席議員", "欠席構成員"),
    "audience": ("傍聴者", "傍聴の可否", "傍聴人", "傍聴者数", "傍聴者人数", "傍聴"),
    "public": ("公開・非公開", "会議の公開", "公開の可否", "公開・非公開の別", "非公開の理由", "会議の公開・非公開"),
    "materials": ("配付資料", "配布資料", "資料", "会議資料", "提出資料", "配付資料一覧"),
    "agenda": ("会議次第", "次第", "議題", "案件", "本日の会議に付した事件", "会議に付した事件", "議事日程", "付議事件",
               "審議事項", "本日審査した案件", "審査案件", "付託案件", "議事", "会議の議題", "協議事項", "審査事件",
               "本日の会議に付した案件"),
    "consultation": ("諮問事項",),
    "record": ("発言の記録", "会議録の作成方法", "記録の方法", "会議録署名委員", "会議録署名議員", "署名委員"),
    "contact": ("問い合わせ先", "問合せ先", "お問い合わせ", "担当課", "所管課", "事務局担当"),
}
# Keys that are also the names of sections of the body (numbered, alone on a line, they are headings).
_SECTION_KEYS = {"諮問事項", "審議事項", "協議事項", "報告事項"}
MULTILINE = {"attendees", "executives", "secretariat", "staff", "absent", "agenda", "materials", "consultation"}
# Where the record of the meeting begins: the header ends before (or at) this line.
BODY_MARKERS = ("会議の結果", "会議記録", "議事内容", "議事要旨", "発言要旨", "会議の内容", "審議経過", "会議概要",
                "会議の概要", "議事の経過", "会議経過", "会議の経過", "審議内容", "審議の内容", "審議の経過", "議事経過",
                "議事の概要", "議事概要", "発言の要旨", "質疑応答", "主な意見", "発言内容", "議事録本文", "会議内容",
                "議事の内容", "会議の記録", "審議の概要", "審議概要", "会議要旨", "主な質疑", "質疑の概要", "議事の要旨",
                "質問討議の概要", "審議の要旨")
_BODY_ANYWHERE = re.compile(r"発言記録|^\s*番号\s+質問")
# Site lines of a web page, before the title: never part of the header's fields.
SITE_LINE = re.compile(
    r"^\s*(更新日|最終更新|掲載日|公開日|作成日|登録日|ページ(ID|番号)|印刷|本文へ|ここから本文|現在(地|位置)|"
    r"ホーム|トップページ|文字サイズ|サイトマップ|メニュー|Tweet|シェア|ツイート|検索|English|ページの先頭|"
    r"このページ|ソーシャル|リンク|ナビゲーション|スキップ|ID\s*[:：]\s*\d+\s*$|\[\d{4}年\d{1,2}月\d{1,2}日\]\s*$"
    r"|\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}\s*$|会議録表示\s*$|https?://)"  # a browser's print: time stamp, page title, URL
    r"|^[^<。]*[^<\s]\s*[>＞»›]\s*[^>]+[>＞»›]\s*[^>。]+$"  # a breadcrumb: トップ > 市政 > 審議会
)
# Before a key: a number, a bracketed number, a mark (`1.`, `(1)`, `○`, `【`).
_KEY_PREFIX = r"(?P<pre>[0-9０-９]{1,2}[ \u3000]*[.．、)）:]?[ \u3000]*|[（(][0-9０-９]{1,2}[）)][ \u3000]*|[○◯〇●◆◇■□◎・◉]+[ \u3000]*|[【［\[<＜〈《])?"
_KEY_SUFFIX = r"(?:[】］\]>＞〉》])?(?:[（(][^（）()]{0,24}[）)])?"  # 出席議員（20名）


def _key_pattern(key: str) -> str:
    return "[ \u3000]*".join(map(re.escape, key))


_ALL_KEYS = sorted(((k, f) for f, ks in KEYS.items() for k in ks), key=lambda kv: -len(kv[0]))
KEY_RE = re.compile(
    r"^[ \u3000]*(?:<p>)?" + _KEY_PREFIX + r"(?P<key>" + "|".join(_key_pattern(k) for k, _ in _ALL_KEYS) + r")"
    + _KEY_SUFFIX + r"(?:</p>)?(?P<sep>[\t \u3000]*[：:][\t \u3000]*|[\t \u3000]+|$)?"
)
_FIELD_OF = {k: f for k, f in _ALL_KEYS}
# Fields whose value may follow the key without a separator (1 日時平成18年…, 場所市役所).
_GLUED = {"datetime": re.compile(rf"^[\s]*({ERA_PATTERN}|[0-9０-９]{{1,4}}|[元一二三四五六七八九十]+年)"),
          "convened": re.compile(rf"^[\s]*({ERA_PATTERN}|[0-9０-９]{{4}})"), "venue": re.compile(r"^\S")}
SESSION_RE = re.compile(
    rf"(?P<era>{ERA_PATTERN})\s*(?P<year>元|\d{{1,2}})\s*年(?P<fy>度)?\s*(?:\(\d{{4}}年?\)\s*)?"
    r"(?:(?P<month>\d{1,2})\s*月\s*(?![\d日]))?\s*(?:(?P<kind1>定例会|臨時会)\s*)?"
    r"(?:\(?第\s*(?P<n>\d{1,3})\s*回\)?)?\s*(?P<kind2>定例会|臨時会)?"
)
_TITLE_WORDS = re.compile(r"会議録|議事録|会議要旨|要点記録|速記録|記録|会議結果|審議会|委員会|議会|協議会|審査会|懇談会|"
                          r"定例会|臨時会|会議|部会|分科会|[\u4e00-\u9fff]会[)）]?$")
# A municipality: a run ending in 市/区/町/村 (or 都/道/府/県), where the name is not a common word.
MUNICIPALITY_RE = re.compile(r"(?:(?<![\u4e00-\u9fff])(?!(?<=\d)[回年度号])|(?<=\d[回年度号]))([\u4e00-\u9fff]{1,4}?(?:市|区|町|村))(?P<ctx>役所|役場|総合庁舎|本庁舎|庁舎|議会|情報公開|個人情報保護|長(?=[はがのにをへとも、。])|側|市民|区民|町民|村民|民|職員|条例|では|に|の)")
_STRONG = {"役所", "役場", "総合庁舎", "本庁舎", "庁舎", "議会", "情報公開", "個人情報保護", "条例"}
_NOT_NAMES = {"各区", "全区", "特別区", "一般区", "区市", "市区", "各市", "全市", "他市", "他区", "都市", "市町村", "区市町村",
              "市区町村", "本市", "本区", "本町", "本村", "当市", "当区", "当町", "当村", "同市", "同区", "同町", "我が市",
              "貴市", "貴区", "貴町", "他町", "各町", "全町", "市", "区", "町", "村", "政令市", "中核市", "特例市",
              # 前市長, 現町長: a former or present head, not a place
              "前市", "前町", "前村", "前区", "現市", "現町", "現村", "現区", "元市", "元村", "元区", "新市長"}
_PREFECTURE = re.compile(r"(東京都|北海道|大阪府|京都府|[\u4e00-\u9fff]{2,3}?県)")
_BODY_NAME = re.compile(r"議会|市会|委員会|審議会|協議会|審査会|懇談会|部会|分科会")
_ERA_YEAR = re.compile(ERA_PATTERN + r"\s*(元|\d{1,2})\s*年")
_BODY_AFTER_NAME = re.compile(r"(?![市区町村])(?:議会|.{0,30}?(?:審議会|委員会|協議会|審査会|懇談会|会議|部会|総会|分科会))")


@dataclass
class Header:
    fields: dict[str, str] = field(default_factory=dict)
    end: int = 0  # index (0-based) of the first line after the header
    title_lines: list[str] = field(default_factory=list)  # lines at the top that may be the title
    top_lines: list[str] = field(default_factory=list)  # lines outside any field, for a date split between them
    top_dates: list[str] = field(default_factory=list)  # dates on the header's own lines, site lines excluded

    @property
    def title_line(self) -> str:
        """The title read from the top when no key names it: the line that names a body (北海道議会定例会会議録)
        rather than one that only names the session, with the year of the session line when it lacks one."""
        cands = self.title_lines
        if not cands:
            return ""
        named = [c for c in cands if _BODY_NAME.search(unicodedata.normalize("NFKC", c))]
        best = named[0] if named else cands[0]
        if not _has_session(best) and not re.search(r"第\s*[0-9０-９]+\s*回", best):
            other = next((m.group(0).strip() for c in cands if (m := SESSION_RE.search(unicodedata.normalize("NFKC", c)))
                          and (m["n"] or m["kind1"] or m["kind2"])), "")
            if other:
                return f"{other} {best.strip()}"  # 令和７年第２回定例会 above 札幌市議会会議録
        if not _ERA_YEAR.search(unicodedata.normalize("NFKC", best)):
            year = next((m.group(0) for c in cands if (m := _ERA_YEAR.search(unicodedata.normalize("NFKC", c)))), "")
            if year:
                best = f"{year} {best.strip()}"
        return best

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def title(self) -> str:
        """The 名称 field, or the title line at the top; the title line when only it names the session."""
        named, line = self._clean(self.get("title")), self._clean(self.title_line)
        if named and line and _has_session(line) and not _has_session(named):
            return re.sub(r"[(（](会議録|議事録|会議要旨|要点記録)[)）]$", "", line).strip()
        return named or line

    def session_and_body(self, title: str, date: str = "") -> tuple[str, str]:
        """令和3年度第6回　情報公開・個人情報保護審議会 -> (令和3年度第6回, 情報公開・個人情報保護審議会);
        令和6年第4回墨田区議会定例会会議録 -> (令和6年第4回定例会, 墨田区議会); 令和7年蘭越町議会第4回臨時会 ->
        (令和7年第4回臨時会, 蘭越町議会). A session without its year takes the year of `date` (ISO)."""
        return session_and_body(title, date)

    @property
    def dates(self) -> list[str]:
        value = self.get("datetime") or self.get("opened") or self.get("convened")
        folded = unicodedata.normalize("NFKC", value)
        written = [k for k in ("審議開始日", "議決日") if k in fold(folded)]
        if written:
            out = []
            spaced = re.sub(r"[ \u3000]", "", folded)
            for k in ("審議開始日", "議決日"):
                i = spaced.find(k)
                if i >= 0:
                    found = find_dates(spaced[i:])
                    if found and found[0] not in out:
                        out.append(found[0])
            return out
        found = find_dates(value)
        if found:
            return found[:1]
        return self.top_dates[:1] or split_date(self.top_lines)

    @property
    def is_written(self) -> bool:
        v = fold(self.get("datetime"))
        return "書面" in v or "審議開始日" in v or "議決日" in v

    @property
    def venue(self) -> str:
        return self._clean(self.get("venue"))

    @property
    def attendees(self) -> list[str]:
        """Who was present, by group; the absent part of a 出席者及び欠席者 field is not."""
        return _groups(_ABSENT_MARK.split(_unwrap(self.get("attendees")), maxsplit=1)[0])

    @property
    def absent(self) -> list[str]:
        """Who was absent: after ●欠席者 inside the attendance field, and the 欠席委員 field."""
        parts = _ABSENT_MARK.split(_unwrap(self.get("attendees")), maxsplit=1)
        return _groups(parts[1] if len(parts) > 1 else "") + _groups(_unwrap(self.get("absent")))

    def lists_item(self, fld: str, label: str) -> bool:
        """Whether a field's list has `label` as one of its items (茶木局長 in 茶木局長、土屋議会総務課長)."""
        key = re.sub(r"[\s()（）]|君$", "", unicodedata.normalize("NFKC", label))
        items = re.split(r"[、，,・\n]+|\s{2,}", unicodedata.normalize("NFKC", self.get(fld)))
        return bool(key) and any(re.sub(r"\s", "", x) == key for x in items)

    def role_of_name(self, name: str, fields: tuple[str, ...] = ("staff", "secretariat", "executives", "attendees")
                     ) -> str | None:
        """The role a person listed in the header has (出席議員 -> member, 説明のため出席した者 -> executive)."""
        key = re.sub(r"[\s君さん氏様()（）]", "", unicodedata.normalize("NFKC", name))
        if len(key) < 2:
            return None
        roles = {"staff": SECRETARIAT, "secretariat": SECRETARIAT, "executives": EXECUTIVE, "attendees": MEMBER}
        for fld, role in ((f, roles[f]) for f in fields):
            listed = re.sub(r"\s", "", unicodedata.normalize("NFKC", self.get(fld)))
            if key in listed:
                return role
        return None

    @staticmethod
    def _clean(v: str) -> str:
        v = strip_html(v)
        return re.sub(r"[\t \u3000]+", " ", " ".join(v.split("\n"))).strip()


# Where the absent members begin inside an attendance field (●欠席者：…, 欠席委員 …).
_ABSENT_MARK = re.compile(r"[●○◆■・]?[ \u3000]*欠[ \u3000]*席[ \u3000]*(?:者|委員|議員|構成員)[ \u3000]*[:：]?")
_LIST_SEPARATORS = "、，,・"
_GROUP_OPENERS = "（(【［[●○◆■"


def _unwrap(value: str) -> str:
    """A list field's lines as one line. A PDF sets a list in a column and breaks lines where the
    column ends, inside a name (か|いでん, 事務|局): a line of a 、-separated list that fills the
    column (near the widest line) and ends without a separator continues on the next line.
    Shorter lines, and lines before a group's opening bracket, end an item."""
    lines = [ln.strip(" \u3000\t") for ln in strip_html(value).split("\n")]
    lines = [ln for ln in lines if ln]
    widest = max(map(len, lines), default=0)
    out = ""
    for prev, line in zip([""] + lines, lines):
        wrapped = (len(prev) >= 16 and len(prev) >= 0.8 * widest and prev[-1] not in _LIST_SEPARATORS + "）)】］]"
                   and any(sep in prev for sep in _LIST_SEPARATORS) and line[0] not in _GROUP_OPENERS)
        out += line if wrapped else " " + line
    out = re.sub(r"([、，,・])[\t \u3000]+", r"\1", out)
    return re.sub(r"[\t \u3000]+", " ", out).strip()


def _groups(value: str) -> list[str]:
    """（委員）…（事務局）… -> one entry per bracketed group; a bare label (出席者：) is dropped."""
    v = re.sub(r"^[●○・]\s*", "", value.strip())
    parts = re.split(r"(?=[（(][^）)]{1,10}[）)])", v)
    return [p.strip(" 、,") for p in parts if p.strip(" 、,") and not p.strip().endswith(("：", ":"))]


_RECORD_WORDS = (r"会議録|議事録|会議要旨|議事要旨|会議概要|議事概要|会議要録|議事要録|要点記録|速記録|会議結果|会議記録"
                 r"|記録")  # 厚生常任委員会記録: the committee's name keeps 委員会
_KIND = re.compile(r"(定例会議|定例会|臨時会|緊急議会)")


def session_and_body(title: str, date: str = "") -> tuple[str, str]:
    """(session, body) of a title; see Header.session_and_body. The session's parts may stand apart, around
    the assembly's name; the body is the title less the session, the record words and what follows them."""
    t = unicodedata.normalize("NFKC", title).strip()
    t = re.sub(r"^\d{1,2}-\d{1,3}(?=\D)", "", t)  # 3-1日野町議会…: a page number glued to the title
    t = re.sub(rf"({ERA_PATTERN})\s+(?=[元\d])", r"\1", t)
    t = re.sub(r"(?<=[元\d])\s+(?=年)|(?<=第)\s+|(?<=\d)\s+(?=回)", "", t)
    # 会議録 ends the name: what follows it is the sitting's date, number or day (令和7年6月13日(第3日)開議 …)
    rec = re.search(r"[(（]?(?:" + _RECORD_WORDS + r")[)）]?", t)
    after = ""
    if rec and rec.start() > 0:
        t, after = t[:rec.start()].strip(), t[rec.end():]
    t = re.sub(r"[ \u3000]*[(（]?第\s*\d+\s*[日号][)）]?\s*$", "", t)
    t = re.sub(r"[ \u3000]*[(（]第\s*\d+\s*回[)）]\s*$", "", t)
    m = SESSION_RE.search(t)
    if m and not (m["n"] or m["kind1"] or m["kind2"]) and not _KIND.search(t) and not re.search(r"第\d+回", t):
        if m.start() == 0 and (m.group(0)[-1:].isspace() or t[m.end():m.end() + 1].isspace()):
            return t[:m.end()].strip(), t[m.end():].strip()  # 令和5年度　…委員会: the year is the session
        return "", t
    era_year = ""
    if m:
        era_year = f"{m['era']}{m['year']}年{'度' if m['fy'] else ''}" + (f"{m['month']}月" if m["month"] else "")
        rest = (t[:m.start()] + " " + t[m.end():]).strip()
        n, kind = m["n"], m["kind1"] or m["kind2"] or ""
    else:
        rest, n, kind = t, None, ""
    if not n and (k := re.search(r"第(\d{1,3})回", rest)):
        n, rest = k.group(1), (rest[:k.start()] + " " + rest[k.end():]).strip()
    if not kind and (k := _KIND.search(rest)):
        kind, rest = k.group(1), (rest[:k.start()] + " " + rest[k.end():]).strip()
    if not m and (n or kind) and not era_year:
        year = _ERA_YEAR.search(unicodedata.normalize("NFKC", after)) if after else None
        if year:
            era_year = year.group(0).replace(" ", "")
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", date or ""):
            from kaigiroku.search.wareki import to_wareki

            era_year = re.sub(r"(\d+)年.*", r"\1年", to_wareki(date)).replace("元年", "元年")
    if not (era_year and (n or kind)) and not m:
        return "", re.sub(r"[ \u3000]+", " ", t).strip(" ・") or t
    session = era_year + (f"第{n}回" if n else "") + kind
    rest = re.sub(r"第\d{1,3}回|(?<=議会)(定例会議|定例会|臨時会)", " ", rest)  # said twice: 第4回北海道議会定例会
    body = re.sub(r"[ \u3000]+", " ", rest).strip(" ・")
    return session, body or t


_SPACED = re.compile(r"^(?:\S[ \u3000]+){2,}\S$")
_ERA_YEAR_ANY = re.compile(ERA_PATTERN + r"(元|\d{1,2}|[一二三四五六七八九十]{1,3})年")
_MONTH_DAY = re.compile(r"([0-9０-９一二三四五六七八九十]{1,3})月([0-9０-９一二三四五六七八九十]{1,3})日")


def _is_title(text: str) -> bool:
    """A line that names the minutes of a body (○○町議会臨時会会議録), wherever it stands in the header."""
    t = unspaced(strip_html(text).strip())
    return (len(t) <= 60 and bool(re.search(r"(会議録|議事録|委員会記録)", t)) and bool(_BODY_NAME.search(t))
            and not re.match(r"[○◯〇●◎・]?\s*(日程|第\s*\d|署名|会議録署名)", t) and "署名" not in t)


def unspaced(text: str) -> str:
    """札　幌　市　議　会　会　議　録 -> 札幌市議会会議録: a line set one character to a cell."""
    return re.sub(r"[ \u3000]+", "", text) if _SPACED.match(text) else text


def split_date(lines: list[str]) -> list[str]:
    """A date split between the header's lines: 「令和８年」 above 「１月３０日（金曜日）開会」, or 「平成二十八年第二回
    定例会」 above 「六月十日議事日程第三号」. The month and day come from the first line after the year."""
    for k, line in enumerate(lines[:12]):
        year = _ERA_YEAR_ANY.search(unicodedata.normalize("NFKC", re.sub(r"[ \u3000]", "", line)))
        if not year:
            continue
        for later in lines[k:k + 6]:
            md = _MONTH_DAY.search(re.sub(r"[ \u3000]", "", later))
            if md:
                return find_dates(f"{year.group(0)}{md.group(0)}")[:1]
        return []
    return []


def _has_session(title: str) -> bool:
    m = SESSION_RE.search(unicodedata.normalize("NFKC", title))
    return bool(m and (m["n"] or m["kind1"] or m["kind2"]))


def key_of(text: str) -> tuple[str, str] | None:
    """(field, value after the key) of a header key line, or None."""
    m = KEY_RE.match(text)
    if not m:
        return None
    fld = _FIELD_OF.get(fold(m["key"]))
    if fld is None:
        return None
    rest = text[m.end():]
    if fld == "consultation" or fold(m["key"]) in _SECTION_KEYS:
        if re.match(r"[\s]*[0-9０-９(（]", m["pre"] or "") and not rest.strip():
            return None  # `3 諮問事項` alone: a section of the body, not the header's field
    if fld in ("opened", "closed") and not re.search(r"[0-9０-９一二三四五六七八九十]", rest):
        return None  # 開会 alone is an entry of the agenda (or a heading), not the time the meeting opened
    if fld in ("secretariat", "staff", "executives") and is_prose(rest):
        return None  # 事務局：説明いたします。 is a turn, not the list of the secretariat
    if m["sep"] is None or (m["sep"] == "" and rest):
        glued = _GLUED.get(fld)
        if not glued or not glued.match(rest) or len(text) > 80 or rest.rstrip().endswith("。"):
            return None
    return fld, rest.strip(" \u3000\t")


def is_body_marker(text: str) -> bool:
    """会議の結果, 議事内容, 審議経過 …: a short line that says the record starts here."""
    t = fold(strip_html(text))
    t = re.sub(r"^(?:[0-9]{1,2}[.、)]?|\([0-9]{1,2}\)|[○◯〇●◆◇■□◎・【\[<＜〈《])+", "", t)
    t = re.sub(r"[】\]>＞〉》]", "", t)
    if _BODY_ANYWHERE.search(text) and len(t) <= 40:
        return True
    return any(t.startswith(k) for k in BODY_MARKERS) and len(t) <= len(max(BODY_MARKERS, key=len)) + 12


def is_prose(text: str) -> bool:
    """A sentence of speech or narrative, not a header value: hiragana and a sentence end, or long hiragana text."""
    t = strip_html(text).strip(" \u3000\t")
    kana = len(re.findall(r"[\u3041-\u3093]", t))
    if kana >= 2 and re.search(r"([。．？！?!]|ます|です|ました|でした|ません)$", t):
        return True
    return kana >= 4 and "。" in t


def speaker_starts(lines: list[Line], idx: int) -> bool:
    """Whether line `idx` opens a turn: a speaker label, then speech (on the line or the next one)."""
    sp = parse_line(lines[idx].text)
    if sp is None or not is_speaker(sp) or is_list(sp.rest):
        return False
    if not sp.rest.strip():
        nxt = next((ln.text for ln in lines[idx + 1: idx + 4] if not is_blank(ln.text)), "")
        return is_prose(nxt) and key_of(nxt) is None
    return len(sp.rest) >= 2 and not key_of(lines[idx].text)


def _turn_follows(lines: list[Line], idx: int) -> bool:
    """Whether the next line with text opens a turn."""
    k = next((k for k in range(idx + 1, min(len(lines), idx + 4)) if not is_blank(lines[k].text)), None)
    return k is not None and speaker_starts(lines, k)


def _key_follows(lines: list[Line], idx: int, window: int = 12) -> bool:
    """Whether a header key comes within `window` lines (before any speaker): prose in a header's value."""
    for k in range(idx + 1, min(len(lines), idx + 1 + window)):
        if speaker_starts(lines, k):
            return False
        if key_of(lines[k].text):
            return True
    return False


def parse_header(lines: list[Line]) -> Header:
    """Read header fields from the top of the file up to where the record begins."""
    h = Header()
    current: str | None = None
    seen_fields = False
    for idx, ln in enumerate(lines):
        text = ln.text
        if is_blank(text):
            if current and h.fields.get(current) and current not in MULTILINE:
                current = None  # a one-value field ends at the first blank line after its value
            continue
        if SITE_LINE.search(text) or is_rule(text) or is_page_mark(text):
            continue
        kv = key_of(text)
        if kv is None and is_body_marker(text) and not _key_follows(lines, idx, window=4):
            h.end = idx  # (会議概要 with 日時 and 場所 after it is the header's own title)
            return h
        if (kv is None or kv[0] in ("secretariat", "staff", "executives")) and speaker_starts(lines, idx):
            # 事務局 alone on a line with speech below is a turn, not the list of the secretariat
            h.end = idx
            return h
        if kv is None and is_prose(text) and not _key_follows(lines, idx):
            h.end = idx
            return h
        if kv and current in ("agenda", "consultation") and kv[0] in ("agenda", "consultation", "opened", "closed") \
                and re.match(r"^[ \u3000]*[0-9０-９(（]", text):
            kv = None  # `2 諮問事項` in the list of the agenda is an entry of it, not a key
        if kv:
            fld, rest = kv
            if fld in h.fields and fld not in ("record",):
                if fld in MULTILINE and not rest:
                    current = fld  # 出席委員 again (two lists): read on into the same field
                    h.end = idx + 1
                    continue
                current = None  # a key seen twice is body text, not a field
                h.end = idx + 1
                continue
            h.fields[fld] = rest
            current, seen_fields = fld, True
            h.end = idx + 1
            if not h.top_dates and fld not in ("closed",):
                h.top_dates = find_dates(rest)[:1]
            continue
        if current in ("agenda", "consultation") and fold(text) in {fold(x) for x in h.fields[current].split("\n")}:
            h.end = idx  # the plan read a second time: the body has begun with its first heading
            return h
        if current and _is_title(text) and len(h.title_lines) < 4:
            h.title_lines.append(unspaced(strip_html(text).strip()))  # 遠軽町議会臨時会会議録 below the plan
            current = None
            h.end = idx + 1
            continue
        if current:
            h.fields[current] = (h.fields[current] + "\n" + text.strip()).strip()
            h.end = idx + 1
            continue
        if heading(strip_html(text)) and (seen_fields or _turn_follows(lines, idx)):
            h.end = idx  # `1 付託議案の審査` after the fields, outside any list: the body's first heading
            return h
        # A line outside any field: the title, a date line, a time line; anything longer is the body.
        if len(fold(text)) > 80:
            h.end = idx
            return h
        title = unspaced(strip_html(text).strip())
        if len(h.title_lines) < 4 and not seen_fields and _TITLE_WORDS.search(title) and len(fold(text)) <= 80 \
                and not is_prose(text):
            h.title_lines.append(title)
        h.top_lines.append(title)
        if not h.top_dates:
            h.top_dates = find_dates(text)[:1]
        h.end = idx + 1
    return h


def municipality_from_title(title: str) -> str:
    """令和6年第4回墨田区議会定例会 -> 墨田区; 大町市教育委員会 -> 大町市; '' when the title names none."""
    t = unicodedata.normalize("NFKC", title)
    m = SESSION_RE.search(t)
    if m and (m["n"] or m["kind1"] or m["kind2"]):
        t = (t[:m.start()] + " " + t[m.end():]).strip()
    # 令和7年蘭越町議会…, 令和6年度定例会12月緊急議会 青葉区議会…: a name starts after the year, never with it
    t = re.sub(ERA_PATTERN + r"\s*(?:元|\d{1,2})\s*年度?|第\s*\d{1,3}\s*回|\d{1,2}\s*月", " ", t)
    start = 0
    while start < min(len(t), 12):
        if start and re.match(r"[\u3040-\u30ff\u4e00-\u9fff]", t[start - 1]) and t[start - 1] not in "都道府県":
            start += 1
            continue  # a name starts after a space, a bracket, the start, or its prefecture
        for end in range(start + 2, min(len(t), start + 10) + 1):
            name = t[start:end]
            if not re.fullmatch(r"[\u3040-\u30ff\u4e00-\u9fff々ヶ]+", name):
                break
            if name[-1] not in "都道府県市区町村" or name in _NOT_NAMES or not _BODY_AFTER_NAME.match(t[end:]):
                continue
            if name[-1] in "都道府県" and not _PREFECTURE.fullmatch(name):
                continue  # 産業交通水道委員会: a word ending in 道, not a prefecture
            if name[-1] in "都道府県" and municipality_from_title(t[end:]):
                return municipality_from_title(t[end:])  # 東京都墨田区: the smaller unit
            pref = re.match(_PREFECTURE.pattern + r"(.{2,}[市区町村])$", name)
            return pref.group(2) if pref else name  # 北海道札幌市 -> 札幌市
        start += 1
    return ""


def guess_municipality(text: str, title: str = "") -> str:
    """The municipality the minutes are of: the one the title names, else the one the text names most as itself."""
    named = municipality_from_title(title) if title else ""
    if named:
        return named
    counts: dict[str, int] = {}
    folded = nfkc(text)
    for m in MUNICIPALITY_RE.finditer(folded):
        name = m.group(1)
        if name[0] == "度" and folded[m.start(1) - 1:m.start(1)] == "年":
            name = name[1:]  # 令和6年度千歳市: the name starts after 年度
        if len(name) >= 2 and name not in _NOT_NAMES and not name.endswith(("副区", "副市", "副町", "副村")):
            # 令和6年度千歳市の決算, 千歳市議会: the council's own accounts and assembly name it
            own = m["ctx"] in _STRONG or folded[max(m.start(1) - 1, 0):m.start(1) + 1] in ("年度", "度" + name[:1])
            counts[name] = counts.get(name, 0) + (3 if own else 1 if m["ctx"] in ("の", "に", "では") else 2)
    if not counts:
        return ""
    name, n = max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])))
    return name if n >= 2 else ""  # one mention in passing (五島市の取組) does not make it this council's

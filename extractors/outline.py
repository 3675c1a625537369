"""Headings → sections, for any reader's blocks.

Which signal wins, strongest first:

1. A PDF bookmark whose title matches a line confirms that line as a heading; the bookmark's
   level is used as a declared level.
2. A declared `style_level` (Word heading style or w:outlineLvl) makes a short, non-sentence line
   a heading, and fixes the level of its numbering scheme when most lines of that scheme declare one.
3. Numbering plus a short line without sentence-final punctuation. Strong schemes (第一章, 第一节,
   一、, （一）, 1.1 …) need nothing more. Weak schemes (1 / 1. / 1、, (1), ①) are list markers as
   often as headings: they need bold or a larger-than-body size, or must stand alone (a run of
   adjacent plain siblings is a list).
4. Bold or larger-than-body short lines without numbering are headings only after the first
   numbered heading (before it they are the cover and preface), and only when body text is not bold.
   Centring alone proves nothing (table captions and cover lines are centred).

Tables, table-of-contents lines (`in_toc`, dot leaders with page numbers, lines under a 目录 title
that end in a page number), captions and page furniture (page numbers, lines repeated on many
pages) are never headings.

Levels are derived per document, not from a fixed ladder: headings are read in order with a stack
of numbering schemes; a scheme not on the stack nests under the current one, a scheme on the stack
closes everything below it. Each scheme gets the level it most often had (so 一、 at the top puts
（一） at 2 and 1. at 3; 第一章 at the top puts 1.1 or 第一节 at 2). Dotted decimals keep their
dot-count depth relative to the shallowest one seen.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from docscreen.models.document import Block, BlockKind, Document, Section


@dataclass(frozen=True, slots=True)
class OutlineSettings:
    """Thresholds of the heading detector.

    | field | default | meaning |
    |---|---|---|
    | max_title_chars | 40 | longest numbered or font-only heading title |
    | max_declared_title_chars | 80 | longest title accepted on a declared level or bookmark |
    | max_plain_title_chars | 30 | longest unnumbered heading found by font evidence alone |
    | larger_by_pt | 1.0 | how much larger than body size counts as "larger" |
    | furniture_min_pages | 3 | a short line repeated on this many pages is a running header/footer |
    | section_text_cap | 4000 | characters kept in `Section.text` |
    """

    max_title_chars: int = 40
    max_declared_title_chars: int = 80
    max_plain_title_chars: int = 30
    larger_by_pt: float = 1.0
    furniture_min_pages: int = 3
    section_text_cap: int = 4000


DEFAULT_SETTINGS = OutlineSettings()

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]+"
_SEP = r"\s*[、:：.．]?\s*"
STRONG_SCHEMES = frozenset({"part", "chapter", "section", "cn_dun", "cn_paren", "dec_dotted"})

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*(?:篇|部分)){_SEP}(.*)$")),
    ("chapter", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*章){_SEP}(.*)$")),
    ("section", re.compile(rf"^(第\s*(?:{_CN}|\d+)\s*节){_SEP}(.*)$")),
    ("cn_paren", re.compile(rf"^([（(]\s*{_CN}\s*[）)])\s*[、.．]?\s*(.+)$")),
    ("paren_num", re.compile(r"^([（(]\s*\d{1,2}\s*[）)])\s*[、.．]?\s*(.+)$")),
    ("circled", re.compile(r"^([①-⑳])\s*[、.．]?\s*(.+)$")),
    ("cn_dun", re.compile(rf"^({_CN})\s*[、.．]\s*(.+)$")),
    ("dec_dotted", re.compile(r"^(\d{1,2}(?:\s*[.．]\s*\d{1,2}){1,4})(?![.．]?\d)\s*[.．、]?\s*(.+)$")),
    ("dec1", re.compile(r"^(\d{1,2})(?:\s*[.．、]\s*|\s+)(?![\d.．])(.+)$")),
    ("dec1_tight", re.compile(r"^(\d{1,2})([\u4e00-\u9fff].*)$")),
]
# The first character every pattern above needs: most lines are prose and are turned away at once.
_NUMBER_START = re.compile(rf"[第（(①-⑳{CN_DIGITS}]|\d")
# A title that starts like this after a number is an amount or a date, not a heading ("1.5万元", "3个月").
_NOT_TITLE_START = re.compile(r"^[万亿元%％‰倍个岁米]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SENTENCE_END = "。；;！!？?，,、"
_UNFINISHED_END = "-—（(《"  # a PDF line broken inside a phrase
_CAPTION = re.compile(r"^(?:续?表|图|附表|附图)\s*[\d一二三四五六七八九十]+(?:[-—.．]\d+)*")
_PAGE_NUMBER = re.compile(r"^(?:[-—–\s]*\d+[-—–\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_TOC_LEADER = re.compile(r"(?:[.…·•_\-]{3,}|…+)\s*\d+\s*$|\t\s*\d+\s*$")
_TOC_TITLE = re.compile(r"^目\s*录$")
_TRAILING_PAGE = re.compile(r"\s*\d+\s*$")
_NORMALIZE_DROP = re.compile(r"[\s\u3000.．、,，:：;；·…\-—_()（）《》“”\"'【】\[\]]")


@dataclass(frozen=True, slots=True)
class Numbering:
    """A heading number as read from the start of a line."""

    scheme: str  # part | chapter | section | cn_dun | cn_paren | dec_dotted | dec1 | paren_num | circled
    label: str  # as printed, without a trailing 、/./．
    ordinals: tuple[int, ...]  # 1.2.3 → (1, 2, 3); 第三章 → (3,)
    title: str
    tight: bool = False  # "1总论": no separator between number and title

    @property
    def key(self) -> str:
        """The scheme as used for levels: each dotted depth is its own key."""
        return f"dec{len(self.ordinals)}" if self.scheme == "dec_dotted" else self.scheme

    @property
    def strong(self) -> bool:
        return self.scheme in STRONG_SCHEMES


def cn_to_int(s: str) -> int | None:
    """Chinese or Arabic numeral to int: 三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 12 → 12."""
    s = s.strip().translate(_FULLWIDTH_DIGITS)
    if s.isdecimal():  # "²" is a digit to isdigit() but not to int()
        return int(s)
    values = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    total, current = 0, 0
    for ch in s:
        if ch in values:
            current = values[ch]
        elif ch in "十百":
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
        else:
            return None
    return total + current


def parse_numbering(text: str) -> Numbering | None:
    """Read a heading number at the start of `text`; None when the line does not start with one."""
    line = text.strip()
    if not _NUMBER_START.match(line):  # \d takes full-width digits too: prose is turned away untranslated
        return None
    line = line.translate(_FULLWIDTH_DIGITS)
    for scheme, pattern in _PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        label, title = re.sub(r"\s+", "", m.group(1)), m.group(2).strip()
        if scheme.startswith("dec") and _NOT_TITLE_START.match(title):
            return None
        if scheme == "dec1_tight":
            return Numbering("dec1", label, (int(label),), title, tight=True)
        digits = re.findall(rf"\d+|{_CN}", label.strip("第章节篇部分（）()"))
        ordinals = tuple(n for n in (cn_to_int(d) for d in digits) if n is not None)
        if not ordinals and scheme != "circled":
            continue
        if scheme == "circled":
            ordinals = (ord(label) - ord("①") + 1,)
        return Numbering(scheme, label, ordinals, title)
    return None


def normalize_title(text: str) -> str:
    """Comparable form of a title: no spaces, punctuation or leader dots."""
    return _NORMALIZE_DROP.sub("", text)


@dataclass(slots=True)
class _Candidate:
    pos: int
    numbering: Numbering | None
    title: str
    declared: int | None
    confirmed: bool = False  # a PDF bookmark names this line

    @property
    def key(self) -> str:
        if self.numbering is not None:
            return self.numbering.key
        return f"plain{self.declared}" if self.declared is not None else "plain"


@dataclass(frozen=True, slots=True)
class Heading:
    """A detected heading: block position, number, title and derived level."""

    pos: int
    number: str
    title: str
    level: int


@dataclass(frozen=True, slots=True)
class _BodyStats:
    size: float | None
    bold: bool


def _body_stats(paragraphs: list[Block]) -> _BodyStats:
    sizes: Counter[float] = Counter()
    bold_chars = total_chars = 0
    for b in paragraphs:
        n = len(b.text)
        total_chars += n
        bold_chars += n if b.bold else 0
        if b.size:
            sizes[b.size] += n
    size = sizes.most_common(1)[0][0] if sizes else None
    return _BodyStats(size, total_chars > 0 and bold_chars * 2 > total_chars)


def _furniture(paragraphs: list[Block], settings: OutlineSettings) -> set[str]:
    pages: defaultdict[str, set[int]] = defaultdict(set)
    for b in paragraphs:
        if b.page is not None and len(b.text.strip()) <= settings.max_title_chars:
            pages[b.text.strip()].add(b.page)
    return {t for t, p in pages.items() if len(p) >= settings.furniture_min_pages}


def _toc_positions(blocks: list[Block]) -> set[int]:
    """Blocks the reader marked as TOC, plus lines that look like TOC entries the reader missed."""
    found: set[int] = set()
    in_region = False
    for pos, b in enumerate(blocks):
        if b.kind is not BlockKind.PARAGRAPH:
            in_region = False
            continue
        text = b.full_text.strip()
        if b.in_toc or (text[-1:].isdecimal() and _TOC_LEADER.search(text)):  # a leader ends in a page number
            found.add(pos)
        elif _TOC_TITLE.match(text):
            found.add(pos)
            in_region = True
            continue
        if in_region:
            if _TRAILING_PAGE.search(text) and parse_numbering(_TRAILING_PAGE.sub("", text)) is not None:
                found.add(pos)
            elif text:
                in_region = False
    return found


def _bookmark_levels(doc: Document, excluded: set[int]) -> dict[int, int]:
    """Block position → bookmark level (1-based), for bookmarks whose title matches a line."""
    if not doc.bookmarks:
        return {}
    top = min(bm.level for bm in doc.bookmarks)
    keys: list[tuple[int, str, str, int | None]] = []
    for pos, b in enumerate(doc.blocks):
        if b.kind is BlockKind.PARAGRAPH and pos not in excluded and b.text.strip():
            numbering = parse_numbering(b.full_text)
            own = normalize_title(numbering.title) if numbering else ""
            keys.append((pos, normalize_title(b.full_text), own, b.page))
    found: dict[int, int] = {}
    cursor = 0
    for bm in doc.bookmarks:
        want = normalize_title(bm.title)
        if not want:
            continue
        for i in range(cursor, len(keys)):
            pos, full, own, page = keys[i]
            if (want == full or want == own) and (bm.page is None or page is None or page >= bm.page):
                found[pos] = bm.level - top + 1
                cursor = i + 1
                break
    return found


def _sentence_like(title: str, limit: int, colon_ends: bool = False) -> bool:
    """Prose, a cited document (1.《网络安全法》；) or a line cut mid-phrase: not a title."""
    if not title or len(title) > limit or "。" in title or title.startswith("《"):
        return True
    if title[-1] in _UNFINISHED_END:
        return True
    if title[-1] in _SENTENCE_END or (colon_ends and title[-1] in ":："):
        return True
    return "，" in title and len(title) > 25


class _Detector:
    def __init__(self, doc: Document, settings: OutlineSettings) -> None:
        self.doc = doc
        self.settings = settings
        paragraphs = [b for b in doc.blocks if b.kind is BlockKind.PARAGRAPH and not b.in_toc and b.text.strip()]
        self.body = _body_stats(paragraphs)
        self.furniture = _furniture(paragraphs, settings)
        self.toc = _toc_positions(doc.blocks)
        self.bookmarks = _bookmark_levels(doc, self.toc)
        self.numberings = [
            parse_numbering(b.full_text) if b.kind is BlockKind.PARAGRAPH else None for b in doc.blocks
        ]

    def supported(self, b: Block) -> bool:
        """Font evidence: bold where body is not, or larger than body text."""
        larger = b.size is not None and self.body.size is not None and b.size >= self.body.size + self.settings.larger_by_pt
        return larger or (b.bold and not self.body.bold)

    def in_list_run(self, pos: int, key: str) -> bool:
        for other in (pos - 1, pos + 1):
            if 0 <= other < len(self.doc.blocks):
                nb, nn = self.doc.blocks[other], self.numberings[other]
                if nb.kind is BlockKind.PARAGRAPH and nn is not None and nn.key == key and not self.supported(nb):
                    return True
        return False

    def candidate(self, pos: int) -> _Candidate | None:
        b = self.doc.blocks[pos]
        text = b.full_text.strip()
        if b.kind is not BlockKind.PARAGRAPH or not text or pos in self.toc or b.in_toc:
            return None
        if text in self.furniture or _PAGE_NUMBER.match(text) or _CAPTION.match(text) or _TOC_TITLE.match(text):
            return None
        s = self.settings
        numbering = self.numberings[pos]
        title = numbering.title if numbering else text
        if pos in self.bookmarks:
            return _Candidate(pos, numbering, title, self.bookmarks[pos], confirmed=True)
        if b.style_level is not None and not _sentence_like(title, s.max_declared_title_chars):
            return _Candidate(pos, numbering, title, b.style_level)
        if numbering is None:
            if self.supported(b) and not _sentence_like(title, s.max_plain_title_chars, colon_ends=True):
                return _Candidate(pos, None, title, None)
            return None
        if numbering.strong:
            return None if _sentence_like(title, s.max_title_chars) else _Candidate(pos, numbering, title, None)
        if _sentence_like(title, s.max_title_chars, colon_ends=True):
            return None
        if self.supported(b) or (not numbering.tight and not self.in_list_run(pos, numbering.key)):
            return _Candidate(pos, numbering, title, None)
        return None

    def is_furniture(self, b: Block) -> bool:
        text = b.text.strip()
        return b.kind is BlockKind.PARAGRAPH and (text in self.furniture or bool(_PAGE_NUMBER.match(text)))

    def headings(self) -> list[Heading]:
        found = [c for c in (self.candidate(pos) for pos in range(len(self.doc.blocks))) if c is not None]
        cands = _drop_cover(found, self.doc.blocks)
        levels = _assign_levels(cands)
        return [
            Heading(c.pos, c.numbering.label if c.numbering else "", c.title, level)
            for c, level in zip(cands, levels, strict=True)
        ]


def _drop_cover(found: list[_Candidate], blocks: list[Block]) -> list[_Candidate]:
    """Unnumbered lines before the first numbered (or bookmarked) heading are cover and preface."""
    anchor = next(
        (c.pos for c in found if c.confirmed or (c.numbering is not None and (c.numbering.strong or c.declared))),
        None,
    )
    if anchor is None:
        anchor = next((c.pos for c in found if c.numbering is not None), None)
    if anchor is not None:
        return [c for c in found if c.numbering is not None or c.pos >= anchor]
    later = [c for c in found if blocks[c.pos].page is None or blocks[c.pos].page > 1]
    return later


def _assign_levels(cands: list[_Candidate]) -> list[int]:
    declared: defaultdict[str, Counter[int]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for c in cands:
        totals[c.key] += 1
        if c.declared is not None:
            declared[c.key][c.declared] += 1
    fixed = {
        k: min(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        for k, cnt in declared.items()
        if sum(cnt.values()) * 2 >= totals[k]
    }
    votes: defaultdict[str, Counter[int]] = defaultdict(Counter)
    stack: list[tuple[str, int]] = []
    for c in cands:
        key = c.key
        if key in fixed:
            level = fixed[key]
        else:
            level = next((lv for k, lv in stack if k == key), stack[-1][1] + 1 if stack else 1)
            votes[key][level] += 1
        while stack and stack[-1][1] >= level:
            stack.pop()
        stack.append((key, level))
    levels = dict(fixed)
    levels.update({k: min(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[0] for k, cnt in votes.items()})
    dotted = sorted(int(k[3:]) for k in votes if k.startswith("dec") and k != "dec1")
    if dotted:
        base_depth, base_level = dotted[0], levels[f"dec{dotted[0]}"]
        for depth in dotted[1:]:
            levels[f"dec{depth}"] = base_level + depth - base_depth
    return [levels[c.key] for c in cands]


def detect_headings(doc: Document, settings: OutlineSettings = DEFAULT_SETTINGS) -> list[Heading]:
    """The document's body headings in reading order, with per-document levels. Pure: sets nothing."""
    return _Detector(doc, settings).headings()


def build_outline(doc: Document, settings: OutlineSettings = DEFAULT_SETTINGS) -> list[Section]:
    """Detect headings and turn them into sections; also sets `doc.outline`."""
    detector = _Detector(doc, settings)
    headings = detector.headings()
    n = len(doc.blocks)
    # the page of each block that counts for a section's page span (furniture does not), read once
    page_of = [None if b.page is None or detector.is_furniture(b) else b.page for b in doc.blocks]
    sections: list[Section] = []
    for i, h in enumerate(headings):
        end = next((o.pos for o in headings[i + 1 :] if o.level <= h.level), n)
        body_end = headings[i + 1].pos if i + 1 < len(headings) else n
        parent = next((j for j in range(i - 1, -1, -1) if headings[j].level < h.level), None)
        pages = [p for p in page_of[h.pos : end] if p is not None]
        sections.append(
            Section(
                number=h.number,
                title=h.title,
                level=h.level,
                page=doc.blocks[h.pos].page,
                page_end=max(pages) if pages else None,
                first_block=h.pos,
                end_block=end,
                body_end_block=body_end,
                text=doc.text_between(h.pos + 1, body_end)[: settings.section_text_cap],
                parent=parent,
            )
        )
    doc.outline = sections
    return sections


def cover_blocks(doc: Document, max_page: int = 2, max_blocks: int = 40) -> list[Block]:
    """Paragraphs before the first heading (cover, preface), on the first pages: where titles live."""
    if doc.outline:
        end = doc.outline[0].first_block
    else:
        headings = detect_headings(doc)
        end = headings[0].pos if headings else len(doc.blocks)
    blocks = doc.blocks[: min(end, max_blocks)]
    toc = _toc_positions(blocks)  # a forward scan: the first blocks need only themselves
    return [
        b
        for pos, b in enumerate(blocks)
        if b.kind is BlockKind.PARAGRAPH
        and pos not in toc
        and b.text.strip()
        and (b.page is None or b.page <= max_page)
    ]

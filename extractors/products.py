"""The key products a plan names (servers, CPUs, operating systems, databases, middleware, network,
security and crypto devices), where, and whether the plan uses them.

Read: the prose of the secure_products chapter and of sections whose heading is about products
(选型, 软硬件配置, 运行环境 …), and every product table: in those sections, a budget table, or any
table whose header or caption says it lists products (设备清单, 软硬件配置表, 产品选型). The lexicon
(`data/product_lexicon.yaml`) tells each name's origin and category; `mention_context` tells a use
from a replacement, a refusal, a compatibility list or a description of what exists. Mentions of
client terminals (客户端, 办公终端) are kept but are not key products.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from docscreen.extractors.budget_layout import find_caption
from docscreen.extractors.data_files import load_yaml
from docscreen.extractors.mention_context import Stance, cell_cue, clause_bounds, stance
from docscreen.extractors.passages import (
    NameMatcher,
    chapter_blocks,
    enclosing_titles,
    excerpt,
    normalize,
    sentences,
    table_rows,
)
from docscreen.models.document import BlockKind, Document

HEADER_ROWS = 2
ROW_QUOTE_CHARS = 160
_CLIENT = re.compile(r"客户端|终端|桌面|办公电脑|办公计算机|台式机|笔记本|浏览器|用户端|PC端|个人电脑")
_EXISTING_SECTION = re.compile(r"现状|现有|原有|已建|存在的?问题")
_KEPT = re.compile(r"利旧|继续|沿用|保留")
_TABLE_CONTEXT = {Stance.EXISTING: _EXISTING_SECTION, Stance.COMPATIBLE: re.compile(r"兼容|适配")}


@dataclass(frozen=True, slots=True)
class Product:
    name: str  # as shown to reviewers
    category: str
    origin: str  # domestic | foreign
    key: bool = True
    open_source: bool = False

    @property
    def foreign(self) -> bool:
        return self.origin == "foreign"


@dataclass(frozen=True, slots=True)
class ProductLexicon:
    products: tuple[Product, ...]
    names: NameMatcher[Product]
    categories: dict[str, str]
    sections: tuple[re.Pattern[str], ...]
    table_header: tuple[str, ...]
    table_caption: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProductMention:
    product: Product
    stance: Stance
    client: bool  # said of client terminals, where no product is a key product
    page: int | None
    quote: str
    block: int
    row: int | None = None

    @property
    def foreign_key_use(self) -> bool:
        """A foreign key product the project itself will use (buy, deploy, keep)."""
        return self.product.foreign and self.product.key and not self.client and self.stance is Stance.USED


@cache
def load_product_lexicon() -> ProductLexicon:
    raw = load_yaml("product_lexicon.yaml")
    categories: dict[str, str] = raw["categories"]
    products, entries = [], []
    for spec in raw["products"]:
        if spec["category"] not in categories or spec["origin"] not in ("domestic", "foreign"):
            raise ValueError(f"product_lexicon.yaml: bad category or origin in {spec}")
        product = Product(spec["names"][0], spec["category"], spec["origin"],
                          bool(spec.get("key", True)), bool(spec.get("open_source", False)))
        products.append(product)
        entries.extend((str(name), product) for name in spec["names"])
    return ProductLexicon(
        products=tuple(products),
        names=NameMatcher(entries),
        categories=categories,
        sections=tuple(re.compile(p) for p in raw["sections"]),
        table_header=tuple(raw["tables"]["header"]),
        table_caption=tuple(raw["tables"]["caption"]),
    )


def find_products(text: str) -> list[tuple[int, int, Product]]:
    """Every lexicon name in `text`, leftmost-longest, never overlapping (中标麒麟, not its 麒麟)."""
    return load_product_lexicon().names.find(text)


def _product_sections(doc: Document) -> set[int]:
    lex = load_product_lexicon()
    blocks = set(chapter_blocks(doc, "secure_products"))
    for s in doc.outline:
        if any(p.search(s.title) for p in lex.sections):
            blocks.update(range(s.first_block + 1, s.end_block))
    return blocks


def _is_product_table(doc: Document, index: int, rows: list[tuple[str, ...]]) -> bool:
    lex = load_product_lexicon()
    header = "".join("".join(r) for r in rows[:HEADER_ROWS])
    caption, near = find_caption(doc, index)
    return any(w in header for w in lex.table_header) or any(w in f"{caption}{near}" for w in lex.table_caption)


def _prose_mentions(doc: Document, index: int, title: str) -> list[ProductMention]:
    block = doc.blocks[index]
    if not find_products(normalize(block.full_text)):
        return []  # a name in a sentence is a name in its block: most blocks need no splitting
    existing_section = bool(_EXISTING_SECTION.search(title))
    found = []
    for sentence in sentences(block.full_text):
        for start, end, product in find_products(sentence):
            said = stance(sentence, start, end)
            if said is Stance.USED and existing_section and not _KEPT.search(sentence):
                said = Stance.EXISTING
            left, right = clause_bounds(sentence, start, end)
            found.append(ProductMention(product, said, bool(_CLIENT.search(sentence[left:right])), block.page,
                                        excerpt(sentence, start, end), index))
    return found


def _table_mentions(doc: Document, index: int, rows: list[tuple[str, ...]], title: str) -> list[ProductMention]:
    block = doc.blocks[index]
    caption, near = find_caption(doc, index)
    context = f"{caption}{near}{title}"
    table_stance = next((kind for kind, p in _TABLE_CONTEXT.items() if p.search(context)), None)
    found = []
    for r, cells in enumerate(rows):
        row_text = " | ".join(c for c in cells if c)
        for c, cell in enumerate(cells):
            for start, end, product in find_products(cell):
                said = stance(cell, start, end)
                if said is Stance.USED:
                    others = [cell_cue(x) for i, x in enumerate(cells) if i != c and x]
                    said = next((k for k in others if k is not None), table_stance or Stance.USED)
                quote = row_text if len(row_text) <= ROW_QUOTE_CHARS else f"{row_text[:ROW_QUOTE_CHARS]}…"
                found.append(ProductMention(product, said, bool(_CLIENT.search(row_text)), block.page, quote, index, r))
    return found


def product_mentions(doc: Document) -> list[ProductMention]:
    """Every lexicon product the product chapter, product sections, product tables and budget tables
    (what the project spends its money on) name."""
    prose = _product_sections(doc)
    budget = {b for t in doc.budget.tables for b in (t.block, *t.joined_blocks)}
    titles = enclosing_titles(doc)
    found: list[ProductMention] = []
    for i, block in enumerate(doc.blocks):
        if block.in_toc:
            continue
        if block.kind is BlockKind.TABLE:
            rows = table_rows(doc, i)
            if rows and (i in prose or i in budget or _is_product_table(doc, i, rows)):
                found.extend(_table_mentions(doc, i, rows, titles[i]))
        elif i in prose:
            found.extend(_prose_mentions(doc, i, titles[i]))
    return found


def category_label(product: Product) -> str:
    return load_product_lexicon().categories[product.category]


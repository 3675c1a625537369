"""Checks that read what a mandated chapter says: the key products it names, the crypto plan's
algorithms, standard, level and 密评, the catalogue's attributes, and the sharing analysis's elements.

Each asks the extractors for facts and turns what is lacking into one finding per rule. A chapter
that is absent or thin is left to the chapter checks (missing_chapter / thin_chapter already
speak); products are read wherever a product table stands, so that check runs regardless.
"""

from __future__ import annotations

from docscreen.checkers.chapter_checks import ChapterStatus, rule_status
from docscreen.checkers.findings import merged_evidence, rule_finding
from docscreen.checkers.rulebook import Rule
from docscreen.extractors.catalogue_fields import FieldState, catalogue_fields, catalogue_lexicon, field_label
from docscreen.extractors.crypto_facts import AlgorithmMention, crypto_facts
from docscreen.extractors.products import Product, category_label, product_mentions
from docscreen.extractors.sharing_elements import element_label, sharing_elements, sharing_lexicon
from docscreen.models import Document, Evidence, Finding

MAX_EVIDENCE = 12


def _finding(rule: Rule, code: str, message: str, evidence: list[Evidence]) -> Finding:
    """Each quoted place once, and no more than a reviewer reads."""
    return rule_finding(rule, code, message, merged_evidence(evidence)[:MAX_EVIDENCE])


def _where(rule: Rule) -> str:
    return f"{rule.citation.regulation}{rule.citation.article or ''}"


def _judged(doc: Document, rule: Rule) -> ChapterStatus | None:
    """The chapter when it is there and substantive enough to read; None leaves it to the chapter checks."""
    status = rule_status(doc, rule)
    return status if status.present and status.substantive else None


def _chapter_evidence(status: ChapterStatus) -> Evidence:
    return Evidence(page=status.pages[0] if status.pages else None, text=f"{status.title} {status.excerpt}".strip())


def _requested(rule: Rule, param: str, known: list[str]) -> list[str]:
    wanted = [str(x) for x in rule.params.get(param) or known]
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise ValueError(f"rule {rule.id}: unknown {param} {unknown}; known: {known}")
    return wanted


def _product(product: Product) -> str:
    origin = "，境外开源" if product.open_source else ""
    return f"{product.name}（{category_label(product)}{origin}）"


def check_secure_products(doc: Document, rule: Rule) -> list[Finding]:
    """Foreign key products the plan will use; replaced, refused, compatible or client ones are not."""
    used = [m for m in product_mentions(doc) if m.foreign_key_use]
    if not used:
        return []
    names = "、".join(dict.fromkeys(_product(m.product) for m in used))
    return [
        _finding(rule, "foreign_product",
                 f"拟采用的关键软硬件产品含境外产品：{names}，不符合{_where(rule)}关于采用安全可控关键产品的要求。",
                 [Evidence(page=m.page, text=m.quote, marks=(m.product.name,)) for m in used])
    ]


def _algorithms(mentions: list[AlgorithmMention]) -> str:
    return "、".join(dict.fromkeys(m.algorithm.name for m in mentions))


def check_crypto_compliance(doc: Document, rule: Rule) -> list[Finding]:
    """国密 algorithms, no weak or foreign-only ones, GB/T 39786 with a level, a 密评 planned."""
    status = _judged(doc, rule)
    if status is None:
        return []
    facts = crypto_facts(doc)
    lacking: list[str] = []
    foreign = facts.foreign_only()
    if not facts.guomi():
        only = f"，仅采用{_algorithms(foreign)}等国外算法" if foreign else ""
        lacking.append(f"未采用国密算法（SM2、SM3、SM4等）{only}")
    elif foreign:
        lacking.append(f"{_algorithms(foreign)}未配套相应的国密算法")
    weak = facts.weak_used()
    if weak:
        lacking.append(f"采用{_algorithms(weak)}等不安全的密码算法")
    if facts.standard is None:
        lacking.append("未引用GB/T 39786《信息安全技术 信息系统密码应用基本要求》")
    if facts.level is None:
        lacking.append("未明确密码应用等级（如第三级）")
    if facts.assessment is None:
        lacking.append("未安排商用密码应用安全性评估（密评）")
    if not lacking:
        return []
    evidence = [Evidence(page=m.page, text=m.quote, marks=(m.algorithm.name,)) for m in weak + foreign] or [_chapter_evidence(status)]
    return [
        _finding(rule, "crypto_noncompliant",
                 f"「{status.title}」{'；'.join(lacking)}，不符合{_where(rule)}的密码应用要求。", evidence)
    ]


def check_catalogue_fields(doc: Document, rule: Rule) -> list[Finding]:
    """The catalogue gives each attribute the rule lists (a column of blanks gives nothing)."""
    status = _judged(doc, rule)
    if status is None:
        return []
    wanted = _requested(rule, "fields", [f.name for f in catalogue_lexicon().fields])
    reading = catalogue_fields(doc)
    missing = [name for name in wanted if reading.fields[name].state is not FieldState.GIVEN]
    if not missing:
        return []
    parts = [
        f"{field_label(n)}（有列无内容）" if reading.fields[n].state is FieldState.EMPTY else field_label(n)
        for n in missing
    ]
    shown = [reading.fields[n] for n in missing if reading.fields[n].quote]
    evidence = [Evidence(page=r.page, text=r.quote, marks=(r.quote,)) for r in shown] or [_chapter_evidence(status)]
    return [
        _finding(rule, "catalogue_fields_missing",
                 f"信息资源目录未列明{'、'.join(parts)}（{_where(rule)}）。", evidence)
    ]


def check_sharing_elements(doc: Document, rule: Rule) -> list[Finding]:
    """The sharing analysis states the catalogue, list, process, interface and frequency it must."""
    status = _judged(doc, rule)
    if status is None:
        return []
    wanted = _requested(rule, "elements", [e.name for e in sharing_lexicon().elements])
    readings = sharing_elements(doc)
    missing = [name for name in wanted if not readings[name].found]
    if not missing:
        return []
    return [
        _finding(rule, "sharing_content_missing",
                 f"「{status.title}」未明确{'、'.join(element_label(n) for n in missing)}（{_where(rule)}）。",
                 [_chapter_evidence(status)])
    ]

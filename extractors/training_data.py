"""Labelled examples for the classifiers, generated from the hand-written seeds in training/.

A seed line is a phrasing family ("数据共享与交换设计 | 数据共享交换方案"); the generator numbers
its headings in the styles real documents use (第三章 / 第3章 / 三、 / （三） / 3.2 / 3.2.1 / 第三部分
/ none), sometimes spaces them out as PDF extraction does, and pairs them with the class's bodies and
parents. Each row carries its family as `group`: every HOLD_OUT_EVERY-th family (and body, and
opening) of a class is held out, so held-out rows share no phrasing with training rows, and the
cross-validation folds are split by family too. Everything is drawn from one seeded RNG.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml

from docscreen.extractors.outline import build_outline
from docscreen.models.document import Block, BlockKind, Document
from docscreen.models.vocabulary import ACCEPTANCE_TYPES, CHAPTER_TYPES, OTHER, PLAN_KINDS

T = TypeVar("T")
SEED = 20251124
HOLD_OUT_EVERY = 4  # family i of a class is held out when i % 4 == 3
ROWS_PER_HEADING = 6
BORROWED_BODY = 0.4  # share of rows whose body comes from another class: the title must decide
ROWS_PER_TITLE = 8
_CN = "一二三四五六七八九十"
_NUMBERINGS = (
    lambda a, b, c: f"第{_CN[a - 1]}章 ",
    lambda a, b, c: f"第{a}章 ",
    lambda a, b, c: f"{_CN[a - 1]}、",
    lambda a, b, c: f"（{_CN[a - 1]}）",
    lambda a, b, c: f"{a}.{b} ",
    lambda a, b, c: f"{a}.{b}.{c} ",
    lambda a, b, c: f"{a} ",
    lambda a, b, c: f"第{_CN[a - 1]}部分 ",
    lambda a, b, c: "",
)


@dataclass(frozen=True, slots=True)
class SectionExample:
    title: str
    parent: str
    body: str
    label: str
    group: str
    held_out: bool
    fold: int = -1  # with section_examples(folds=k): the cross-validation fold of a training row


@dataclass(frozen=True, slots=True)
class DocumentExample:
    title_lines: tuple[str, ...]
    headings: tuple[str, ...]
    body: str
    label: str
    group: str
    held_out: bool
    fold: int = -1  # with document_examples(folds=k): the cross-validation fold of a training row


def training_dir() -> Path:
    """training/ of the source tree this package runs from."""
    return Path(__file__).resolve().parents[1] / "training"


def _held(i: int) -> bool:
    return i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1


def _split(items: list[T], held_out: bool) -> list[T]:
    return [x for i, x in enumerate(items) if _held(i) == held_out]


def _fold(i: int, folds: int) -> int:
    """The cross-validation fold of seed line `i` of a class: its training lines dealt in turn into
    `folds` folds; -1 for a held-out line or when there are no folds."""
    if not folds or _held(i):
        return -1
    return (i - (i + 1) // HOLD_OUT_EVERY) % folds  # i less the held-out lines before it


def _drawn(items: list[T], held_out: bool, fold: int, folds: int) -> list[T]:
    """The items a row may draw: its split's, and of a training row in cross-validation fold
    `fold` (>= 0) only every `folds`-th of those, so no two folds share one."""
    kept = _split(items, held_out)
    return kept[fold::folds] if fold >= 0 else kept


def _variants(line: str) -> tuple[list[str], list[str]]:
    """A seed line's heading variants and, after "@", its own parents."""
    head, _, parents = line.partition("@")
    return [v.strip() for v in head.split("|")], [p.strip() for p in parents.split("/") if p.strip()]


def _pdf_spacing(text: str, rng: random.Random) -> str:
    """A heading as PDF extraction sometimes gives it: a stray space inside."""
    if len(text) < 4 or rng.random() > 0.15:
        return text
    cut = rng.randrange(1, len(text) - 1)
    return f"{text[:cut]} {text[cut:]}"


def section_examples(root: Path | None = None, folds: int = 0) -> list[SectionExample]:
    """Rows of every chapter class. With `folds`, the training families of a class are dealt into
    that many folds, and a row of fold k draws its own and its borrowed bodies from fold k only:
    bodies are shared by every family of a class, so folds by family alone would test on bodies
    the fold model trained on, which the held-out split never does."""
    raw = yaml.safe_load(((root or training_dir()) / "chapters.yaml").read_text("utf-8"))
    unknown = set(raw) - set(CHAPTER_TYPES) - {OTHER}
    if unknown:
        raise ValueError(f"training/chapters.yaml names unknown chapter types: {sorted(unknown)}")
    rng = random.Random(SEED)
    rows: list[SectionExample] = []
    for label, spec in raw.items():
        for i, line in enumerate(spec["headings"]):
            held, fold = _held(i), _fold(i, folds)
            variants, own_parents = _variants(line)
            bodies = _drawn(list(spec["bodies"]), held, fold, folds)
            # a section's opening often speaks of another topic (an overview that states the total
            # investment, a sharing chapter that opens on the platform): bodies of other classes
            borrowed = [b for other, o in raw.items() if other != label for b in _drawn(list(o["bodies"]), held, fold, folds)]
            parents = own_parents or list(spec["parents"])
            for variant in variants:
                for _ in range(ROWS_PER_HEADING):
                    number = rng.choice(_NUMBERINGS)(rng.randint(1, 10), rng.randint(1, 9), rng.randint(1, 9))
                    body = rng.choice(borrowed if rng.random() < BORROWED_BODY else bodies)
                    rows.append(
                        SectionExample(
                            title=number + _pdf_spacing(variant, rng),
                            parent=rng.choice(parents),
                            body=body,
                            label=label,
                            group=f"{label}/{i}",
                            held_out=held,
                            fold=fold,
                        )
                    )
    return rows


def document_labels() -> tuple[str, ...]:
    return (*PLAN_KINDS, *ACCEPTANCE_TYPES, OTHER)


def document_examples(root: Path | None = None, folds: int = 0) -> list[DocumentExample]:
    """Rows of every document class. With `folds`, the training rows of a class are cut into that
    many folds that share no title family, heading or opening (`fold`): covers, headings and
    openings are drawn per class, so folds by title family alone would all see the same headings
    and cross-validation would read near 1.000; the held-out rows stay as they are."""
    raw = yaml.safe_load(((root or training_dir()) / "documents.yaml").read_text("utf-8"))
    unknown = set(raw["classes"]) - set(document_labels())
    if unknown:
        raise ValueError(f"training/documents.yaml names unknown classes: {sorted(unknown)}")
    rng = random.Random(SEED)
    projects = list(raw["projects"])
    rows: list[DocumentExample] = []
    for label, spec in raw["classes"].items():
        for i, line in enumerate(spec["titles"]):
            held, fold = _held(i), _fold(i, folds)
            headings = _drawn(list(spec["headings"]), held, fold, folds)
            openings = _drawn(list(spec["openings"]), held, fold, folds)
            names = _split(projects, held)
            for variant in _variants(line)[0]:
                for k in range(ROWS_PER_TITLE):
                    project = rng.choice(names)
                    title = variant.replace("{project}", project) if "{project}" in variant else project + variant
                    # some covers say nothing: the headings and the opening text must carry the type
                    lines = () if k == 0 else (title,) if k % 2 else (project, variant.replace("{project}", project))
                    rows.append(
                        DocumentExample(
                            title_lines=lines,
                            headings=tuple(rng.sample(headings, min(len(headings), rng.randint(2, 5)))),
                            body=rng.choice(openings),
                            label=label,
                            group=f"{label}/{i}",
                            held_out=held,
                            fold=fold,
                        )
                    )
    return rows


def example_document(row: DocumentExample) -> Document:
    """A document row as a reader would give it — cover lines, then numbered Heading-1 chapters, the
    opening paragraph under the first — so training reads it through the same `document_inputs` as
    screening reads a real file."""
    texts: list[tuple[str, int | None]] = [(line, None) for line in row.title_lines]
    for n, heading in enumerate(row.headings):
        texts.append((f"第{_CN[n]}章 {heading}", 1))
        if n == 0:
            texts.append((row.body, None))
    blocks = [Block(i, BlockKind.PARAGRAPH, t, page=1, style_level=level) for i, (t, level) in enumerate(texts)]
    doc = Document(name="document.docx", format="docx", blocks=blocks, pages=1)
    build_outline(doc)
    return doc

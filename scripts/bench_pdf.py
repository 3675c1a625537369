"""Time read_pdf against pypdfium2's raw text extraction and pdfplumber on one generated PDF.

    python scripts/bench_pdf.py [--pages 1000] [--plumber-pages 100] [--pdf PATH] [--profile]

The PDF (Chinese prose with headings, running header, page numbers and a ruled table every
~20 pages) embeds WenQuanYi Zen Hei when the font is installed, like Word/WPS exports do;
without it, it falls back to the non-embedded STSong-Light, which pdfium reads ~20× slower.
`build_docx` writes the same kind of text as a DOCX (Heading 1/2 styles, a table every ~20
pages, a page break per page) for the DOCX reader's figures in bench_screen.py.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import resource
import tempfile
import time
from pathlib import Path

import docx
import pdfplumber
import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from docscreen.extractors.pdf_reader import read_pdf

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
HEADER = "某某市政务信息化项目可行性研究报告"
SENTENCES = [
    "本项目依托全市统一的电子政务外网和政务云平台建设，按照集约化建设的要求统筹推进。",
    "通过整合各部门已有的数据资源，形成覆盖人口、法人、空间地理和电子证照的基础数据库。",
    "平台支撑跨部门业务协同和数据共享交换，实现一网通办、一网统管的建设目标。",
    "系统采用国产化的服务器操作系统、数据库和中间件，满足安全可靠的要求。",
    "密码应用方案遵循商用密码应用与安全性评估的相关标准，采用SM2、SM3、SM4算法。",
    "项目总投资为1568.32万元，其中软件开发费用为865.40万元，硬件购置费用为312.50万元。",
    "运行维护阶段建立7×24小时的运维保障机制，确保系统可用率不低于99.9%。",
    "信息资源目录按照来源、格式、更新周期、共享属性和开放属性进行编制。",
]


def _font() -> tuple[str, str]:
    if WQY.exists():
        pdfmetrics.registerFont(TTFont("WQY", str(WQY), subfontIndex=0))
        return "WQY", "embedded WenQuanYi Zen Hei (TrueType subset)"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light", "non-embedded STSong-Light (pdfium is much slower on it)"


def _wrap(text: str, size: float, width: float, font: str) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(current + ch, font, size) > width:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current] if current else lines


def build_pdf(path: Path, pages: int, font: str) -> None:
    rng = random.Random(7)
    width, height = A4
    left, right = 72.0, width - 72.0
    c = canvas.Canvas(str(path), pagesize=A4)
    chapter = section = 0
    for page in range(1, pages + 1):
        c.setFont(font, 9)
        c.drawCentredString(width / 2, height - 40, HEADER)
        c.drawCentredString(width / 2, 30, f"- {page} -")
        y = height - 90
        if page % 20 == 10:
            y = _table(c, font, left, y) - 24
        while y > 90:
            if rng.random() < 0.12:
                if rng.random() < 0.3:
                    chapter, section = chapter + 1, 0
                    c.setFont(font, 16)
                    c.drawString(left, y, f"第{chapter}章 建设方案与技术路线")
                else:
                    section += 1
                    c.setFont(font, 14)
                    c.drawString(left, y, f"{chapter}.{section} 数据资源共享分析")
                y -= 28
                continue
            text = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))
            for i, line in enumerate(_wrap(text, 12, right - left - 24, font)):
                if y <= 90:
                    break
                c.setFont(font, 12)
                c.drawString(left + (24 if i == 0 else 0), y, line)
                y -= 20
        c.showPage()
    c.save()


def build_docx(path: Path, pages: int) -> None:
    """Somewhat less than a page of text between explicit page breaks, so each break is one page."""
    rng = random.Random(7)
    document = docx.Document()
    document.add_paragraph(HEADER)
    chapter = section = 0
    for page in range(1, pages + 1):
        if page % 20 == 10:
            table = document.add_table(rows=6, cols=3, style="Table Grid")
            for r, row in enumerate(table.rows):
                texts = ("项目", "单位", "金额（万元）") if r == 0 else ("服务器及存储设备", "套", f"{120 + r * 7.5:.2f}")
                for cell, text in zip(row.cells, texts):
                    cell.text = text
        chars = 0
        while chars < 420:
            if rng.random() < 0.12:
                if rng.random() < 0.3:
                    chapter, section = chapter + 1, 0
                    document.add_heading(f"第{chapter}章 建设方案与技术路线", level=1)
                else:
                    section += 1
                    document.add_heading(f"{chapter}.{section} 数据资源共享分析", level=2)
                continue
            text = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))
            document.add_paragraph(text)
            chars += len(text)
        document.add_page_break()
    document.save(str(path))


def _table(c: canvas.Canvas, font: str, left: float, top: float) -> float:
    xs = [left, left + 160, left + 300, left + 450]
    ys = [top - 22 * i for i in range(7)]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    c.setFont(font, 10)
    for r in range(6):
        for col, text in enumerate(("服务器及存储设备", "套", f"{120 + r * 7.5:.2f}")):
            c.drawString(xs[col] + 4, ys[r] - 15, text if r else ("项目", "单位", "金额（万元）")[col])
    return ys[-1]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_raw(data: bytes) -> tuple[float, int]:
    start = time.perf_counter()
    pdf = pdfium.PdfDocument(data)
    chars = 0
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return time.perf_counter() - start, chars


def time_plumber(data: bytes, pages: int) -> float:
    start = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[:pages]:
            page.extract_text()
            page.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--plumber-pages", type=int, default=None, help="time pdfplumber on this many pages only")
    parser.add_argument("--pdf", type=Path, default=None, help="where to write (or reuse) the generated PDF")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of read_pdf")
    args = parser.parse_args()

    path = args.pdf or Path(tempfile.mkdtemp()) / f"bench_{args.pages}.pdf"
    font, font_note = _font()
    if not path.exists():
        start = time.perf_counter()
        build_pdf(path, args.pages, font)
        print(f"generated {path} ({args.pages} pages, {font_note}) in {time.perf_counter() - start:.1f} s")
    data = path.read_bytes()
    n_pages = len(pdfium.PdfDocument(data))

    raw_s, chars = time_raw(data)
    raw_pps = n_pages / raw_s
    print(f"pypdfium2 get_text_range : {raw_pps:8.0f} pages/s  ({raw_s:.2f} s, {chars} chars)  peak RSS {_rss_mb():.0f} MB")

    plumber_pages = min(args.plumber_pages or n_pages, n_pages)
    plumber_s = time_plumber(data, plumber_pages)
    plumber_pps = plumber_pages / plumber_s
    label = "" if plumber_pages == n_pages else f"  [{plumber_pages} pages timed, extrapolated]"
    print(f"pdfplumber extract_text  : {plumber_pps:8.0f} pages/s  ({plumber_s:.2f} s){label}  peak RSS {_rss_mb():.0f} MB")

    start = time.perf_counter()
    if args.profile:
        profiler = cProfile.Profile()
        doc = profiler.runcall(read_pdf, data, path.name)
    else:
        doc = read_pdf(data, path.name)
    read_s = time.perf_counter() - start
    read_pps = n_pages / read_s
    print(f"read_pdf                 : {read_pps:8.0f} pages/s  ({read_s:.2f} s, {len(doc.blocks)} blocks, "
          f"{len(doc.tables())} tables, {len(doc.errors)} errors)  peak RSS {_rss_mb():.0f} MB")
    print(f"read_pdf / raw pypdfium2 : {read_pps / raw_pps:6.1%}")
    print(f"read_pdf / pdfplumber    : {read_pps / plumber_pps:6.1f}×")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()

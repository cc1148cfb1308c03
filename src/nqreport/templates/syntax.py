"""Jinja syntax errors said in Vietnamese for the tag they are in, and how a block structure recovers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nqreport.templates.tagtext import BLOCKS, Tag


def simulate(kinds: list[str], tags: list[Tag]) -> int:
    """How many block errors the rest of a part has from a given stack, recovering as the checker does."""
    stack = list(kinds)
    errors = 0
    closers = {v: k for k, v in BLOCKS.items()}
    for tag in tags:
        keyword = tag.keyword
        if keyword in BLOCKS and (keyword != "set" or "=" not in tag.body):
            stack.append(keyword)
        elif keyword in closers:
            opening = closers[keyword]
            if opening not in stack:
                errors += 1
                continue
            depth = len(stack) - 1 - stack[::-1].index(opening)
            errors += len(stack) - depth - 1
            del stack[depth:]
    return errors + len(stack)


_SYNTAX_HINTS: tuple[tuple[str, Callable[[re.Match[str], Tag], tuple[str, str]]], ...] = (
    (r"expected token 'end of print statement', got '([^']*)'",
     lambda m, t: (f"thẻ \"{t.shown}\" có chữ thừa hoặc dấu cách trong tên biến (trước \"{m.group(1)}\")",
                   "tên biến viết liền, nối bằng dấu gạch dưới, ví dụ {{ ten_xa }}; mỗi thẻ in một biến")),
    (r"expected token 'end of statement block', got '([^']*)'",
     lambda m, t: (f"thẻ \"{t.shown}\" có chữ thừa (trước \"{m.group(1)}\")",
                   "kiểm tra lại thẻ theo mẫu {%p if dieu_kien %} hoặc {%p for x in danh_sach %}")),
    (r"expected token 'in'",
     lambda m, t: (f"vòng lặp \"{t.shown}\" thiếu chữ \"in\"",
                   "viết theo mẫu {%p for lv in linh_vuc %}")),
    (r"unexpected char '([\"'])'",
     lambda m, t: (f"thẻ \"{t.shown}\" có dấu nháy {m.group(1)} chưa đóng",
                   "thêm dấu nháy đóng cho đủ cặp, ví dụ \"khong_dat\"")),
    (r"unexpected char '(.)'",
     lambda m, t: (f"thẻ \"{t.shown}\" có ký tự \"{m.group(1)}\" không dùng được trong thẻ",
                   "xóa ký tự này; tên biến chỉ gồm chữ không dấu, số và dấu gạch dưới")),
    (r"unexpected '(.)', expected '(.)'",
     lambda m, t: (f"thẻ \"{t.shown}\" thiếu dấu \"{m.group(2)}\"",
                   f"thêm dấu \"{m.group(2)}\" cho đủ cặp ngoặc")),
    (r"Expected an expression",
     lambda m, t: (f"thẻ \"{t.shown}\" thiếu biến hoặc điều kiện",
                   "viết tên biến vào thẻ, ví dụ {%p if chi_tieu_khong_dat %}")),
    (r"expected token 'name'",
     lambda m, t: (f"thẻ \"{t.shown}\" thiếu tên bộ lọc sau dấu |",
                   "viết tên bộ lọc sau dấu |, ví dụ {{ ngay_bao_cao|ngay }}, hoặc xóa dấu |")),
)


def explain_syntax(tag: Tag, message: str) -> tuple[str, str]:
    """A Jinja syntax error in Vietnamese: what is wrong with this tag and what to type."""
    for pattern, explain in _SYNTAX_HINTS:
        match = re.search(pattern, message)
        if match:
            what, fix = explain(match, tag)
            return what, fix
    return (f"thẻ \"{tag.shown}\" viết sai cú pháp (Jinja báo: {message})",
            "viết lại thẻ theo mẫu {{ ten_bien }} hoặc {%p for x in danh_sach %}; xem docs/huong-dan-mau.md")

"""What ``nqreport collect`` and ``nqreport status`` print: a line per file collected, a closing line, and
the submission board as a table."""

from __future__ import annotations

from collections.abc import Sequence

from nqreport.board import Board, BoardRow, Received, Submission
from nqreport.collect import ARCHIVE_DIR, Action, CollectResult, Decision
from nqreport.collect.archive import archive_name
from nqreport.wording.numbers import format_date, format_moment, format_seconds

ACTION_LABELS = {
    Action.ADDED: "Thêm", Action.REPLACED: "Thay", Action.KEPT: "Đã có", Action.DUPLICATE: "Trùng",
    Action.OLDER: "Cũ hơn, không chép", Action.REFUSED: "Không nhận",
}
#: Shown without -v: what changed, and what the user has to look at.
SHOWN = (Action.ADDED, Action.REPLACED, Action.OLDER, Action.REFUSED)


def decision_line(decision: Decision, inputs: str) -> str:
    label = ACTION_LABELS[decision.action]
    origin = decision.workbook.origin
    if decision.action in (Action.ADDED, Action.REPLACED):
        line = f"{label}: {inputs}/{decision.target} ← {origin}: {decision.reason}"
        kept = [f"{ARCHIVE_DIR}/{archive_name(old)}" for old in decision.replaces]
        return line + (f" (bản cũ lưu tại {', '.join(kept)})" if kept else "")
    return f"{label}: {origin}: {decision.reason}"


def collect_lines(result: CollectResult, *, verbose: bool) -> list[str]:
    shown = [d for d in result.decisions if verbose or d.action in SHOWN]
    order = {action: rank for rank, action in enumerate(Action)}
    return [decision_line(d, result.inputs) for d in sorted(shown, key=lambda d: order[d.action])]


def collect_json(result: CollectResult) -> dict[str, object]:
    """What ``nqreport collect --format json`` prints: each file and what was done with it."""
    return {
        "inputs": result.inputs,
        "log": result.log,
        "seconds": round(result.seconds, 3),
        "files": [{"source": d.workbook.origin, "action": d.action.value, "reason": d.reason,
                   "code": d.workbook.code, "target": d.target or None,
                   "replaces": [old.origin for old in d.replaces]} for d in result.decisions],
    }


def collect_closing(result: CollectResult) -> str:
    parts = []
    added, replaced = result.count(Action.ADDED), result.count(Action.REPLACED)
    if added or replaced:
        made = [f"thêm {added} sổ"] if added else []
        made += [f"thay {replaced} sổ"] if replaced else []
        parts.append(f"Đã {' và '.join(made)} vào {result.inputs}/ (nhật ký: {result.log})")
    else:
        parts.append(f"Không có gì thay đổi trong {result.inputs}/")
    for action, words in ((Action.KEPT, "tệp đã có sẵn"), (Action.DUPLICATE, "tệp trùng nhau"),
                          (Action.OLDER, "sổ cũ hơn không chép"), (Action.REFUSED, "tệp không nhận")):
        if result.count(action):
            parts.append(f"{result.count(action)} {words}")
    return f"{'; '.join(parts)}. Thời gian: {format_seconds(result.seconds)} giây. Xem xã nào đã nộp, xã nào còn thiếu: " \
        "nqreport status"


def status_closing(board: Board, seconds: float) -> str:
    files = sum(len(row.files) for row in board.rows) + len(board.others)
    return f"\nĐã đọc và kiểm tra {files} sổ trong inputs/. Thời gian: {format_seconds(seconds)} giây."


# --------------------------------------------------------------------------- the board


def verdict(item: Received) -> str:
    if item.submission is Submission.VALID:
        return "hợp lệ"
    parts = [f"{item.errors} lỗi"] if item.errors else []
    parts += [f"{item.warnings} cảnh báo"] if item.warnings else []
    return "có " + ", ".join(parts)


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))] if rows else []
    return ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def _file_rows(row: BoardRow | None, items: Sequence[Received]) -> list[list[str]]:
    code, name = (row.code, row.name) if row is not None else ("", "")
    return [[item.code or code or "?", name or item.name or "(không đọc được)", item.file,
             f"nhận {format_moment(item.modified)}" if item.modified else "",
             f"số liệu đến {format_date(item.cutoff)}" if item.cutoff else "", verdict(item)] for item in items]


def status_text(board: Board) -> str:
    """The board as a person reads it: a heading with the counts, who sent what, who is still missing."""
    received = board.received
    errors = len(board.with_status(Submission.ERRORS))
    warned = len(board.with_status(Submission.WARNINGS))
    valid = len(board.with_status(Submission.VALID))
    lines = []
    if board.expects:
        lines.append(f"Tình hình nộp sổ chỉ tiêu: {len(board.rows)} xã phải nộp ({board.source}); đã nộp "
                     f"{len(received)} ({valid} hợp lệ, {warned} có cảnh báo, {errors} có lỗi); chưa nộp "
                     f"{len(board.missing)}.")
    else:
        lines.append(f"Sổ chỉ tiêu đã nhận: {len(received)} xã ({valid} hợp lệ, {warned} có cảnh báo, {errors} có "
                     'lỗi). nqreport.toml chưa ghi các xã phải nộp; thêm province = 20 (mã hoặc tên tỉnh) hoặc '
                     'communes = "danh-sach-xa.csv" để biết xã nào còn thiếu.')
    if received:
        lines += ["", f"Đã nộp ({len(received)}):"]
        lines += _table([cells for row in received for cells in _file_rows(row, row.files)])
    if board.missing:
        lines += ["", f"Chưa nộp ({len(board.missing)}):"]
        lines += _table([[row.code, row.name] for row in board.missing])
    if board.others:
        heading = "Tệp khác trong inputs/ (không thuộc các xã phải nộp, hoặc không đọc được)" if board.expects else \
            "Tệp không đọc được trong inputs/"
        lines += ["", f"{heading} ({len(board.others)}):"]
        lines += _table(_file_rows(None, board.others))
    if errors or warned or board.others:
        lines += ["", "Xem lỗi, cảnh báo của từng sổ và cách sửa: nqreport validate"]
    return "\n".join(lines)

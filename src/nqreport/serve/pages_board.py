"""The board, a commune's page, handing in workbooks, and the links that open the page."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from nqreport.config.communes import load_register
from nqreport.config.settings import load_settings
from nqreport.serve.downloads import allowed_outputs, outputs_for, read_manifest
from nqreport.serve.web import (
    KEY_COOKIE,
    PageError,
    access,
    attachment,
    require_admin,
    require_commune,
    services,
    uploaded,
)

pages = Blueprint("board", __name__)


@pages.get("/vao/<key>")
def enter(key: str) -> BaseResponse:
    """A link of the administrator or of a commune: its key kept as a cookie, then its page."""
    found = services()
    holder = found.keys.access_of(key)
    if holder is None:
        raise PageError(403, "Đường dẫn không đúng hoặc đã hết hiệu lực (khóa của trang web đã được đổi). Hãy xin "
                             "đường dẫn mới từ cơ quan tổng hợp", "Đường dẫn không dùng được")
    target = url_for("board.home") if holder.is_admin else url_for("board.commune", code=holder.commune)
    response = redirect(target, 303)
    if found.keys.required:
        response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="Lax", max_age=180 * 24 * 3600)
    return response


@pages.get("/")
def home() -> BaseResponse | str:
    holder = access()
    if not holder.is_admin:
        return redirect(url_for("board.commune", code=holder.commune), 303)
    found = services()
    view = found.views.current()
    manifest = read_manifest(view.settings)
    return render_template("board.html", view=view, board=view.board, settings=view.settings,
                           outputs=allowed_outputs(manifest, holder), built=manifest is not None,
                           build=found.builder.state)


@pages.get("/xa/<code>")
def commune(code: str) -> str:
    require_commune(code)
    view = services().views.current()
    row = view.row(code)
    unit = load_register().get(code)
    if row is None and unit is None:
        raise PageError(404, f"Không có xã nào mã {code} trong thư mục làm việc", "Không có xã này")
    results = view.commune_results(code)
    title_name = row.name if row is not None else unit.full_name if unit is not None else f"xã mã {code}"
    return render_template("commune.html", code=code, row=row, unit=unit, view=view, settings=view.settings,
                           title_name=title_name,
                           checked=[(r, view.evaluated(r)) for r in results],
                           outputs=[o for o in outputs_for(view.settings, access()) if o.code == code])


@pages.post("/nop")
def hand_in() -> str:
    """Workbooks handed in: each through collect, then its problems and indicators."""
    found = services()
    files = uploaded("so")
    settings = load_settings(found.root)  # the board is not needed: the upload changes it anyway
    handed = found.receiver.receive(settings, files, access())
    return render_template("handed.html", handed=handed, settings=settings)


@pages.get("/duong-dan")
def links() -> str:
    """Each expected commune's link, for the administrator to send (only when links are needed)."""
    require_admin()
    rows = _links()
    return render_template("links.html", rows=rows)


@pages.get("/duong-dan.csv")
def links_csv() -> Response:
    require_admin()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("Mã xã", "Tên xã", "Đường dẫn nộp sổ"))
    writer.writerows(_links())
    return attachment("duong-dan-cac-xa.csv", b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"), "text/csv")


def _links() -> list[tuple[str, str, str]]:
    found = services()
    if not found.keys.required:
        raise PageError(404, "Trang chạy trên 127.0.0.1 (chỉ máy này mở được) nên không có đường dẫn cho các xã. "
                             "Muốn các xã tự nộp sổ qua mạng, hãy chạy nqreport serve --host 0.0.0.0",
                        "Không có đường dẫn cho các xã")
    board = found.views.current().board
    base = request.host_url.rstrip("/")
    return [(row.code, row.name, f"{base}{url_for('board.enter', key=found.keys.commune_key(row.code))}")
            for row in board.rows]

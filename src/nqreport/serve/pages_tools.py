"""The tools: a blank workbook, a resolution read into a workbook, the template check."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from nqreport.config.communes import load_register
from nqreport.config.settings import load_settings
from nqreport.serve.tools import (
    blank_workbook,
    check_uploaded_template,
    check_workspace_templates,
    extract_resolution,
)
from nqreport.serve.web import (
    PageError,
    access,
    attachment,
    mimetype,
    owner,
    require_admin,
    services,
    uploaded,
)
from nqreport.templates.check import SCOPES

pages = Blueprint("tools", __name__)


@pages.get("/so-trong")
def blank() -> Response | str:
    """The form, or (with ``ma``) the blank workbook of that commune."""
    holder = access()
    code = request.args.get("ma", "").strip()
    settings = load_settings(services().root)
    if not code:
        units = services().views.current().board.rows if holder.is_admin else ()
        return render_template("blank.html", rows=units, settings=settings,
                               own=load_register().get(holder.commune) if holder.commune else None)
    if not holder.may_see(code):
        raise PageError(403, f"Đường dẫn này chỉ tạo được sổ của xã mã {holder.commune}", "Không được tạo sổ này")
    name, data = blank_workbook(settings, code, with_catalog=request.args.get("danh_muc") == "1")
    return attachment(name, data, mimetype(name))


@pages.get("/nghi-quyet")
def resolution_form() -> str:
    return render_template("extract.html", extracted=None)


@pages.post("/nghi-quyet")
def resolution() -> str:
    found = services()
    files = uploaded("nghi_quyet")
    if len(files) != 1:
        raise PageError(400, "Mỗi lần đọc một Nghị quyết; hãy chọn một tệp", "Chọn một tệp")
    settings = load_settings(found.root)
    extracted = extract_resolution(settings, files[0], access(), code=request.form.get("ma", "").strip() or None,
                                   signer=request.form.get("nguoi_ky", "").strip() or None,
                                   office_allowed=found.office_allowed)
    ticket = found.handoffs.put(owner(), extracted.name, extracted.data)
    return render_template("extract.html", extracted=extracted, ticket=ticket)


@pages.get("/nghi-quyet/tai/<ticket>")
def resolution_workbook(ticket: str) -> Response:
    kept = services().handoffs.get(ticket, owner())
    if kept is None:
        raise PageError(404, "Sổ đọc từ Nghị quyết không còn (chỉ giữ một giờ, hoặc chương trình đã khởi động lại); hãy "
                             "gửi lại Nghị quyết", "Không còn tệp này")
    name, data = kept
    return attachment(name, data, mimetype(name))


@pages.get("/mau")
def templates_form() -> str:
    require_admin()
    results = check_workspace_templates(load_settings(services().root)) if request.args.get("dang_dung") else None
    return render_template("check.html", results=results, scopes=SCOPES)


@pages.post("/mau")
def template_check() -> str:
    require_admin()
    files = uploaded("mau")
    scope = request.form.get("loai") or None
    if scope is not None and scope not in SCOPES:
        raise PageError(400, "Loại mẫu không đúng; hãy chọn trong danh sách", "Loại mẫu không đúng")
    settings = load_settings(services().root)
    results = [check_uploaded_template(upload, settings, scope=scope) for upload in files]
    return render_template("check.html", results=results, scopes=SCOPES)

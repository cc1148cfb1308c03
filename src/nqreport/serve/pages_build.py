"""Building the reports (a page that refreshes itself while the build runs) and downloading them."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from nqreport.build import BuildOptions
from nqreport.config.settings import load_settings
from nqreport.serve.downloads import NotAvailable, open_output, outputs_for, zip_outputs
from nqreport.serve.web import PageError, access, attachment, mimetype, require_admin, services
from nqreport.write.pdf import find_soffice

pages = Blueprint("build", __name__)

#: Seconds between two refreshes of the progress page.
REFRESH = 1


@pages.get("/lap")
def progress() -> str:
    require_admin()
    found = services()
    state = found.builder.state
    settings = load_settings(found.root)
    return render_template("build.html", state=state, refresh=REFRESH if state.active else None,
                           outputs=outputs_for(settings, access()) if not state.active else [],
                           soffice=find_soffice() is not None, refused=request.args.get("dang_lap") == "1")


@pages.post("/lap")
def start() -> BaseResponse:
    require_admin()
    found = services()
    pdf = request.form.get("pdf") == "1"
    if pdf and find_soffice() is None:
        raise PageError(400, "Máy này chưa cài LibreOffice nên không xuất được PDF; hãy bỏ chọn PDF (báo cáo Word vẫn "
                             "được lập), hoặc cài LibreOffice rồi chạy lại nqreport serve", "Không xuất được PDF")
    started = found.builder.start(BuildOptions(pdf=pdf))
    target = url_for("build.progress") if started else url_for("build.progress", dang_lap="1")
    return redirect(target, 303)


@pages.get("/tai/<path:name>")
def download(name: str) -> Response:
    """One output of the last build, by its path in the manifest (nothing else is ever opened)."""
    settings = load_settings(services().root)
    try:
        output, data = open_output(settings, name, access())
    except NotAvailable as exc:
        raise PageError(404, str(exc), "Không tải được tệp") from None
    return attachment(output.name, data, mimetype(output.name))


@pages.get("/tai-tat-ca.zip")
def download_all() -> Response:
    holder = access()
    settings = load_settings(services().root)
    if not outputs_for(settings, holder):
        raise PageError(404, "Chưa có báo cáo nào; hãy lập báo cáo trước", "Chưa có báo cáo")
    name = "bao-cao.zip" if holder.is_admin else f"bao-cao-{holder.commune}.zip"
    return attachment(name, zip_outputs(settings, holder), "application/zip")

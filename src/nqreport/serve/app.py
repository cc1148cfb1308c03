"""The Flask application: the checks every request passes, and every failure as a page in Vietnamese.

Every request, before its page:

1. On 127.0.0.1, the address it was sent to must be this computer's (``Host`` is 127.0.0.1, localhost or
   [::1]): a page of another site that makes its own name point at 127.0.0.1 (DNS rebinding) gets nothing.
2. With keys required (another address), the holder's key (cookie set by a link) must be the
   administrator's or a commune's; a page of a commune checks the commune.
3. Every form sent (POST) must carry the form token of this browser's session and holder, and come from
   this site (``Origin``, when the browser says it): another site cannot make a browser send a form here.

Every failure is a page with what happened and what to do: a data error (:class:`~nqreport.errors.NqError`)
with its problems, a busy workspace, a file too big, a page that does not exist; a bug is one sentence
on the page and its traceback on the server's console, never on the page.
"""

from __future__ import annotations

import ipaddress
import logging
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, g, render_template, request
from werkzeug.exceptions import HTTPException

from nqreport.errors import NqError, os_reason
from nqreport.serve import pages_board, pages_build, pages_tools
from nqreport.serve.access import Access, Keys, new_session
from nqreport.serve.gate import Busy
from nqreport.serve.web import FORM_FIELD, KEY_COOKIE, SESSION_COOKIE, Limits, PageError, Services, services
from nqreport.serve.words import install_filters
from nqreport.wording.numbers import format_number

logger = logging.getLogger(__name__)

#: Pages anyone may ask for: the link that sets the key, and the style sheet of the error pages.
OPEN_ENDPOINTS = {"board.enter", "style"}
_LOCAL_NAMES = {"localhost"}


def create_app(root: Path, *, keys: Keys, limits: Limits | None = None) -> Flask:
    """The application serving the workspace at ``root``; a build a kill left half-promoted is finished first,
    as every command does (outputs/ always holds one whole build)."""
    _finish_promotion(root)
    limits = limits or Limits()
    package = resources.files("nqreport.serve")
    app = Flask("nqreport.serve", static_folder=None, template_folder=str(package.joinpath("pages")))
    app.config.update(
        MAX_CONTENT_LENGTH=limits.request_bytes,
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        MAX_FORM_PARTS=limits.admin_files + 20,
        TRAP_HTTP_EXCEPTIONS=False,
        PROPAGATE_EXCEPTIONS=False,
        JSON_AS_ASCII=False,
    )
    app.extensions["nqreport"] = Services(root, keys, limits)
    install_filters(app)
    app.register_blueprint(pages_board.pages)
    app.register_blueprint(pages_build.pages)
    app.register_blueprint(pages_tools.pages)
    app.add_url_rule("/style.css", "style", _style)
    app.before_request(_guard)
    app.after_request(_headers)
    app.context_processor(_template_values)
    app.register_error_handler(PageError, _page_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(NqError, _data_error)
    app.register_error_handler(Busy, _busy)
    app.register_error_handler(OSError, _os_error)
    app.register_error_handler(Exception, _bug)
    return app


def _finish_promotion(root: Path) -> None:
    from nqreport.config.settings import load_settings
    from nqreport.errors import NqError as SettingsError
    from nqreport.write.files import recover_outputs

    try:
        outputs = load_settings(root).outputs_path
    except SettingsError:
        return  # a broken nqreport.toml is told on the page that needs it
    if outputs.is_dir():
        recover_outputs(outputs)


def _style() -> Response:
    css = resources.files("nqreport.serve").joinpath("static", "style.css").read_bytes()
    return Response(css, mimetype="text/css", headers={"Cache-Control": "max-age=3600"})


# --------------------------------------------------------------------------- every request


def is_local_host(host: str) -> bool:
    """127.0.0.1, ::1, localhost (with or without a port)."""
    name = urlsplit(f"//{host}").hostname or ""
    if name in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _guard() -> None:
    found = services()
    g.session = request.cookies.get(SESSION_COOKIE) or ""
    g.new_session = not g.session
    if g.new_session:
        g.session = new_session()
    if not found.keys.required and not is_local_host(request.host):
        raise PageError(400, "Trang này chỉ mở được bằng địa chỉ của chính máy này: http://127.0.0.1:<cổng>/. Hãy "
                             "gõ đúng địa chỉ mà nqreport serve đã in ra", "Địa chỉ không đúng")
    if request.endpoint in OPEN_ENDPOINTS:
        g.access = None
        return
    holder = found.keys.access_of(request.cookies.get(KEY_COOKIE))
    if holder is None:
        raise PageError(403, "Trang này cần đường dẫn riêng: của người quản lý (in ra khi chạy nqreport serve) hoặc "
                             "của xã (cơ quan tổng hợp gửi cho từng xã). Hãy mở đúng đường dẫn đã được gửi; nếu vẫn "
                             "không được, đường dẫn có thể đã đổi: hãy xin đường dẫn mới", "Cần đường dẫn riêng")
    g.access = holder
    if request.method == "POST":
        _check_form(found.keys, holder)


def _check_form(keys: Keys, holder: Access) -> None:
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        raise PageError(403, "Biểu mẫu được gửi từ một trang khác, không phải trang này; không làm gì cả. Hãy mở trang "
                             "nqreport rồi gửi lại từ chính trang đó", "Không nhận biểu mẫu")
    if not keys.check_form_token(request.form.get(FORM_FIELD), request.cookies.get(SESSION_COOKIE), holder):
        raise PageError(403, "Biểu mẫu đã cũ (trang được mở trước khi chương trình khởi động lại) hoặc không phải "
                             "của trang này; không làm gì cả. Hãy tải lại trang rồi gửi lại", "Không nhận biểu mẫu")


def _headers(response: Response) -> Response:
    if getattr(g, "new_session", False):
        response.set_cookie(SESSION_COOKIE, g.session, httponly=True, samesite="Lax")
    headers = response.headers
    headers.setdefault("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "
                                                  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cache-Control", "no-store")
    return response


def form_token() -> str:
    holder = getattr(g, "access", None)
    if holder is None:
        return ""
    return services().keys.form_token(g.session, holder)


def _template_values() -> dict[str, Any]:
    found = services()
    return {"form_token": form_token, "form_field": FORM_FIELD, "access": getattr(g, "access", None),
            "keys_required": found.keys.required, "busy": found.gate.holder,
            "building": found.builder.state.active}


# --------------------------------------------------------------------------- failures as pages


_HTTP_MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Trình duyệt gửi một yêu cầu chương trình không hiểu (có thể tệp gửi lên bị ngắt "
                                  "giữa chừng). Hãy tải lại trang rồi làm lại"),
    404: ("Không có trang này", "Địa chỉ không đúng hoặc trang đã đổi. Hãy bấm vào các mục ở đầu trang"),
    405: ("Không làm được việc này ở đây", "Hãy quay lại trang trước và bấm đúng nút"),
    413: ("Tệp quá lớn", "Các tệp gửi một lần lớn hơn {mb} MB; một sổ chỉ tiêu chỉ vài chục KB. Hãy kiểm tra lại "
                         "đúng tệp chưa, hoặc gửi ít tệp hơn mỗi lần"),
}


def _page(status: int, title: str, message: str, problems: Any = ()) -> tuple[str, int]:
    return render_template("error.html", title=title, message=message, problems=list(problems)), status


def _page_error(exc: PageError) -> tuple[str, int]:
    return _page(exc.status, exc.title or "Không làm được", exc.message)


def _http_error(exc: HTTPException) -> tuple[str, int] | HTTPException:
    status = exc.code or 500
    title, message = _HTTP_MESSAGES.get(status, ("Không làm được", "Hãy quay lại trang trước rồi làm lại"))
    return _page(status, title, message.format(mb=megabytes(services().limits.request_bytes)))


def megabytes(size: int) -> str:
    """"20", "0,2": a size in MB as the page writes it."""
    return format_number(Decimal(size) / (1024 * 1024), 1).removesuffix(",0")


def _data_error(exc: NqError) -> tuple[str, int]:
    return _page(400, "Không làm được", exc.message, exc.problems)


def _busy(exc: Busy) -> tuple[str, int]:
    return _page(503, "Chương trình đang bận", f"Sổ chưa được nhận vì chương trình {exc.holder} đã lâu. Không có gì "
                                               "bị ghi; hãy gửi lại sau ít phút")


def _os_error(exc: OSError) -> tuple[str, int]:
    where = f"{Path(exc.filename).name}: " if exc.filename else ""
    return _page(500, "Không đọc hoặc ghi được tệp", f"{where}{os_reason(exc)}")


def _bug(exc: Exception) -> tuple[str, int]:
    logger.exception("Lỗi không mong đợi khi trả lời %s %s", request.method, request.path)
    return _page(500, "Lỗi của chương trình", f"Lỗi không mong đợi ({type(exc).__name__}). Đây là lỗi của chương "
                                              "trình, không phải của dữ liệu; chi tiết ở cửa sổ đang chạy nqreport "
                                              "serve: hãy gửi cho người phát triển")

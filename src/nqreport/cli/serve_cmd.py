"""``nqreport serve``: the workspace as a web page (:mod:`nqreport.serve`), registered on the group here so
that Flask and waitress are imported by this command only."""

from __future__ import annotations

from pathlib import Path

import click

from nqreport.cli.app import handle_errors, main, verbosity_options, workspace_option
from nqreport.cli.types import Integer

MAX_PORT = 65535


def _port(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    if value > MAX_PORT:
        raise click.BadParameter(f"{value} lớn hơn {MAX_PORT}; hãy chọn cổng từ 1024 đến {MAX_PORT}, ví dụ 8000")
    return value


@main.command()
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ĐỊA-CHỈ",
              help="Địa chỉ mở trang: 127.0.0.1 chỉ máy này mở được; 0.0.0.0 mọi máy trong mạng (khi đó cần đường "
                   "dẫn riêng: của người quản lý và của từng xã).")
@click.option("--port", type=Integer(minimum=1), default=8000, show_default=True, metavar="CỔNG", callback=_port,
              help="Cổng của trang (đổi khi cổng 8000 đang được chương trình khác dùng).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
@verbosity_options
@handle_errors
def serve(workspace: Path, host: str, port: int, no_browser: bool) -> None:
    """Mở trang web của thư mục làm việc (tiếng Việt, cho người không dùng dòng lệnh): tình hình nộp sổ, nộp
    sổ và xem lỗi ngay, lập báo cáo và tải về, sổ trống, đọc Nghị quyết, kiểm tra mẫu Word.

    Mặc định chỉ máy này mở được (127.0.0.1). Với --host 0.0.0.0 các máy trong mạng mở được, mỗi người bằng
    đường dẫn riêng: in ra đường dẫn của người quản lý; đường dẫn của từng xã ở trang của người quản lý.
    Dừng bằng Ctrl+C.
    """
    from nqreport.serve.server import open_browser, opening_lines, start

    running = start(workspace, host, port)
    for line in opening_lines(running, workspace):
        click.echo(line)
    if not no_browser:
        open_browser(running.local_entry)
    running.run()

"""Running the page: waitress on the chosen address, the links printed, the browser opened.

waitress is a pure-Python WSGI server (no compiler, the same on Windows and Linux) with a pool of threads:
a request that waits (an upload behind a build) holds one thread, the others go on. It reads a request's
whole body before the application sees it, so a slow connection holds no thread; its own limit on bodies is
above the application's, so that a file too big gets the application's page in Vietnamese.
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from waitress import wasyncore
from waitress.server import create_server

from nqreport.config.settings import load_settings
from nqreport.config.workspace import inputs_folder
from nqreport.errors import ConfigError, os_reason
from nqreport.serve.access import SECRET_FILE, Keys
from nqreport.serve.app import create_app, is_local_host
from nqreport.serve.web import Limits, Services

#: Threads answering requests (uploads waiting behind a build each hold one).
THREADS = 16


@dataclass
class Running:
    """A server listening, not yet serving (``run`` serves until Ctrl+C or ``close``)."""

    server: Any
    services: Services
    url: str
    #: The link that opens the page: the administrator's when keys are required.
    entry: str
    #: The same link for a browser on this computer.
    local_entry: str
    #: The sockets waitress serves (its own map, so that this object can empty it).
    sockets: dict[int, Any]
    _stop: threading.Event = field(default_factory=threading.Event)
    _closed: threading.Lock = field(default_factory=threading.Lock)
    _serving: bool = False

    def run(self) -> None:
        """Serve until :meth:`close` (from another thread) or Ctrl+C; then close everything from this thread,
        the one that polls the sockets."""
        self._serving = True
        adj = self.server.adj
        try:
            while not self._stop.is_set() and self.sockets:
                wasyncore.loop(timeout=adj.asyncore_loop_timeout, map=self.sockets, use_poll=adj.asyncore_use_poll,
                               count=1)
        finally:
            self._shutdown()

    def close(self) -> None:
        """Stop serving: the loop of :meth:`run` wakes and closes; a server never run is closed here."""
        self._stop.set()
        self.services.builder.stop()
        if self._serving:
            self.server.pull_trigger()
        else:
            self._shutdown()

    def _shutdown(self) -> None:
        if not self._closed.acquire(blocking=False):
            return
        self.services.builder.stop()
        # The threads answering requests first, then the sockets (the other way round, a thread still
        # answering writes to a closed socket).
        self.server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        wasyncore.close_all(self.sockets, ignore_all=True)


def start(root: Path, host: str = "127.0.0.1", port: int = 8000, *, require_keys: bool | None = None,
          limits: Limits | None = None) -> Running:
    """Listen on ``host``:``port`` for the workspace at ``root``. Keys are required unless ``host`` is this
    computer's own (``require_keys`` forces it either way: the tests use it on 127.0.0.1)."""
    inputs_folder(load_settings(root))  # a wrong -w (or a folder that is no workspace) is told now, not on a page
    # "Task queue depth is 3": uploads waiting their turn are the design, not something to warn the user of.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    required = not is_local_host(host) if require_keys is None else require_keys
    keys = Keys.for_workspace(root, required=required)
    limits = limits or Limits()
    app = create_app(root, keys=keys, limits=limits)
    try:
        sockets: dict[int, Any] = {}
        server = create_server(app, map=sockets, host=host, port=port, threads=THREADS, ident="nqreport",
                               max_request_body_size=4 * limits.request_bytes, clear_untrusted_proxy_headers=True)
    except OSError as exc:
        raise ConfigError(_bind_message(exc, host, port)) from exc
    except ValueError as exc:  # an address waitress cannot resolve
        raise ConfigError(f"--host {host}: không phải địa chỉ của máy này; hãy dùng 127.0.0.1 (chỉ máy này) "
                          "hoặc 0.0.0.0 (mọi máy trong mạng)") from exc
    services: Services = app.extensions["nqreport"]
    actual = server.effective_port
    shown = _shown_host(host)
    url = f"http://{shown}:{actual}/"
    path = f"/vao/{keys.admin_key()}" if required else "/"
    local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else shown
    return Running(server, services, url, f"http://{shown}:{actual}{path}", f"http://{local}:{actual}{path}",
                   sockets)


def _shown_host(host: str) -> str:
    """The address a browser uses: this computer's name for "every address"."""
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def _bind_message(exc: OSError, host: str, port: int) -> str:
    if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
        return (f"cổng {port} đang được chương trình khác dùng (có thể là một nqreport serve khác đang chạy); hãy "
                f"đóng chương trình đó, hoặc chọn cổng khác: nqreport serve --port {port + 1}")
    if exc.errno in (errno.EACCES, getattr(errno, "WSAEACCES", -1)):
        return f"không được mở cổng {port} (cổng dưới 1024 cần quyền quản trị); hãy chọn cổng khác, ví dụ --port 8000"
    return (f"không mở được trang trên {host}:{port} ({os_reason(exc)}); hãy kiểm tra địa chỉ sau --host, "
            "hoặc bỏ --host để chỉ mở trên máy này")


def opening_lines(running: Running, root: Path) -> list[str]:
    """What ``nqreport serve`` prints when it starts."""
    keys = running.services.keys
    lines = [f"Trang web nqreport đang chạy cho thư mục làm việc {root.resolve()}."]
    if keys.required:
        lines += [f"Đường dẫn của người quản lý (mở mọi trang; không gửi cho ai khác): {running.entry}",
                  "Đường dẫn nộp sổ của từng xã: trên trang của người quản lý, mục \"Đường dẫn cho các xã\".",
                  f"Muốn đổi mọi đường dẫn: dừng chương trình, xóa tệp {SECRET_FILE} trong thư mục làm việc rồi "
                  "chạy lại."]
    else:
        lines.append(f"Mở trình duyệt tại: {running.url} (chỉ máy này mở được).")
    lines.append("Để dừng: nhấn Ctrl+C trong cửa sổ này (hoặc đóng cửa sổ).")
    return lines


def open_browser(url: str, delay: float = 0.5) -> None:
    """Open the page once the server listens; a computer without a browser just does not open it."""
    timer = threading.Timer(delay, _open, args=(url, webbrowser.open))
    timer.daemon = True
    timer.start()


def _open(url: str, opener: Callable[[str], bool]) -> None:
    try:
        opener(url)
    except Exception:  # no browser: the line printed says where to go
        return

"""The build's own process: :func:`nqreport.build.build` on the workspace, its progress sent back on a pipe.

A child process rather than a thread of the server: the build starts worker processes of its own, and
starting them from a process whose other threads are serving requests is how a fork inherits a lock
held by another thread; a crash of the build also stays out of the server. The child is started with
"spawn" on every system (as Windows must), so it imports only this module and the library, never Flask.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path

#: Messages on the pipe, as tuples starting with one of these.
PROGRESS = "progress"
LOG = "log"
DONE = "done"
FAILED = "failed"


def run_build(root: str, options: object, conn: Connection) -> None:
    """Build the workspace at ``root`` with ``options`` (a :class:`nqreport.build.BuildOptions`)."""
    from nqreport.build import BuildOptions, build
    from nqreport.config.settings import load_settings
    from nqreport.errors import NqError, os_reason

    try:
        assert isinstance(options, BuildOptions)
        result = build(load_settings(Path(root)), options,
                       log=lambda line: conn.send((LOG, line)),
                       progress=lambda done, total: conn.send((PROGRESS, done, total)))
        conn.send((DONE, result))
    except NqError as exc:
        conn.send((FAILED, exc.message, list(exc.problems)))
    except KeyboardInterrupt:
        conn.send((FAILED, "Đã dừng theo yêu cầu (Ctrl+C); báo cáo chưa được lập, thư mục kết quả giữ như cũ.", []))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        conn.send((FAILED, f"{where}{os_reason(exc)}", []))
    except Exception as exc:  # a bug: one line for the page, the details for whoever reports it
        conn.send((FAILED, f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Đây là lỗi của chương trình, không "
                           "phải của dữ liệu; hãy chạy nqreport --debug build trong thư mục làm việc rồi gửi toàn bộ "
                           "thông báo cho người phát triển", []))
    finally:
        conn.close()

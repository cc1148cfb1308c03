"""Reading the workspace's TOML files (nqreport.toml, a local catalog) with Vietnamese error messages.

tomllib reports a syntax error only as English text with its line and column; the meaning and the place
are taken from that text (Python 3.11 has no structured attributes) and said for someone editing the file
in Notepad.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from nqreport.errors import ConfigError, os_reason


def read_toml(path: Path, name: str, missing: str) -> dict[str, Any]:
    """The file parsed; ``missing`` is the message for a file that is not there."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{name}: {missing}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{name}: tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: {toml_error_message(exc, name)}") from exc
    except OSError as exc:
        raise ConfigError(f"{name}: không đọc được tệp ({os_reason(exc)})") from exc


#: tomllib's messages (English) → what they mean for someone editing the file in Notepad.
_TOML_MESSAGES = (
    ("Unterminated string", "chuỗi chưa có dấu ngoặc kép đóng"),
    ("Illegal character '\\n'", "chuỗi chưa có dấu ngoặc kép đóng trước khi hết dòng"),
    ("Illegal character", "có ký tự không được phép"),
    ("Invalid value", 'giá trị không hợp lệ (chữ phải đặt trong dấu ngoặc kép, ví dụ period = "6 tháng"; '
                      "số thập phân viết bằng dấu chấm, ví dụ 2.5)"),
    ("Expected '=' after a key", 'thiếu dấu "=" giữa tên khóa và giá trị'),
    ("Cannot overwrite a value", "khóa này đã có ở trên; mỗi khóa chỉ ghi một lần"),
    ("Cannot declare", "mục này đã có ở trên; mỗi mục chỉ ghi một lần"),
    ("Expected newline or end of document", "sau giá trị còn chữ thừa; mỗi khóa một dòng"),
    ("Expected ']'", 'tên mục thiếu dấu "]" ở cuối, ví dụ [evaluation]'),
    ("Unclosed array", 'danh sách thiếu dấu "]" ở cuối'),
    ("Invalid initial character for a key part", "tên khóa bắt đầu bằng ký tự không hợp lệ"),
    ("Invalid statement", "dòng không đúng dạng khóa = giá trị"),
)
_TOML_WHERE = re.compile(r"\(at (?:line (\d+), column (\d+)|end of document)\)$")


def toml_error_message(exc: tomllib.TOMLDecodeError, name: str = "nqreport.toml") -> str:
    """A TOML syntax error in Vietnamese, with its line and column (tomllib gives them only in English)."""
    text = str(exc)
    match = _TOML_WHERE.search(text)
    where = ""
    if match is not None:
        where = f" ở dòng {match.group(1)}, cột {match.group(2)}" if match.group(1) else " ở cuối tệp"
    meaning = next((vi for en, vi in _TOML_MESSAGES if text.startswith(en)), "không đúng cú pháp")
    again = ", hoặc chép lại nqreport.toml từ nqreport init" if name == "nqreport.toml" else ""
    return (f"sai cú pháp TOML{where}: {meaning}. Hãy sửa chỗ đó (mỗi dòng dạng khóa = giá trị; chữ đặt trong "
            f'dấu ngoặc kép, ví dụ period = "6 tháng"){again}')

"""Workspaces, clients and workbooks for the tests of ``nqreport serve``."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from nqreport.scaffold.init import init_workspace
from nqreport.serve.access import Keys
from nqreport.serve.app import create_app
from nqreport.serve.web import FORM_FIELD, Limits

#: The communes the test workspace expects: the two examples and two that never send anything.
COMMUNES = ("06004", "06475", "06019", "06037")
QK, BM = "06004", "06475"
QK_FILE, BM_FILE = "06004-quoc-khanh.xlsx", "06475-bang-mac.xlsx"
_TOKEN = re.compile(rf'name="{FORM_FIELD}" value="([^"]+)"')


def make_workspace(root: Path, *, with_inputs: bool = True) -> Path:
    """The example workspace (two communes' workbooks, the default templates) expecting four communes;
    with ``with_inputs`` False its inputs/ is empty and the examples are kept in ``root/../examples``."""
    init_workspace(root, example=True)
    settings = root / "nqreport.toml"
    text = settings.read_text(encoding="utf-8").replace('# communes = "danh-sach-xa.csv"',
                                                        'communes = "danh-sach-xa.csv"')
    settings.write_text(text, encoding="utf-8")
    (root / "danh-sach-xa.csv").write_text("Mã xã,Tên xã\n06004,Quốc Khánh\n06475,Bằng Mạc\n06019,Tân Tiến\n"
                                           "06037,Kháng Chiến\n", encoding="utf-8")
    if not with_inputs:
        examples = root.parent / "examples"
        examples.mkdir(exist_ok=True)
        for path in (root / "inputs").iterdir():
            shutil.move(str(path), examples / path.name)
    return root


def example_bytes(name: str) -> bytes:
    workspace = Path(__file__).resolve().parent.parent / "inputs"
    return (workspace / name).read_bytes()


def broken_workbook(source: bytes = b"", *, cell: str = "N7", value: str = "khoảng hai trăm") -> bytes:
    """Quốc Khánh's example workbook with text where a figure goes (the estimate of Trồng rừng, by default)."""
    book = openpyxl.load_workbook(io.BytesIO(source or example_bytes(QK_FILE)))
    book["Chỉ tiêu"][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def app_for(root: Path, *, required: bool = False, limits: Limits | None = None) -> tuple[Flask, Keys]:
    keys = Keys.for_workspace(root, required=required)
    app = create_app(root, keys=keys, limits=limits)
    app.testing = False  # errors become pages, as for users
    return app, keys


def token(client: FlaskClient, page: str = "/") -> str:
    """The form token a page of this client's session carries."""
    found = _TOKEN.search(client.get(page).get_data(as_text=True))
    assert found is not None, f"no form on {page}"
    return found.group(1)


def upload(client: FlaskClient, files: list[tuple[str, bytes]], *, form_token: str | None = None,
           field: str = "so", url: str = "/nop", **headers: Any) -> Any:
    data: dict[str, Any] = {field: [(io.BytesIO(content), name) for name, content in files]}
    if form_token is not None:
        data[FORM_FIELD] = form_token
    return client.post(url, data=data, content_type="multipart/form-data", headers=headers)


def text_of(response: Any) -> str:
    """A page's text without its tags, spaces collapsed (what a reader sees)."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    import html as html_module

    return re.sub(r"\s+", " ", html_module.unescape(text)).strip()


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Path]:
    """The example workspace for one test."""
    yield make_workspace(tmp_path / "ws")

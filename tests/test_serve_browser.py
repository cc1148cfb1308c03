"""``nqreport serve`` in a real browser: Chromium (Debian's chromium and chromium-driver) driven by Selenium
through what the guide (docs/trang-web.md) tells an official to do, with screenshots.

    upload the two example workbooks → the board → a broken workbook shows its cell and fix → the fixed one
    → build (the page refreshes itself) → download the report and read its text

and a commune's link beyond 127.0.0.1: it hands in its own workbook, not another's.

Skipped without Chromium and chromedriver unless NQREPORT_REQUIRE_BROWSER=1 (CI), where their absence fails.
The screenshots are written to the test's folder; with NQREPORT_SCREENSHOTS=docs/anh they are written
there (the guide's pictures: ``NQREPORT_SCREENSHOTS=docs/anh pytest tests/test_serve_browser.py``).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from docx_helpers import Docx
from nqreport.serve.server import Running, start
from serve_helpers import BM_FILE, QK, QK_FILE, broken_workbook, example_bytes, make_workspace

REQUIRED = os.environ.get("NQREPORT_REQUIRE_BROWSER") == "1"
CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))),
                None)
DRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    HAVE_SELENIUM = True
except ImportError:  # pragma: no cover - selenium is in the test extra
    HAVE_SELENIUM = False

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM and DRIVER and HAVE_SELENIUM) and not REQUIRED,
                       reason="Chromium, chromedriver or selenium not installed"),
]

LAPTOP = (1280, 900)
PHONE = (390, 844)


def _require() -> None:
    if not (CHROMIUM and DRIVER and HAVE_SELENIUM):
        pytest.fail("NQREPORT_REQUIRE_BROWSER=1 but Chromium, chromedriver or selenium is missing "
                    f"(chromium: {CHROMIUM}, chromedriver: {DRIVER}, selenium: {HAVE_SELENIUM})")


class Browser:
    """A headless Chromium in Vietnamese, saving downloads into ``downloads`` and pictures into ``shots``."""

    def __init__(self, downloads: Path, shots: Path) -> None:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=vi",
                         "--hide-scrollbars", "--force-device-scale-factor=1", f"--window-size={LAPTOP[0]},{LAPTOP[1]}"):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False,
                                                  "intl.accept_languages": "vi-VN,vi"})
        # Chromium on Linux takes its own words (the file box's "Chọn tệp") from LANGUAGE, not from --lang.
        service = Service(str(DRIVER), env={**os.environ, "LANGUAGE": "vi", "LC_ALL": "C.UTF-8"})
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        self.downloads = downloads
        self.shots = shots
        self.base = ""

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def text(self) -> str:
        """The page's text as a reader sees it (read again when the page reloaded meanwhile)."""
        for _ in range(20):
            try:
                return " ".join(self.driver.find_element(By.TAG_NAME, "body").text.split())
            except WebDriverException:  # the page being replaced: stale element, or a node Chromium just dropped
                time.sleep(0.1)
        return ""

    def hand_in(self, *files: Path, field: str = "so") -> None:
        """Choose the files in the page's file box and send the form it belongs to."""
        box = self.driver.find_element(By.CSS_SELECTOR, f"input[type=file][name={field}]")
        box.send_keys("\n".join(str(f) for f in files))
        box.find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait_for(lambda: "Kết quả nộp sổ" in self.text() or "Không làm được" in self.text())

    def press(self, text: str) -> None:
        """Press the button that says ``text``."""
        self.driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']").click()

    def follow(self, text: str) -> None:
        """Follow the link that says ``text``, in the page (not in the menu)."""
        self.driver.find_element(By.XPATH, f"//main//a[normalize-space()='{text}']").click()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 120) -> None:
        try:
            WebDriverWait(self.driver, timeout, poll_frequency=0.2).until(lambda _driver: condition())
        except TimeoutException:
            pytest.fail(f"waited {timeout} s; the page says: {self.text()[:2000]}")

    def shot(self, name: str, size: tuple[int, int] = LAPTOP, *, whole: bool = False, scroll_to: str = "") -> Path:
        """A picture of the page as a reader sees it: the window (or the whole page, up to 2,400 pixels)."""
        self.driver.set_window_size(*size)
        if whole:
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(size[0], min(max(height, size[1]), 2400))
        if scroll_to:
            element = self.driver.find_element(By.XPATH, f"//*[contains(normalize-space(), '{scroll_to}')][last()]")
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -12);",
                                       element)
        path = self.shots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(*LAPTOP)
        self.driver.execute_script("window.scrollTo(0, 0)")
        return path

    def downloaded(self, name: str, timeout: float = 60) -> bytes:
        path = self.downloads / name
        self.wait_for(lambda: path.is_file() and not (self.downloads / f"{name}.crdownload").exists(), timeout)
        return path.read_bytes()

    def quit(self) -> None:
        self.driver.quit()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    if REQUIRED:
        _require()
    shots = Path(os.environ.get("NQREPORT_SCREENSHOTS") or tmp_path / "anh")
    shots.mkdir(parents=True, exist_ok=True)
    downloads = tmp_path / "tai-ve"
    downloads.mkdir()
    found = Browser(downloads, shots)
    try:
        yield found
    finally:
        found.quit()


def _serve(root: Path, **options: Any) -> tuple[Running, threading.Thread]:
    running = start(root, "127.0.0.1", 0, **options)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    return running, thread


def _non_blank(path: Path) -> None:
    """A picture with something on it (a blank PNG of this size is a few kilobytes)."""
    assert path.stat().st_size > 15_000, path


def test_an_official_hands_in_fixes_builds_and_downloads(browser: Browser, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", with_inputs=False)
    examples = tmp_path / "examples"
    running, thread = _serve(root)
    browser.base = running.url.rstrip("/")
    try:
        browser.open("/")
        assert "0/4 xã đã nộp" in browser.text() and "Chưa lập báo cáo lần nào" in browser.text()
        _non_blank(browser.shot("1-trang-dau"))

        browser.hand_in(examples / QK_FILE, examples / BM_FILE)
        page = browser.text()
        assert f"{QK_FILE}: Đã nhận" in page and f"{BM_FILE}: Đã nhận" in page
        assert page.count("Sổ không có lỗi, có 1 cảnh báo") == 2
        _non_blank(browser.shot("2-da-nop"))

        browser.open("/")
        page = browser.text()
        assert "2/4 xã đã nộp" in page and "Chưa nộp" in page and "Vượt: 18" in page
        _non_blank(browser.shot("3-tinh-hinh-nop-so", whole=True))

        broken = tmp_path / "Sổ Quốc Khánh (sửa).xlsx"
        broken.write_bytes(broken_workbook())
        browser.hand_in(broken)
        page = browser.text()
        assert "Sổ Quốc Khánh (sửa).xlsx: Đã nhận, thay sổ nộp trước" in page
        assert 'Lỗi Chỉ tiêu N7 Trồng rừng "khoảng hai trăm" không phải con số; hãy gõ số theo kiểu Việt Nam' in page
        _non_blank(browser.shot("4-so-co-loi"))
        _non_blank(browser.shot("4-so-co-loi-dien-thoai", PHONE, scroll_to="Sổ có 1 lỗi"))
        browser.open("/")
        assert "06004 xã Quốc Khánh Đã nộp, có lỗi" in browser.text()

        fixed = tmp_path / "Sổ Quốc Khánh.xlsx"
        fixed.write_bytes(example_bytes(QK_FILE))
        browser.open(f"/xa/{QK}")
        browser.hand_in(fixed)
        assert "Sổ Quốc Khánh.xlsx: Đã nhận, thay sổ nộp trước" in browser.text()
        browser.open(f"/xa/{QK}")
        assert "Không có lỗi" in browser.text() or "1 cảnh báo" in browser.text()
        _non_blank(browser.shot("5-trang-cua-xa"))

        browser.open("/lap")
        browser.press("Lập báo cáo")
        browser.wait_for(lambda: "Đã lập xong" in browser.text())
        page = browser.text()
        assert "Đã lập báo cáo cho 2 xã, báo cáo tổng hợp và bảng tổng hợp" in page and "Tải tất cả (.zip)" in page
        _non_blank(browser.shot("6-lap-bao-cao", whole=True))

        browser.follow("outputs/06004-quoc-khanh/bao-cao.docx")
        report = Docx(browser.downloaded("bao-cao.docx")).text()
        assert "QUỐC KHÁNH" in report.upper() and "Trồng rừng" in report and "Nơi nhận" in report
        browser.follow("Tải tất cả (.zip)")
        assert browser.downloaded("bao-cao.zip")[:2] == b"PK"
    finally:
        running.close()
        thread.join(10)


def test_a_communes_link_hands_in_its_own_workbook_only(browser: Browser, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", with_inputs=False)
    examples = tmp_path / "examples"
    running, thread = _serve(root, require_keys=True)
    browser.base = running.url.rstrip("/")
    keys = running.services.keys
    try:
        browser.open("/")
        assert "Trang này cần đường dẫn riêng" in browser.text()
        browser.open(f"/vao/{keys.commune_key(QK)}")
        assert browser.driver.current_url.endswith(f"/xa/{QK}") and "xã Quốc Khánh" in browser.text()
        browser.hand_in(examples / BM_FILE)
        assert "đường dẫn này chỉ nhận sổ của xã Quốc Khánh (mã 06004)" in browser.text()
        assert not (root / "inputs" / BM_FILE).exists()
        browser.open(f"/xa/{QK}")
        browser.hand_in(examples / QK_FILE)
        assert f"{QK_FILE}: Đã nhận" in browser.text()
        browser.open(f"/xa/{QK}")
        _non_blank(browser.shot("7-duong-dan-cua-xa-dien-thoai", PHONE))
        browser.open("/xa/06475")
        assert "không xem được xã mã 06475" in browser.text()

        browser.open(f"/vao/{keys.admin_key()}")
        browser.open("/duong-dan")
        assert "Đường dẫn nộp sổ cho từng xã" in browser.text()
        _non_blank(browser.shot("8-duong-dan-cac-xa"))
    finally:
        running.close()
        thread.join(10)


def test_the_progress_page_refreshes_itself_without_script(browser: Browser, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    running, thread = _serve(root)
    browser.base = running.url.rstrip("/")
    gate = running.services.gate
    try:
        browser.open("/lap")
        gate.enter_build()  # the build the page starts waits behind this one
        try:
            browser.press("Lập báo cáo")
            browser.wait_for(lambda: "Đang chờ nhận xong các sổ" in browser.text(), 30)
            assert browser.driver.find_element(By.CSS_SELECTOR, "meta[http-equiv=refresh]")
            time.sleep(0.5)
        finally:
            gate.leave_build()
        browser.wait_for(lambda: "Đã lập xong" in browser.text())  # reached by the page's own refresh
    finally:
        running.close()
        thread.join(10)

"""Who is asking, and the secret that tells them apart.

On 127.0.0.1 (the default) only the person at the laptop can reach the page: everyone is the
administrator, and the secret only signs the forms (it lives in memory, a new one at each start).

On any other address the page is reachable by the office's network, and every request must carry a key:

- the administrator's link ``/vao/<admin key>`` (printed when the server starts) opens everything;
- each commune's link ``/vao/<code>-<key>`` (listed on the administrator's page) opens that commune's page
  only: hand in its own workbook, see its own problems and reports.

Keys are HMAC-SHA256 of the workspace's secret (``.nqreport-serve-secret``, made on first start with the
permissions of its owner only, never printed except inside the links), so that they survive a restart and
need no table; deleting the file revokes every link at once. Opening a link sets the key as a cookie
(HttpOnly, SameSite=Lax) and the pages carry no key in their addresses.

Every form carries a token bound to the browser's session cookie and to the key
(:meth:`Keys.form_token`): a page of another site cannot post a form here, on 127.0.0.1 either.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from nqreport.errors import ConfigError, os_reason

SECRET_FILE = ".nqreport-serve-secret"
#: Bytes of the secret, and of each key (128 bits: not guessable, short enough for a Zalo message).
_SECRET_BYTES = 32
_KEY_BYTES = 16
_CODE_KEY = re.compile(r"^(\d{5})-([A-Za-z0-9_-]{22})$")


@dataclass(frozen=True)
class Access:
    """The administrator (``commune`` None) or one commune, by its code."""

    commune: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.commune is None

    @property
    def key(self) -> str:
        """Names the holder in quotas and form tokens."""
        return "admin" if self.commune is None else f"xa:{self.commune}"

    def may_see(self, code: str | None) -> bool:
        """Whether this holder may see the commune ``code`` (its workbook, problems and reports)."""
        return self.commune is None or (code is not None and code == self.commune)


ADMIN = Access()


class Keys:
    """The keys of the links and the tokens of the forms, all derived from one secret."""

    def __init__(self, secret: bytes, *, required: bool) -> None:
        self._secret = secret
        #: Whether a request needs a key (the server listens beyond 127.0.0.1).
        self.required = required

    @classmethod
    def for_workspace(cls, root: Path, *, required: bool) -> Keys:
        """Keys kept in the workspace when links are needed (they must outlive a restart), else in memory."""
        if not required:
            return cls(secrets.token_bytes(_SECRET_BYTES), required=False)
        return cls(load_secret(root / SECRET_FILE), required=True)

    def _mac(self, purpose: str, size: int = _KEY_BYTES) -> str:
        digest = hmac.new(self._secret, purpose.encode("utf-8"), hashlib.sha256).digest()[:size]
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def admin_key(self) -> str:
        return self._mac("nqreport-serve admin", 24)

    def commune_key(self, code: str) -> str:
        return f"{code}-{self._mac(f'nqreport-serve xa {code}')}"

    def access_of(self, key: str | None) -> Access | None:
        """Whose key this is; None for no key or a wrong one (compared in constant time)."""
        if not self.required:
            return ADMIN
        if not key:
            return None
        if hmac.compare_digest(key, self.admin_key()):
            return ADMIN
        found = _CODE_KEY.match(key)
        if found and hmac.compare_digest(key, self.commune_key(found.group(1))):
            return Access(found.group(1))
        return None

    def form_token(self, session: str, access: Access) -> str:
        """The token every form of this session and holder carries."""
        return self._mac(f"nqreport-serve form {session} {access.key}")

    def check_form_token(self, token: str | None, session: str | None, access: Access) -> bool:
        if not token or not session:
            return False
        return hmac.compare_digest(token, self.form_token(session, access))


def new_session() -> str:
    return secrets.token_urlsafe(24)


def load_secret(path: Path, *, attempts: int = 3) -> bytes:
    """The workspace's secret, made on first use, readable by its owner only."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "tệp hỏng"
        raise ConfigError(f"{path}: không đọc được khóa bí mật của trang web ({reason}); hãy xóa tệp này rồi chạy "
                          "lại (mọi đường dẫn đã gửi cho các xã sẽ đổi)") from exc
    if text or attempts <= 0:
        try:
            secret = bytes.fromhex(text)
        except ValueError:
            secret = b""
        if len(secret) >= _SECRET_BYTES:
            return secret
        raise ConfigError(f"{path}: khóa bí mật của trang web không đúng dạng; hãy xóa tệp này rồi chạy lại (mọi "
                          "đường dẫn đã gửi cho các xã sẽ đổi)")
    secret = secrets.token_bytes(_SECRET_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another server made it a moment ago: use that one
        return load_secret(path, attempts=attempts - 1)
    except OSError as exc:
        raise ConfigError(f"{path}: không tạo được khóa bí mật của trang web: {os_reason(exc)}") from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret.hex() + "\n")
    return secret

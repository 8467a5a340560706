"""From a file on disk to a string, and from metadata strings to values.

Every check here runs before the next step may be misled: the size limit before
anything is read, the binary sniff before decoding, strict decodings before a
guess. Failures raise :class:`~timeline.errors.InputError` naming the file.
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from timeline.errors import InputError

#: Where a Draft's date came from, as recorded in ``Article.published_from``.
FROM_JSON, FROM_HTML, FROM_TEXT = "json", "html", "text"

#: Encodings worth a guess when a file is neither UTF-8 nor marked UTF-16.
GUESS_ENCODINGS = ("cp1256", "iso8859_6", "utf_16", "cp1252", "latin_1")
YEAR_MIN, YEAR_MAX = 1900, 2100

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"PK\x03\x04", "ZIP, .docx or .xlsx"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "a program"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR"),
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Control characters (other than tab, newlines, form feed), C1 controls, surrogates
# and private-use characters: rare in text, common in binary read as text.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})([T ].*)?", re.DOTALL)
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_MB = 1024 * 1024


@dataclass(frozen=True)
class Draft:
    """What one format reader found in one article, before the policy of ``read_paths``.

    ``published`` and ``lang`` are kept as written: the caller decides whether the
    command line overrides them, validates the date and detects the language.
    """

    text: str
    title: str = ""
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_from: str | None = None
    lang: str | None = None
    id: str | None = None
    line: int | None = None


def human_size(n: int) -> str:
    """``n`` bytes as a short size: ``"200 MB"``, ``"4.5 MB"``, ``"12 kB"``, ``"80 bytes"``."""
    if n >= _MB:
        value = n / _MB
        return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} bytes"


def too_large(size: int, limit: int, what: str = "file", env: str = "TIMELINE_MAX_BYTES") -> str:
    """The message for a file (or line) above its size limit, naming the setting to raise."""
    return (f"{what} is {human_size(size)}, larger than the limit of {human_size(limit)} "
            f"(set {env} to raise it)")


def os_error_message(exc: OSError) -> str:
    """A short, one-line description of why a file could not be opened or read."""
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    if exc.errno == errno.EISDIR:
        return "is a directory, expected a file"
    return f"cannot read file: {exc.strerror or exc}"


def regular_file_size(path: str | os.PathLike[str]) -> int:
    """The size of ``path`` from ``os.stat``, refusing anything but a regular file.

    Pipes, devices and sockets are refused before they are opened (reading a pipe
    would block), and a dangling symbolic link is named as such.
    """
    where = str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise InputError("broken symbolic link (its target does not exist)", where) from None
        raise InputError(os_error_message(exc), where) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, expected a file", where)
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file (a pipe, socket or device?)", where)
    return st.st_size


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of ``path``, refused (unread) when larger than ``limit`` bytes.

    The size is taken with ``os.stat`` first, and at most ``limit + 1`` bytes are ever
    read, so a huge file or one growing while read costs no memory.
    """
    where = str(path)
    size = regular_file_size(path)
    if size > limit:
        raise InputError(too_large(size, limit), where)
    try:
        with open(path, "rb") as f:  # in pieces: the limit may be far above any memory
            pieces: list[bytes] = []
            total = 0
            while total <= limit:
                piece = f.read(min(1 << 22, limit + 1 - total))
                if not piece:
                    break
                pieces.append(piece)
                total += len(piece)
            data = b"".join(pieces)
    except OSError as exc:
        raise InputError(os_error_message(exc), where) from None
    if len(data) > limit:
        raise InputError(too_large(len(data), limit), where)
    return data


def sniff_binary(data: bytes) -> str | None:
    """The kind of a well-known binary format that ``data`` starts with, else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in ``<meta charset>`` (first 4 kB), if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # A page read as bytes cannot be UTF-16/32 if its <meta> is readable as ASCII (HTML5 rule).
    return None if name.startswith(("utf-16", "utf-32")) else name


def _bad_share(text: str) -> float:
    return sum(1 for _ in _BAD_CHARS.finditer(text)) / max(len(text), 1)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: NULs fall on one parity (the ASCII characters)."""
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    encoding = "utf-16-le" if odd > 9 * even else "utf-16-be" if even > 9 * odd else None
    text = _try(data, encoding) if encoding else None
    return text if text is not None and _bad_share(text) <= 0.01 else None


def _guess(data: bytes) -> str | None:
    """Decode with the charset-normalizer's best plausible guess among ``GUESS_ENCODINGS``."""
    import charset_normalizer  # imported here: only needed for legacy encodings

    best = charset_normalizer.from_bytes(data, cp_isolation=list(GUESS_ENCODINGS)).best()
    if best is None:
        return None
    text = _try(data, best.encoding)
    if text is None or _bad_share(text) > 0.01:
        return None
    return text


def decode_bytes(data: bytes, where: str | None, *, line: int | None = None,
                 declared: str | None = None) -> str:
    """Decode ``data`` to a string, or raise InputError saying why it is not a text article.

    Order: empty check, binary magic numbers, byte order marks (UTF-8, UTF-16),
    NUL bytes (UTF-16 without a mark, else binary), strict UTF-8, the ``declared``
    encoding (HTML ``<meta charset>``), then a charset-normalizer guess restricted
    to ``GUESS_ENCODINGS`` (Windows-1256 and ISO-8859-6 Arabic, Latin). A leading
    BOM is dropped; nothing else is changed (see :func:`clean_text`).
    """
    if not data.strip():
        raise InputError("empty file", where, line)
    kind = sniff_binary(data)
    if kind:
        raise InputError(f"binary file (looks like {kind}), not a text article", where, line)
    text: str | None
    if data.startswith(codecs.BOM_UTF8):
        text = _try(data[3:], "utf-8")
    elif data.startswith(_UTF16_BOMS):
        text = _try(data, "utf-16")
    elif b"\x00" in data:
        text = _bomless_utf16(data)
        if text is None:
            raise InputError("binary file (contains NUL bytes), not a text article", where, line)
    else:
        text = _try(data, "utf-8")
        if text is None and declared:
            text = _try(data, declared)
        if text is None:
            text = _guess(data)
    if text is None:
        raise InputError(
            "cannot decode text (not UTF-8, UTF-16 or a known Arabic/Latin encoding)", where, line)
    text = text.lstrip("\ufeff")
    if _bad_share(text) > 0.05:
        raise InputError("binary file (control characters), not a text article", where, line)
    if not text.strip():
        raise InputError("empty file", where, line)
    return text


def clean_text(text: str) -> str:
    """Newlines as ``\\n``, Unicode NFC, no leading BOM: the only changes made to article text.

    Lone surrogates (possible from JSON ``\\ud800`` escapes, never encodable) become
    U+FFFD, one character for one, so that the text can be stored and written.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text).lstrip("\ufeff")


def parse_published(value: str, where: str | os.PathLike[str] | None = None,
                    line: int | None = None) -> date:
    """A publication date from ``YYYY-MM-DD`` or an ISO datetime (date part as written).

    Strict on purpose: impossible days (``2021-02-31``), years outside 1900-2100 and
    anything else raise ``InputError("not a valid publication date: '...'")`` naming
    ``where`` (None for the command line). A timezone is accepted but not applied.
    """
    value = value if isinstance(value, str) else str(value)
    shown = value if len(value) <= 60 else value[:57] + "..."
    error = InputError(f"not a valid publication date: {shown!r}",
                       None if where is None else str(where), line)
    text = value.strip()
    match = _ISO_DATE.fullmatch(text)
    if not match:
        raise error
    year, month, day = (int(g) for g in match.group(1, 2, 3))
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise error
    try:
        result = date(year, month, day)
        if match.group(4):
            datetime.fromisoformat(text)  # validates the time and zone part
    except ValueError:
        raise error from None
    return result

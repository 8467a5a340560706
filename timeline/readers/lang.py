"""Which language an article is in: Arabic or English, told apart by script."""
from __future__ import annotations

import re

LANGS = ("ar", "en")

#: Share of Arabic letters among all letters above which a text counts as Arabic.
ARABIC_SHARE = 0.3
#: Only the head of a long text is looked at: enough to tell two scripts apart.
SAMPLE_CHARS = 100_000

# Everything but letters (a letter is a word character that is neither a digit nor "_").
_NOT_LETTER = re.compile(r"[\W\d_]+")
# Everything outside the Arabic blocks (base, supplement, extended-A, presentation forms).
_NOT_ARABIC = re.compile(r"[^\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+")


def detect_lang(text: str) -> str:
    """Return ``"ar"`` when Arabic letters are more than 30% of the letters, else ``"en"``.

    Looks at the script only (the tool reads Arabic and English), so it needs no model
    and never fails: a text without letters is ``"en"``. Only the first
    ``SAMPLE_CHARS`` characters are counted.
    """
    letters = _NOT_LETTER.sub("", text[:SAMPLE_CHARS] if isinstance(text, str) else "")
    if not letters:
        return "en"
    arabic = _NOT_ARABIC.sub("", letters)
    return "ar" if len(arabic) / len(letters) > ARABIC_SHARE else "en"


def known_lang(value: object) -> str | None:
    """``"ar"`` or ``"en"`` when ``value`` names one of them (``"AR"``, ``"en-GB"``), else None.

    Used for the language a file states about itself (JSON ``lang``, a ``Lang:``
    header); anything else falls back to :func:`detect_lang`.
    """
    if not isinstance(value, str):
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if code in LANGS else None

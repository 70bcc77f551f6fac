"""Messages in the planner's language: Chinese when the locale is Chinese or ``GRIDGOV_LANG=zh``,
English otherwise (issue 16 §3). ``gg.set_language("zh")`` switches at run time.

Two catalogues, one setting (docs/messages.md):

* the C++ core's (``gridgov/core/messages.hpp``): message ids with English and Chinese texts,
  used where errors arise in C++ (places and categories by name, a table's problems …);
* this module's, for what Python writes (the command line's help, progress and error lines,
  warnings): the English text is the id, as with gettext, so the code reads in English and an
  untranslated text simply stays English. ``tr("wrote {path}", path=p)`` gives the text in the
  current language with ``{name}`` (or ``{name:,}``) filled in.

A message is written in the language current when it arises; both catalogues are tested for
a Chinese text with the same placeholders for every entry.
"""

from __future__ import annotations

import locale
import os
import re
from typing import Any, Dict, Optional

from ._core_ref import core as _core
from ._messages_zh import ZH

__all__ = ["language", "set_language", "tr", "catalogue", "core_text"]

_PLACEHOLDER = re.compile(r"\{(\w+)(:[^{}]*)?\}")


def _from_environment() -> str:
    """GRIDGOV_LANG, else the locale of the environment (LC_ALL, LC_MESSAGES, LANG), else the
    system's (Windows and macOS set no LANG: locale.getlocale() names it)."""
    chosen = os.environ.get("GRIDGOV_LANG")
    if chosen:
        return _parse(chosen)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        system = locale.getlocale()[0] or ""
    except ValueError:  # an unknown locale name
        system = ""
    return "zh" if system.lower().startswith(("zh", "chinese")) else "en"


_CHINESE = ("zh", "chinese", "中文", "汉语", "cn")
_ENGLISH = ("en", "english", "c", "posix")


def _parse(text: str) -> str:
    return "zh" if str(text).strip().lower().startswith(_CHINESE) else "en"


_language = _from_environment()
_core.messages.set_language(_language)


def language() -> str:
    """``"zh"`` or ``"en"``: the language messages are written in now."""
    return _language


def set_language(language: Optional[str] = None) -> str:
    """Write messages in ``language`` from now on (Python and the C++ core).

    Parameters
    ----------
    language : str, optional
        ``"zh"`` (also ``"zh_CN"``, ``"chinese"``, ``"中文"``) or ``"en"``; None: as the
        environment says (``GRIDGOV_LANG``, else the locale).

    Returns
    -------
    str
        The language now in use, ``"zh"`` or ``"en"``.
    """
    global _language
    if language is not None:
        from . import _args
        from .errors import InputError

        text = _args.text(language, "language").strip().lower()
        if not text.startswith(_CHINESE + _ENGLISH):
            raise InputError(tr("language={language}: use 'zh' (Chinese) or 'en' (English), or None for the "
                                "environment's (GRIDGOV_LANG, else the locale)",
                                language=repr(language)))
    _language = _from_environment() if language is None else _parse(language)
    _core.messages.set_language(_language)
    return _language


def _fill(template: str, arguments: Dict[str, Any]) -> str:
    def one(match: "re.Match[str]") -> str:
        name, spec = match.group(1), match.group(2)
        if name not in arguments:
            return match.group(0)
        return format(arguments[name], spec[1:]) if spec else str(arguments[name])

    return _PLACEHOLDER.sub(one, template)


def tr(text: str, **arguments: Any) -> str:
    """``text`` (English, the id) in the current language, placeholders filled in."""
    return _fill(ZH.get(text, text) if _language == "zh" else text, arguments)


_CORE: Dict[str, tuple] = {}


def core_text(message_id: str, **arguments: Any) -> str:
    """An entry of the C++ catalogue by id, in the current language (an unknown id: itself)."""
    if not _CORE:
        _CORE.update({i: (en, zh) for i, en, zh in _core.messages.catalogue()})
    en, zh = _CORE.get(message_id, (message_id, message_id))
    return _fill(zh if _language == "zh" else en, arguments)


def catalogue() -> Dict[str, Dict[str, str]]:
    """Every message: ``{"python": {English: Chinese}, "core": {id: "English | Chinese"}}``."""
    core = {i: f"{en} | {zh}" for i, en, zh in _core.messages.catalogue()}
    return {"python": dict(ZH), "core": core}

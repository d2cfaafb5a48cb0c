"""The interface's languages, its message registry and the :class:`Translator`.

Strings live next to the code that owns them. Each domain has one message catalogue, the
Python module ``xinzhi/<domain>/messages.py`` exposing ``MESSAGES: dict[str, dict[str, str]]``
keyed by language (``{"zh": {...}, "en": {...}}``) and named in its ``domain.py``
(``messages=("xinzhi.<domain>.messages:MESSAGES",)``); :func:`xinzhi.app.install` registers
every domain's catalogue. The application frame's own strings (navigation, accounts, home,
jobs, errors, shared buttons) are in :mod:`xinzhi.common.web.messages`, registered here.

Python modules rather than gettext ``.po`` files: keys are already dotted names (not source
sentences), the tests check completeness key by key in both languages, and there is no
translator workflow that would use ``.po`` tooling.

Keys are dotted names; ``{name}`` placeholders are filled by :class:`Translator`. A key may be
defined by one catalogue only: :func:`register` refuses a second definition loudly. Tests fail
when a key is missing in either language or a template uses an unknown key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xinzhi.common.web import account_messages
from xinzhi.common.web import messages as frame

LANGUAGES = ("zh", "en")
HTML_LANG = {"zh": "zh-CN", "en": "en"}


class DuplicateMessage(ValueError):
    """Two catalogues define the same key: one of them must rename or drop it."""


@dataclass
class Registry:
    """Every registered catalogue merged into one dict per language."""

    texts: dict[str, dict[str, str]] = field(
        default_factory=lambda: {lang: {} for lang in LANGUAGES}
    )
    owners: dict[str, str] = field(default_factory=dict)  # key → the source that defined it
    sources: set[str] = field(default_factory=set)

    def register(self, messages: Mapping[str, Mapping[str, str]], source: str) -> None:
        """Merge ``messages`` (``{"zh": {...}, "en": {...}}``) from ``source`` (a name for errors).

        Registering the same source again does nothing; a key already registered by another
        source raises :class:`DuplicateMessage` and nothing of ``messages`` is merged.
        """
        if source in self.sources:
            return
        unknown = sorted(set(messages) - set(LANGUAGES))
        if unknown:
            raise ValueError(f"message catalogue {source} has unknown languages {unknown}")
        keys = {key for texts in messages.values() for key in texts}
        clashes = sorted(key for key in keys if key in self.owners)
        if clashes:
            found = ", ".join(f"{key!r} (already in {self.owners[key]})" for key in clashes)
            raise DuplicateMessage(f"message catalogue {source} redefines {found}")
        for lang, texts in messages.items():
            self.texts[lang].update(texts)
        self.owners.update(dict.fromkeys(keys, source))
        self.sources.add(source)


REGISTRY = Registry()
register = REGISTRY.register
# The merged catalogues, filled as catalogues register (the frame's now, domains' on install).
CATALOG: dict[str, dict[str, str]] = REGISTRY.texts
ZH: dict[str, str] = CATALOG["zh"]
EN: dict[str, str] = CATALOG["en"]

register(frame.MESSAGES, "xinzhi.common.web.messages:MESSAGES")
register(account_messages.MESSAGES, "xinzhi.common.web.account_messages:MESSAGES")


@dataclass(frozen=True)
class Translator:
    """``t("key", n=3)`` in one language, falling back to Chinese, then to the key itself."""

    lang: str

    def __call__(self, key: str, **params: object) -> str:
        text = CATALOG[self.lang].get(key) or ZH.get(key) or key
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return key in CATALOG[self.lang]

    def value(self, raw: str) -> str:
        """A stored enum value (``confidential``) in words (保密)."""
        return CATALOG[self.lang].get(f"enum.{raw}", raw)

    def maybe(self, key: str, fallback: str) -> str:
        """``key`` translated when the catalog has it, else ``fallback`` (e.g. a job kind)."""
        return self(key) if key in CATALOG[self.lang] else fallback

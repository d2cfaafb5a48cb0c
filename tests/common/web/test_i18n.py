"""The interface catalogues are complete in both languages and cover every key the pages use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xinzhi import app
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.messages import FIELD_LABELS_EN
from xinzhi.catalog.pages import fields
from xinzhi.common.web import i18n
from xinzhi.common.web.render import TEMPLATES

SRC = Path(app.__file__).parents[1]
app.install()  # registers every domain's catalogue
# t("key"), t('key', n=1), t.maybe("key", …) and flash(request, "key") with a literal key
LITERAL_KEY = re.compile(r"""\bt(?:\.maybe)?\(\s*["']([a-z_]+\.[a-z0-9_.]*[a-z0-9_])["']\s*[,)]""")
FLASH_KEY = re.compile(r"""flash\(request, ["']([a-z_]+\.[a-z0-9_.]+)["']\)""")
# t("role." ~ x) in templates, t(f"error.{status}") in Python: a key family by its prefix
PREFIX_KEY = re.compile(r"""\bt(?:\.maybe)?\(\s*f?["']([a-z_]+\.[a-z0-9_.]*)(?:["']\s*~|\{)""")


def _sources() -> list[Path]:
    """Templates plus every page module: ``pages.py`` or ``pages/*.py`` of any package."""
    return [*TEMPLATES.glob("*.html"), *SRC.rglob("pages.py"), *SRC.rglob("pages/*.py")]


def test_every_key_exists_in_both_languages() -> None:
    assert set(i18n.ZH) == set(i18n.EN), {
        "missing in English": sorted(set(i18n.ZH) - set(i18n.EN)),
        "missing in Chinese": sorted(set(i18n.EN) - set(i18n.ZH)),
    }


def test_no_translation_is_empty() -> None:
    for lang, catalog in i18n.CATALOG.items():
        assert all(text.strip() for text in catalog.values()), lang


def test_placeholders_agree_between_languages() -> None:
    placeholder = re.compile(r"\{(\w+)\}")
    for key, zh in i18n.ZH.items():
        assert set(placeholder.findall(zh)) == set(placeholder.findall(i18n.EN[key])), key


def test_every_literal_key_used_by_pages_and_templates_exists() -> None:
    used: set[str] = set()
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        used |= set(LITERAL_KEY.findall(text)) | set(FLASH_KEY.findall(text))
    assert used, "the key scan found nothing; is the pattern still right?"
    assert sorted(used - set(i18n.ZH)) == []


def test_every_dynamic_key_family_exists() -> None:
    """Keys built at run time (``"role." ~ role``, ``f"error.{status}"``) have their family."""
    used: set[str] = set()
    for path in _sources():
        used |= set(PREFIX_KEY.findall(path.read_text(encoding="utf-8")))
    assert "role." in used, "the prefix scan found nothing; is the pattern still right?"
    for prefix in used:
        assert any(k.startswith(prefix) for k in i18n.ZH), prefix


def test_every_record_field_has_an_english_label_and_a_chinese_title() -> None:
    for entity in ENTITIES.values():
        for spec in fields.field_specs(entity.create):
            assert spec.title, f"{entity.name}.{spec.name} has no Chinese title"
            assert spec.name in FIELD_LABELS_EN, f"{entity.name}.{spec.name}"


def test_every_choice_of_every_record_field_is_translated() -> None:
    for entity in ENTITIES.values():
        for spec in fields.field_specs(entity.create):
            for option in spec.options:
                assert f"enum.{option}" in i18n.ZH, f"{entity.name}.{spec.name}={option}"


def test_every_role_has_a_name() -> None:
    from xinzhi.core.models import JobStatus, Role

    for role in Role:
        assert f"role.{role.value}" in i18n.ZH
    for status in JobStatus:
        assert f"job.status.{status.value}" in i18n.ZH


def test_translator_fills_placeholders_and_falls_back() -> None:
    t = i18n.Translator("en")
    assert t("list.total", n=3) == "3 records"
    assert i18n.Translator("zh")("list.total", n=3) == "共 3 条"
    assert t("no.such.key") == "no.such.key"
    assert t.value("confidential") == "Confidential"
    assert t.value("unknown-value") == "unknown-value"


def test_every_domain_registers_its_own_catalogue() -> None:
    owners = set(i18n.REGISTRY.owners.values())
    for domain in app.domains():
        assert set(domain.messages) <= owners, domain.name
    assert i18n.REGISTRY.owners["nav.home"] == "xinzhi.common.web.messages:MESSAGES"
    assert i18n.REGISTRY.owners["match.title"] == "xinzhi.matching.messages:MESSAGES"


def test_a_key_registered_by_two_catalogues_fails_loudly() -> None:
    registry = i18n.Registry()
    registry.register({"zh": {"demo.title": "演示"}, "en": {"demo.title": "Demo"}}, "first")
    second = {"zh": {"demo.title": "另一个", "demo.lead": "说明"}, "en": {"demo.lead": "Lead"}}
    with pytest.raises(
        i18n.DuplicateMessage, match=r"second redefines 'demo.title' \(already in first\)"
    ):
        registry.register(second, "second")
    assert registry.texts["zh"] == {"demo.title": "演示"}  # nothing of the refused one merged

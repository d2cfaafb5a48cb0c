"""Applicant name keys: width, spaces, brackets and legal forms join spellings of one name."""

from __future__ import annotations

import pytest

from xinzhi.patents.names import applicant_key, clean_name


@pytest.mark.parametrize(
    "spellings",
    [
        ["华为技术（深圳）有限公司", "华为技术(深圳)有限公司", "华为技术 (深圳) 股份有限公司"],
        ["中国石油化工集团有限公司", "中国石油化工股份有限公司", "中国石油化工集团公司"],
        ["北京某某科技有限责任公司", "北京某某科技股份公司", "北京某某科技有限公司"],
        ["ＡＢＣ有限公司", "ABC有限公司", "abc 有限公司"],
        ["株式会社东芝", "东芝株式会社"],
        ["International Business Machines Corporation", "INTERNATIONAL BUSINESS MACHINES CORP"],
        ["Samsung Electronics Co., Ltd.", "SAMSUNG ELECTRONICS CO LTD", "Samsung Electronics"],
        ["Robert Bosch GmbH", "ROBERT BOSCH GMBH"],
        ["Nestec S.A.", "NESTEC SA"],
        ["AT&T Corp.", "AT and T Inc"],
        ["The Boeing Company", "BOEING CO"],
    ],
)
def test_spellings_of_one_applicant_share_a_key(spellings: list[str]) -> None:
    keys = {applicant_key(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("清华大学", "北京大学"),
        ("华为技术有限公司", "华为终端有限公司"),
        ("Siemens AG", "Siemens Energy AG"),
    ],
)
def test_different_applicants_keep_different_keys(a: str, b: str) -> None:
    assert applicant_key(a) != applicant_key(b)


def test_a_name_that_is_only_a_legal_form_keeps_it() -> None:
    assert applicant_key("公司") == "公司"
    assert applicant_key("Company Ltd") == "company"
    assert applicant_key("  ") == ""


def test_clean_name_is_the_display_form() -> None:
    assert clean_name("华为技术 （深圳） 有限公司") == "华为技术(深圳)有限公司"
    assert clean_name("  Samsung   Electronics Co., Ltd. ") == "Samsung Electronics Co., Ltd."

"""Format profiles: listed, named, refused when unknown; the energy CSV keeps importing."""

from __future__ import annotations

from pathlib import Path

import pytest

from xinzhi.catalog.importing.profiles import get_profile, profiles
from xinzhi.catalog.importing.run import ImportOptions, import_file
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.formats.transforms import cn_province, patent_number, zero_empty


def test_patent_profiles_are_registered() -> None:
    assert {"cn-export", "cn-energy", "lens", "uspto-xml"} <= set(profiles())
    assert get_profile("lens", "patents").list_separator == ";;"
    with pytest.raises(InvalidInput, match="unknown format profile 'incopat'"):
        get_profile("incopat", "patents")


def test_transforms() -> None:
    assert patent_number("US 2014/0101323 A1") == "US20140101323A1"
    assert cn_province("河南(41)") == "河南" and cn_province("（32）") == "江苏"
    assert cn_province("日本(JP)") == "日本"
    assert zero_empty(0) is None and zero_empty("0000-00-00") is None
    assert zero_empty(20200101) == 20200101


def test_the_energy_csv_imports_as_before(db: Database, wind_csv: Path) -> None:
    report = import_file(db, "patents", wind_csv, ImportOptions(dry_run=True))
    assert report.profile == "cn-energy"
    assert report.mapping["cites_patents"] == "cites"
    assert report.mapping["province_guess"] == "province"
    assert report.counts.created == report.total_rows == 2840 and not report.errors


def test_unknown_profile_is_refused(db: Database, wind_csv: Path) -> None:
    with pytest.raises(InvalidInput, match="known: cn-energy, cn-export, lens, uspto-xml"):
        import_file(db, "patents", wind_csv, ImportOptions(profile="nope"))

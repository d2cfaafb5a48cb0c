"""``xinzhi chains``: import prints the id (JSON with --json), versions by name, refuses a bad
file naming node and field; place reports what it placed and keeps a person's decisions."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.chains.conftest import CHAIN, World, chain_file
from tests.clients import run_cli
from xinzhi.chains import service
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def test_import_prints_the_id_and_versions(
    settings: Settings, db: Database, tmp_path: Path
) -> None:
    path = chain_file(tmp_path)
    first = run_cli(settings, "chains", "import", str(path))
    assert first.exit_code == 0, first.output
    second = run_cli(settings, "chains", "import", str(path), "--json")
    data = json.loads(second.output)
    assert int(first.output.strip()) != data["id"]
    assert (data["name"], data["version"], data["nodes"]) == ("测试光伏", 2, 5)
    with db.read() as session:
        assert [c.version for c in service.versions(session, "测试光伏")] == [1, 2]


def test_bad_file_exits_non_zero_naming_node_and_field(
    settings: Settings, db: Database, tmp_path: Path
) -> None:
    data = {
        **CHAIN,
        "nodes": [
            *CHAIN["nodes"],
            {"key": "inv", "name": "逆变器", "stage": "中游", "ipc": ["12"]},
        ],
    }
    result = run_cli(settings, "chains", "import", str(chain_file(tmp_path, data)))
    assert result.exit_code != 0
    assert "inv" in result.output and "ipc" in result.output
    (tmp_path / "bad.yaml").write_text("name: [", encoding="utf-8")
    assert run_cli(settings, "chains", "import", str(tmp_path / "bad.yaml")).exit_code != 0
    assert run_cli(settings, "chains", "import", str(tmp_path / "none.yaml")).exit_code != 0


def test_place_nodes_recommend_export(settings: Settings, placed: World, tmp_path: Path) -> None:
    cid = str(placed.chain_id)
    result = run_cli(settings, "chains", "place", cid, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["placed"]["patent"] == 5 and summary["patents_read"] == 6
    nodes = json.loads(
        run_cli(settings, "chains", "nodes", cid, "--region", "四川", "--json").output
    )
    assert [n["key"] for n in nodes] == ["poly", "cell", "film", "module", "station"]
    recs = run_cli(settings, "chains", "recommend", cid, "poly", "--region", "四川", "--json")
    names = [r["name"] for r in json.loads(recs.output)]
    assert "苏州多晶硅有限公司" in names
    for suffix in (".xlsx", ".docx"):
        out = tmp_path / f"t{suffix}"
        assert (
            run_cli(
                settings, "chains", "export", cid, "--region", "四川", "--out", str(out)
            ).exit_code
            == 0
        )
        assert out.stat().st_size > 1000
    assert run_cli(settings, "chains", "place", "999").exit_code != 0
    assert yaml.safe_load(run_cli(settings, "chains", "list", "--json").output)[0]["placed_at"]

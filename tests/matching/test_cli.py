"""``xinzhi match …`` and ``xinzhi eval retrieval`` through the real entry point (both backends).

The evaluation set is written here with known answers: every word below has its own jieba
tokens (checked by the first test), so which documents BM25 finds for a query is decided by
vocabulary alone and the metrics can be computed by hand.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from tests.clients import run_cli
from tests.factories import ADMIN, make_matching_catalog
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings
from xinzhi.matching import feedback, service
from xinzhi.matching.evaluation import baseline_tokens
from xinzhi.matching.tokenize import get_tokenizer


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


# -- match ------------------------------------------------------------------------------------


@pytest.fixture
def catalog_db(db: Database) -> dict[str, int]:
    return make_matching_catalog(db)


def test_index_then_match_a_demand_with_reasons(
    db: Database, settings: Settings, catalog_db: dict[str, int]
) -> None:
    built = run_cli(settings, "match", "index", "--json")
    assert built.exit_code == 0, built.output
    report = json.loads(built.output)
    assert report["added"] == 6 and report["documents"] == 6
    again = run_cli(settings, "match", "index")
    assert again.exit_code == 0, again.output
    assert "未变 6" in again.output and "共 6 条" in again.output

    shown = run_cli(settings, "match", "demand", str(catalog_db["demand"]))
    assert shown.exit_code == 0, shown.output
    text = shown.output
    assert "成果 (achievement)" in text and "专利 (patent)" in text and "专家 (person)" in text
    assert " 1. 钙钛矿太阳能电池的柔性封装方法" in text
    assert "共同术语：钙钛矿" in text and "同一领域" in text and "成熟度符合需求" in text
    assert "需求质量" in text

    as_json = run_cli(settings, "match", "demand", str(catalog_db["demand"]), "--json",
                      "--target", "achievement", "--k", "1")  # fmt: skip
    data = json.loads(as_json.output)
    assert list(data["groups"]) == ["achievement"]
    (top,) = data["groups"]["achievement"]
    assert top["id"] == catalog_db["perovskite"] and top["explanation"]["field"] == "same"
    assert data["quality"]["level"]


def test_match_filters_modes_and_other_sources(
    db: Database, settings: Settings, catalog_db: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XINZHI_MATCHING_FLOOR_SIMILARITY", "0")  # filters, not the floor
    assert run_cli(settings, "match", "index").exit_code == 0

    def ids(*args: str) -> list[int]:
        result = run_cli(settings, "match", *args, "--json")
        assert result.exit_code == 0, result.output
        return [i["id"] for i in json.loads(result.output)["groups"]["achievement"]]

    query = ("text", "钙钛矿 封装 涂层", "--target", "achievement")
    assert set(ids(*query)) == {catalog_db["perovskite"], catalog_db["wind"]}
    assert ids(*query, "--field", "材料") == [catalog_db["wind"]]
    assert ids(*query, "--trl-min", "5") == [catalog_db["perovskite"]]
    assert ids(*query, "--region", "3201") == [catalog_db["perovskite"]]
    assert ids(*query, "--org-kind", "university") == [catalog_db["perovskite"]]
    assert ids(*query, "--date-to", "2000-01-01") == []
    assert ids("text", "涂层", "--target", "achievement", "--mode", "lexical") == [
        catalog_db["wind"]
    ]
    assert catalog_db["perovskite"] in ids(*query, "--mode", "dense")

    achievement = run_cli(settings, "match", "achievement", str(catalog_db["perovskite"]))
    assert achievement.exit_code == 0, achievement.output
    assert "需求 (demand)" in achievement.output
    assert "寻求钙钛矿太阳能电池封装技术" in achievement.output
    patent = run_cli(settings, "match", "patent", str(catalog_db["patent"]), "--json")
    groups = json.loads(patent.output)["groups"]
    assert groups["demand"][0]["id"] == catalog_db["demand"]

    missing = run_cli(settings, "match", "demand", "999")
    assert missing.exit_code != 0 and "999" in missing.output
    bad_k = run_cli(settings, "match", "text", "钙钛矿", "--k", "0")
    assert bad_k.exit_code != 0 and "k 应在 1 到 200 之间" in bad_k.output


def test_empty_index_says_what_to_run(db: Database, settings: Settings) -> None:
    result = run_cli(settings, "match", "text", "钙钛矿电池封装")
    assert result.exit_code == 0, result.output
    assert "索引为空" in result.output and "xinzhi match index" in result.output


def test_index_as_a_queued_job(
    db: Database, settings: Settings, catalog_db: dict[str, int]
) -> None:
    queued = run_cli(
        settings, "match", "index", "--queue", "--entity-types", "achievement", "--json"
    )
    assert queued.exit_code == 0, queued.output
    job_id = json.loads(queued.output)["job_id"]
    shown = json.loads(run_cli(settings, "jobs", "show", str(job_id)).output)
    assert shown["kind"] == "matching.index" and shown["status"] == "succeeded"
    assert shown["result"]["added"] == 2  # the two achievements only
    assert shown["params"]["entity_types"] == ["achievement"]


def test_demand_quality_of_a_stored_and_an_unsaved_demand(
    db: Database, settings: Settings, catalog_db: dict[str, int]
) -> None:
    stored = run_cli(settings, "match", "quality", str(catalog_db["demand"]), "--json")
    assert stored.exit_code == 0, stored.output
    data = json.loads(stored.output)
    assert data["demand_id"] == catalog_db["demand"]
    assert data["expected_trl"] == [5, 6]  # 可中试
    assert "budget" in data["missing"]

    vague = run_cli(settings, "match", "quality", "--text", "寻求节能技术合作")
    assert vague.exit_code == 0, vague.output
    assert "过于模糊" in vague.output and "✗ 缺失  技术指标" in vague.output
    assert "请说明希望达到的技术指标" in vague.output  # the question to ask
    neither = run_cli(settings, "match", "quality")
    assert neither.exit_code != 0 and "二选一" in neither.output


def test_feedback_and_its_report(
    db: Database, settings: Settings, catalog_db: dict[str, int]
) -> None:
    demand, target = str(catalog_db["demand"]), str(catalog_db["perovskite"])
    for flag, rank in (("--useful", "1"), ("--not-useful", "2"), ("--useful", "7")):
        marked = run_cli(settings, "match", "feedback", "demand", demand, "achievement", target,
                         flag, "--rank", rank, "--note", "测试")  # fmt: skip
        assert marked.exit_code == 0, marked.output
        assert "已记录反馈" in marked.output
    unmarked = run_cli(settings, "match", "feedback", "demand", demand, "achievement", target)
    assert unmarked.exit_code != 0 and "--useful" in unmarked.output
    report = json.loads(run_cli(settings, "match", "feedback-report", "--json").output)
    assert report["marks"] == 3 and report["useful_share"] == round(2 / 3, 4)
    assert report["by_target"]["achievement"] == {
        "1-3": {"useful": 1, "not_useful": 1},
        "4-10": {"useful": 1, "not_useful": 0},
    }
    human = run_cli(settings, "match", "feedback-report").output
    assert "反馈 3 条；有用占比 66.7%" in human and "第 1-3 名: 有用 1 / 无用 1" in human
    with db.read() as s:
        assert feedback.feedback_report(s)["marks"] == 3
    assert ADMIN.is_staff


# -- eval retrieval ---------------------------------------------------------------------------

# Four groups of ten words; no two words share a jieba token (asserted below).
TOPIC = "钙钛矿 石墨烯 齿轮箱 光刻胶 疫苗佐剂 氢燃料 轴承钢 碳纤维 锂硫 风洞".split()
ONLY_A = "封装膜 导热片 润滑油 曝光机 冻干粉 储罐阀 淬火炉 拉挤模 隔膜纸 叶尖涡".split()
ONLY_B = "湿热老化 散热涂层 噪声测试 显影液 免疫原性 加注站 滚动寿命 预浸料 多硫化物 雷诺数".split()
FILLER = (
    "茶叶揉捻 蚕丝织造 瓷器釉色 竹编家具 酱油酿造 皮影戏偶 刺绣针法 古琴斫制 宣纸抄造 砚台雕刻"
).split()


def _write(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def labelled(tmp_path: Path) -> dict[str, Path]:
    """30 documents: a{i} = topic + A-only word, b{i} = topic + B-only word, c{i} = filler."""
    docs = []
    for i in range(10):
        docs.append([f"a{i}", f"{TOPIC[i]}研究", f"{TOPIC[i]} {ONLY_A[i]}"])
        docs.append([f"b{i}", f"{TOPIC[i]}应用", f"{TOPIC[i]} {ONLY_B[i]}"])
        docs.append([f"c{i}", f"{FILLER[i]}", f"{FILLER[i]}"])
    corpus = _write(tmp_path / "corpus.tsv", ["doc_id", "title", "body"], docs, "\t")
    # self-queries: a{i}'s text finds b{i} through the topic word; a9 also names c9 (unfindable)
    self_qrels = [[f"a{i}", f"b{i}"] for i in range(10)] + [["a9", "c9"]]
    # separate queries: the A-only word finds a{i} alone; q9 is labelled with c9, never found
    queries = [[f"q{i}", ONLY_A[i]] for i in range(10)]
    query_qrels = [[f"q{i}", f"a{i}"] for i in range(9)] + [["q9", "c9"]]
    return {
        "corpus": corpus,
        "self_qrels": _write(tmp_path / "self_qrels.csv", ["qid", "docid"], self_qrels),
        "queries": _write(tmp_path / "queries.csv", ["qid", "query"], queries),
        "query_qrels": _write(tmp_path / "query_qrels.csv", ["qid", "docid"], query_qrels),
    }


def test_the_words_share_no_token() -> None:
    tokenizer = get_tokenizer()
    for tokens in (baseline_tokens, tokenizer.tokens):
        owner: dict[str, str] = {}
        for word in TOPIC + ONLY_A + ONLY_B + FILLER + ["研究", "应用"]:
            for token in tokens(word):
                assert owner.setdefault(token, word) == word, (token, word, owner[token])


def _eval(settings: Settings, labelled: dict[str, Path], *args: str) -> Result:
    return run_cli(
        settings, "eval", "retrieval", "--corpus", str(labelled["corpus"]), "--id-col", "doc_id",
        "--text-col", "title", "--text-col", "body", "--model", "hashing", *args,
    )  # fmt: skip


def test_eval_self_queries_exclude_the_query_record(
    settings: Settings, labelled: dict[str, Path]
) -> None:
    result = _eval(settings, labelled, "--qrels", str(labelled["self_qrels"]), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["documents"], report["queries"], report["model"]) == (30, 10, "hashing")
    bm25, dense, *_, full = report["systems"]
    assert bm25["system"] == "bm25 (jieba)" and full["system"].startswith("xinzhi")
    assert dense["system"] == "dense (hashing)"
    # a{i} itself matches its own query best; only its exclusion lets b{i} rank first.
    # Queries a0..a8: b{i} first → 1. Query a9: relevant {b9, c9}, only b9 found, at rank 1:
    # nDCG = 1 / (1 + 1/log2 3), Recall = 1/2, MRR = 1.
    ndcg_a9 = 1 / (1 + 1 / math.log2(3))
    assert bm25["ndcg@10"] == round((9 + ndcg_a9) / 10, 4) == 0.9613
    assert bm25["recall@10"] == bm25["recall@100"] == 0.95
    assert bm25["mrr@10"] == 1.0
    # the full system excludes the query record too: its best answer is never itself
    assert full["mrr@10"] == 1.0


def test_eval_with_a_query_file_prints_the_table(
    settings: Settings, labelled: dict[str, Path]
) -> None:
    result = _eval(
        settings, labelled, "--qrels", str(labelled["query_qrels"]),
        "--queries", str(labelled["queries"]), "--query-id-col", "qid", "--query-text-col", "query",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if line.startswith("system"))
    assert header.split() == ["system", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "build",
                              "s", "p50", "ms", "p95", "ms"]  # fmt: skip
    bm25 = next(line for line in lines if line.startswith("bm25 (jieba)")).split()
    # q0..q8 find their a{i} alone at rank 1; q9 finds a9, labelled irrelevant: 9 of 10
    assert bm25[2:6] == ["0.9000", "0.9000", "0.9000", "0.9000"]
    assert lines[-1].startswith("xinzhi")  # the full system, last
    assert "30 documents, 10 queries, model hashing" in result.output

    limited = _eval(
        settings, labelled, "--qrels", str(labelled["query_qrels"]),
        "--queries", str(labelled["queries"]), "--query-id-col", "qid", "--query-text-col", "query",
        "--limit", "3", "--json",
    )  # fmt: skip
    assert json.loads(limited.output)["queries"] == 3
    assert json.loads(limited.output)["systems"][0]["ndcg@10"] == 1.0


def test_eval_bad_input_exits_with_a_readable_message(
    settings: Settings, labelled: dict[str, Path], tmp_path: Path
) -> None:
    no_column = run_cli(
        settings, "eval", "retrieval", "--corpus", str(labelled["corpus"]), "--id-col", "nope",
        "--text-col", "body", "--qrels", str(labelled["self_qrels"]), "--model", "hashing",
    )  # fmt: skip
    assert no_column.exit_code != 0
    assert "没有编号列 'nope'" in no_column.output and "doc_id" in no_column.output
    no_file = _eval(settings, labelled, "--qrels", str(tmp_path / "missing.csv"))
    assert no_file.exit_code != 0 and "文件不存在" in no_file.output
    no_model = _eval(settings, labelled, "--qrels", str(labelled["self_qrels"]), "--model", "nope")
    assert no_model.exit_code != 0 and "未知的向量模型" in no_model.output

"""Benchmark: 揭榜挂帅 review at the scale of a large call, on a temporary SQLite database.

Synthetic data (written here, no shared data needed): ``--orgs`` organisations, one challenge
with ``--apps`` applications of 3 organisations each, ``--reviewers`` reviewers who all score
every application, ``--patents`` patents with inventors (the co-inventor conflict check reads
them), ``--cases`` failure cases.

Measured (wall seconds, peak resident memory of the process):

* ``assign``: assigning one more reviewer, i.e. the conflict check against every application;
* ``ranking``: the ranking service (reads scores, recusals, reviewers; trims; spreads);
* ``kernel`` (baseline, same run): the pure scoring kernel on the same scores held in memory,
  so the difference is the database work;
* ``search`` / ``similar``: a failure-case full-text query and the similar-failures list.

Results go to ``bench/results/challenges.json``. Run: ``python bench/bench_challenges.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import common  # bench/common.py (benchmarks run as scripts from bench/)
from xinzhi.app import install
from xinzhi.catalog.models import Organisation, Patent
from xinzhi.challenges import failures, flow, review, rules, service
from xinzhi.challenges.models import ChallengeReviewer, ChallengeScore
from xinzhi.challenges.policy import Policy
from xinzhi.challenges.schemas import (
    ApplicationCreate,
    ChallengeCreate,
    FailureCaseCreate,
    ReviewerAssign,
    StatusChange,
)
from xinzhi.core import migrate
from xinzhi.core.db import Database, open_database
from xinzhi.core.models import Role, User
from xinzhi.core.security import Principal, system_principal
from xinzhi.core.settings import Settings

RESULTS = Path(__file__).resolve().parent / "results" / "challenges.json"
SECRET = "bench-secret-key-that-is-long-enough-0123456789"
RUBRIC = [{"criterion": f"c{i}", "weight": w} for i, w in enumerate((0.4, 0.35, 0.25))]
WORDS = ["电池", "热管理", "减速器", "光伏", "电解质", "传感器", "涂层", "算法", "材料", "工艺"]


def _rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed(fn: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t0, 4)


def _seed(db: Database, args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    admin = system_principal("bench")
    with db.write(actor="bench") as s:
        orgs = [
            Organisation(
                natural_key=f"org:{i}",
                name=f"单位{i}",
                kind=rng.choice(["enterprise", "university", "institute"]),
                region_code="340100",
            )
            for i in range(args.orgs)
        ]
        s.add_all(orgs)
        users = [
            User(
                username=f"r{i}",
                display_name=f"专家{i}",
                password_hash="x",
                role=Role.REVIEWER.value,
            )
            for i in range(args.reviewers + 1)
        ]
        s.add_all(users)
        s.add_all(
            Patent(
                natural_key=f"pat:{i}",
                pub_no=f"CN{i:09d}A",
                title="一种装置",
                inventors=[f"专家{rng.randrange(200)}", f"人员{rng.randrange(5000)}"],
                applicants=[f"单位{rng.randrange(args.orgs)}"],
                app_date=None,
            )
            for i in range(args.patents)
        )
        s.flush()
        org_ids, user_ids = [o.id for o in orgs], [u.id for u in users]
        body = ChallengeCreate.model_validate(
            {
                "title": "电池热管理攻关",
                "goal": "电池 热管理 材料",
                "budget_wan": 500,
                "deadline": "2099-01-01",
                "rubric": RUBRIC,
            }
        )
        cid = service.create(s, admin, body).id
        service.change_status(s, admin, cid, StatusChange(status="published"))
    leads = rng.sample(org_ids, args.apps)
    for lead in leads:
        members = [{"organisation_id": o} for o in rng.sample(org_ids, 2) if o != lead]
        principal = Principal(user_id=1, username="e", role=Role.ENTERPRISE, organisation_id=lead)
        with db.write(actor="bench") as s:
            service.apply(
                s,
                principal,
                cid,
                ApplicationCreate.model_validate(
                    {"lead_org_id": lead, "members": members, "proposal": "方案"}
                ),
            )
    with db.write(actor="bench") as s:
        for step in ("closed", "under_review"):
            service.change_status(s, admin, cid, StatusChange(status=step))
        s.add_all(ChallengeReviewer(challenge_id=cid, user_id=u) for u in user_ids[:-1])
        apps = [a.id for a in service.applications_of(s, cid)]
        weighted: dict[int, list[float]] = {}
        for a in apps:
            for u in user_ids[:-1]:
                scores = {c["criterion"]: float(rng.randint(40, 100)) for c in RUBRIC}
                w = rules.weighted_score(RUBRIC, scores)
                weighted.setdefault(a, []).append(w)
                s.add(ChallengeScore(application_id=a, user_id=u, scores=scores, weighted=w))
        for _ in range(args.cases):
            words = rng.sample(WORDS, 3)
            failures.create(
                s,
                admin,
                FailureCaseCreate(
                    title="".join(words) + "项目", tried=" ".join(words), main_cause="route"
                ),
            )
    return {"challenge": cid, "extra_reviewer": user_ids[-1], "weighted": weighted}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--apps", type=int, default=300)
    parser.add_argument("--reviewers", type=int, default=7)
    parser.add_argument("--patents", type=int, default=20000)
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(14)
    install()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            env="test",
            data_dir=Path(tmp),
            secret_key=SECRET,
            database_url=f"sqlite:///{tmp}/bench.db",
        )
        db = open_database(settings)
        migrate.upgrade(db)
        seeded, seed_s = _timed(lambda: _seed(db, args, rng))
        admin, policy, cid = system_principal("bench"), Policy(), seeded["challenge"]
        with db.write(actor="bench") as s:
            body = ReviewerAssign(user_id=seeded["extra_reviewer"], recuse_conflicted=True)
            _, assign_s = _timed(lambda: review.assign(s, admin, cid, body, policy))
        with db.read() as s:
            ranked, ranking_s = _timed(lambda: review.ranking(s, admin, cid, policy))
            _, kernel_s = _timed(
                lambda: [
                    rules.aggregate(v, trim_from=5, spread_limit=15.0)
                    for v in seeded["weighted"].values()
                ]
            )
            (_, total), search_s = _timed(lambda: failures.search_cases(s, admin, "电池 材料"))
            challenge = flow.access.get_challenge(s, admin, cid)
            similar, similar_s = _timed(lambda: failures.similar(s, admin, challenge))
        db.dispose()
    result = {
        "environment": common.environment(),
        "sizes": vars(args),
        "seconds": {
            "seed": round(seed_s, 2),
            "assign_conflict_check": assign_s,
            "ranking": ranking_s,
            "kernel_baseline": kernel_s,
            "failure_search": search_s,
            "similar_failures": similar_s,
        },
        "ranked": len(ranked["items"]),
        "final": ranked["final"],
        "search_hits": total,
        "similar_shown": len(similar),
        "peak_rss_mib": _rss_mib(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

"""Commit-to-searchable delay for one record on the demo-size index (e5-small, immediate jobs).

Usage: PYTHONPATH=src python bench/measure_live_update.py
"""

import json
import tempfile
import time
from pathlib import Path

from xinzhi import app
from xinzhi.catalog import service as catalog
from xinzhi.catalog.demo import load_demo
from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.db import open_database
from xinzhi.core.jobs import make_huey
from xinzhi.core.migrate import upgrade
from xinzhi.core.security import system_principal
from xinzhi.core.settings import Settings
from xinzhi.matching import service
from xinzhi.matching.service import MatchOptions

app.install()  # every domain's tables, job kinds and subscribers, as every entry point does
tmp = Path(tempfile.mkdtemp())
s = Settings(env="development", data_dir=tmp, jobs_mode="immediate", matching_model="e5-small")
db = open_database(s)
upgrade(db)
load_demo(db)
t = time.perf_counter()
with db.read() as sess:
    rep = service.update_index(sess, s)
build = time.perf_counter() - t
make_huey(s)  # the queue live updates go on (core.jobs.queue_for), as create_app makes it
spec = ENTITIES["achievements"]
admin = system_principal("bench")
delays = []
for i in range(5):
    title = f"钙钛矿叠层电池湿热稳定封装新工艺第{i}代"
    t = time.perf_counter()
    with db.write(actor="bench") as sess:
        obj = catalog.create_record(
            sess,
            spec,
            admin,
            spec.create.model_validate({"title": title, "summary": "钙钛矿叠层电池组件封装"}),
        )
        rid = obj.id
    # immediate mode: the update job ran in the after-commit hook; now search
    hits = service.match_text(s, admin, title, MatchOptions(targets=("achievement",), k=5)).groups[
        "achievement"
    ]
    delays.append(round(time.perf_counter() - t, 3))
    assert rid in [h.record_id for h in hits], hits
print(
    json.dumps(
        {
            "documents": rep.documents,
            "initial_build_s": round(build, 1),
            "commit_to_searchable_s": delays,
        }
    )
)

"""Locust users for bench_load.py: catalog reads and writes (no search), 1–5 s think time.

Three in four users are anonymous readers (lists, records, the HTML list page); one in four is
an enterprise user with an API token who also creates and edits its organisation's demands.
The ids and tokens come from the JSON file named by ``XINZHI_LOAD_FIXTURE`` (written by
bench_load.py before the run).
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

FIXTURE: dict[str, Any] = json.loads(Path(os.environ["XINZHI_LOAD_FIXTURE"]).read_text("utf-8"))


class Reader(HttpUser):
    weight = 3
    wait_time = between(1, 5)

    @task(4)
    def list_patents(self) -> None:
        page = random.randint(1, 200)
        self.client.get(f"/api/v1/patents?page={page}&size=20", name="/api/v1/patents?page")

    @task(4)
    def read_patent(self) -> None:
        patent = random.choice(FIXTURE["patents"])
        self.client.get(f"/api/v1/patents/{patent}", name="/api/v1/patents/{id}")

    @task(3)
    def list_demands(self) -> None:
        self.client.get("/api/v1/demands?size=20", name="/api/v1/demands")

    @task(3)
    def read_demand(self) -> None:
        demand = random.choice(FIXTURE["demands"])
        self.client.get(f"/api/v1/demands/{demand}", name="/api/v1/demands/{id}")

    @task(2)
    def list_page(self) -> None:
        self.client.get("/demands", name="/demands (page)")

    @task(1)
    def organisations(self) -> None:
        self.client.get("/api/v1/organisations?size=20", name="/api/v1/organisations")


class Enterprise(HttpUser):
    weight = 1
    wait_time = between(1, 5)

    def on_start(self) -> None:
        account = random.choice(FIXTURE["accounts"])
        self.client.headers["Authorization"] = f"Bearer {account['token']}"
        self.own: list[int] = list(account["demands"])

    @task(3)
    def list_own(self) -> None:
        self.client.get("/api/v1/demands?size=20", name="/api/v1/demands (token)")

    @task(2)
    def create_demand(self) -> None:
        n = random.randrange(10**9)
        body = {"title": f"压测需求 {n}", "detail": "负载测试写入的技术需求", "field": "新能源"}
        with self.client.post("/api/v1/demands", json=body, catch_response=True) as response:
            if response.status_code == 201:
                self.own.append(response.json()["id"])
            else:
                response.failure(f"status {response.status_code}")

    @task(2)
    def update_demand(self) -> None:
        if not self.own:
            return
        demand = random.choice(self.own)
        body = {"detail": f"更新 {random.randrange(10**6)}"}
        self.client.patch(f"/api/v1/demands/{demand}", json=body, name="/api/v1/demands/{id} PATCH")

    @task(2)
    def read_patent(self) -> None:
        patent = random.choice(FIXTURE["patents"])
        self.client.get(f"/api/v1/patents/{patent}", name="/api/v1/patents/{id}")

"""A small, realistic catalog and one account per role, shared by page and browser tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.links import create_link
from xinzhi.catalog.schemas import LinkCreate
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.security import create_user, system_principal

PASSWORD = "correct-horse-42"
CONFIDENTIAL_TITLE = "固态电池电解质界面阻抗降低技术需求"
CONFIDENTIAL_QUERY = "固态电池"
PUBLIC_DEMAND_TITLE = "工业机器人精密减速器寿命提升"
ACHIEVEMENT_TITLE = "退役锂离子电池正极材料回收再生技术"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class World:
    """Ids of the sample records; accounts are made on first use (Argon2 hashing is slow)."""

    db: Database
    orgs: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)
    users: set[str] = field(default_factory=set)

    def account(self, name: str) -> str:
        """The username of the sample account ``name`` (a role, or owner/other for enterprise)."""
        if name not in self.users:
            role, org = ACCOUNTS[name]
            with self.db.write(actor="test") as session:
                create_user(
                    session,
                    username=name,
                    password=PASSWORD,
                    role=role,
                    organisation_id=self.orgs[org] if org else None,
                )
            self.users.add(name)
        return name


ACCOUNTS: dict[str, tuple[Role, str | None]] = {
    "admin": (Role.ADMIN, None),
    "broker": (Role.BROKER, None),
    "owner": (Role.ENTERPRISE, "owner"),
    "other": (Role.ENTERPRISE, "other"),
    "researcher": (Role.RESEARCHER, "university"),
    "reviewer": (Role.REVIEWER, None),
    "public": (Role.PUBLIC, None),
}


def _create(db: Database, entity: str, data: dict[str, object]) -> int:
    shape = ENTITIES[entity].create
    with db.write(actor="test") as session:
        obj = service.create_record(
            session, ENTITIES[entity], system_principal("test"), shape.model_validate(data)
        )
        return int(obj.id)


def make_world(db: Database) -> World:
    world = World(db)
    world.orgs["owner"] = _create(
        db, "organisations", {"name": "绿能电池科技有限公司", "kind": "enterprise"}
    )
    world.orgs["other"] = _create(
        db, "organisations", {"name": "华科精密制造有限公司", "kind": "enterprise"}
    )
    world.orgs["university"] = _create(
        db, "organisations", {"name": "江南理工大学", "kind": "university"}
    )
    world.records["secret_demand"] = _create(
        db,
        "demands",
        {
            "title": CONFIDENTIAL_TITLE,
            "detail": "需要将固态电池电解质与电极的界面阻抗降低到现有水平的一半。",
            "field": "新能源",
            "keywords": ["固态电池", "界面阻抗"],
            "owner_org_id": world.orgs["owner"],
            "confidentiality": "confidential",
            "budget_text": "200-500万元",
        },
    )
    world.records["public_demand"] = _create(
        db,
        "demands",
        {
            "title": PUBLIC_DEMAND_TITLE,
            "detail": "RV 减速器在连续运行 6000 小时后精度下降，需要材料与热处理方案。",
            "field": "高端装备",
            "keywords": ["减速器", "热处理"],
            "owner_org_id": world.orgs["other"],
        },
    )
    world.records["achievement"] = _create(
        db,
        "achievements",
        {
            "title": ACHIEVEMENT_TITLE,
            "summary": "湿法冶金与直接再生结合，镍钴锰回收率超过 98%。",
            "field": "新能源",
            "keywords": ["电池回收", "正极材料"],
            "trl": 6,
            "trl_scale": "gbt",
            "owner_org_id": world.orgs["university"],
        },
    )
    world.records["patent"] = _create(
        db,
        "patents",
        {
            "pub_no": "CN115000001A",
            "title": "一种锂电池隔膜的制备方法",
            "applicants": ["江南理工大学"],
            "province": "江苏",
        },
    )
    world.records["expert"] = _create(
        db,
        "experts",
        {
            "name": "张伟",
            "title": "教授",
            "fields": ["储能", "电池材料"],
            "organisation_id": world.orgs["university"],
        },
    )
    world.records["policy"] = _create(
        db,
        "policies",
        {"title": "关于支持专精特新中小企业高质量发展的若干措施", "issuer": "省工业和信息化厅"},
    )
    with db.write(actor="test") as session:
        # The achievement answers the confidential demand: the link must hide with it.
        link = LinkCreate(
            source_type="achievements",
            source_id=world.records["achievement"],
            target_type="demands",
            target_id=world.records["secret_demand"],
            relation="answers",
        )
        create_link(session, system_principal("test"), link)
    return world


def csrf_token(client: TestClient, path: str = "/login") -> str:
    """The session's CSRF token, as a page's form carries it."""
    match = CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client: TestClient, world: World, name: str, password: str = PASSWORD) -> None:
    """Log ``client`` in as the sample account ``name`` through the login form."""
    username = world.account(name)
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


class _FormReader(HTMLParser):
    """Collects the values a browser would submit from the first form with ``form_id``."""

    def __init__(self, form_id: str | None) -> None:
        super().__init__()
        self.form_id, self.inside, self.done = form_id, form_id is None, False
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or self.done:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind not in ("checkbox", "radio", "file") or "checked" in a:
                self.values[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and self._takes(a):
            self.values[self._select] = a.get("value", "")

    def _takes(self, option: dict[str, str]) -> bool:
        """A select's first option is its value until an option marked ``selected`` comes."""
        return "selected" in option or self._select not in self.values

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_values(html: str, form_id: str | None = None) -> dict[str, str]:
    """The fields of a page's form as a browser would submit them (textareas are not read)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.values

"""``xinzhi notifications``: read a user's inbox, send the outbox now, queue digests now."""

from __future__ import annotations

import click
from sqlalchemy import select

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core.errors import NotFound
from xinzhi.core.models import User
from xinzhi.core.security import principal_of


@click.group()
def notifications() -> None:
    """Inbox, e-mail outbox and daily digest (通知)."""


@notifications.command("list")
@click.option("--user", "username", required=True, help="Whose inbox (username).")
@click.option("--unread", is_flag=True, help="Only unread notifications.")
@click.option("--limit", type=int, default=50, show_default=True)
@json_option
@pass_ctx
def list_(ctx: CliContext, username: str, unread: bool, limit: int, as_json: bool) -> None:
    """List USER's notifications, newest first."""
    from xinzhi.notifications import service

    with ctx.migrated_db().read() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"用户 {username!r} 不存在 (user not found)")
        data = service.list_notifications(
            session, principal_of(user), unread_only=unread, page=1, size=max(limit, 1)
        )
    rows = [n.model_dump(mode="json") for n in data.items]
    emit(
        rows,
        as_json,
        lambda rs: (
            "\n".join(
                f"#{r['id']}\t{'未读' if r['read_at'] is None else '已读'}\t{r['kind_label']}\t"
                f"{r['title']}\t{r['link']}"
                for r in rs
            )
            or "暂无通知 (no notifications)"
        ),
    )


@notifications.command("send")
@json_option
@pass_ctx
def send(ctx: CliContext, as_json: bool) -> None:
    """Send the due pending e-mail of the outbox now."""
    from xinzhi.notifications.email import send_outbox

    result = send_outbox(ctx.migrated_db(), ctx.settings)
    if result["disabled"]:
        click.echo("邮件未启用：请设置 smtp_host (e-mail disabled: set smtp_host)", err=True)
    emit(
        result,
        as_json,
        lambda r: (
            f"已发送 sent {r['sent']} · 待重试 retrying {r['retrying']} · 失败 failed {r['failed']}"
        ),
    )


@notifications.command("digest")
@click.option("--force", is_flag=True, help="Every daily digest now, even if sent today.")
@json_option
@pass_ctx
def digest(ctx: CliContext, force: bool, as_json: bool) -> None:
    """Queue the daily digests that are due; `send` (or the worker) delivers them."""
    from xinzhi.notifications.digest import run_digests

    result = run_digests(ctx.migrated_db(), ctx.settings, force=force)
    emit(
        result,
        as_json,
        lambda r: (
            f"已生成摘要 queued {r['queued']} · 无新通知 empty {r['empty']} · "
            f"无邮箱 no address {r['no_address']}"
        ),
    )

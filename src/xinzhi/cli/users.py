"""``xinzhi users``: accounts and API tokens."""

from __future__ import annotations

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core import security, tokens
from xinzhi.core.errors import InvalidInput, NotFound
from xinzhi.core.models import Role, User


@click.group()
def users() -> None:
    """Accounts, roles and API tokens."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.PUBLIC.value)
@click.option("--organisation-id", type=int, default=None)
@click.option("--email", default="", help="Address for notification e-mail (never shown publicly).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@pass_ctx
def create(
    ctx: CliContext,
    username: str,
    role: str,
    organisation_id: int | None,
    email: str,
    password: str,
) -> None:
    """Create an account (the password is asked for unless given)."""
    address = _checked_email(email)
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        user = security.create_user(
            session,
            username=username,
            password=password,
            role=Role(role),
            organisation_id=organisation_id,
        )
        user.email = address
        click.echo(f"created user #{user.id} {username} ({role})")


@users.command("update")
@click.argument("username")
@click.option("--email", default=None, help="Address for notification e-mail; '' clears it.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=None)
@click.option("--active/--disabled", default=None, help="Enable or disable the account.")
@pass_ctx
def update(
    ctx: CliContext, username: str, email: str | None, role: str | None, active: bool | None
) -> None:
    """Change an account's e-mail address, role or whether it may log in."""
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"user {username!r} not found")
        if email is not None:
            user.email = _checked_email(email)
        if role is not None:
            user.role = role
        if active is not None:
            user.active = active
        click.echo(f"updated user #{user.id} {username}")


def _checked_email(raw: str) -> str:
    """The address, or InvalidInput naming the field (the same rule as the settings form)."""
    from pydantic import TypeAdapter, ValidationError

    from xinzhi.notifications.schemas import EmailAddress

    try:
        return str(TypeAdapter(EmailAddress).validate_python(raw.strip()))
    except ValidationError:
        raise InvalidInput(f"--email: 邮箱格式不正确 (not an e-mail address): {raw}") from None


@users.command("list")
@json_option
@pass_ctx
def list_(ctx: CliContext, as_json: bool) -> None:
    """List accounts."""
    with ctx.migrated_db().read() as session:
        rows = [
            {
                "id": u.id,
                "username": u.username,
                "role": u.role,
                "organisation_id": u.organisation_id,
                "active": u.active,
            }
            for u in session.scalars(select(User).order_by(User.id))
        ]
    emit(
        rows,
        as_json,
        lambda rs: "\n".join(
            f"#{r['id']}\t{r['username']}\t{r['role']}\t{'active' if r['active'] else 'disabled'}"
            for r in rs
        ),
    )


@users.command("token")
@click.argument("username")
@click.option("--name", default="cli", help="A label for the token.")
@pass_ctx
def token(ctx: CliContext, username: str, name: str) -> None:
    """Issue an API token for USERNAME (printed once; only its hash is stored)."""
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        click.echo(tokens.issue_token(session, _user(session, username), name))


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"user {username!r} not found")
    return user


@users.command("set-password")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--keep-sessions", is_flag=True, help="Do not end the account's sessions and tokens.")
@pass_ctx
def set_password(ctx: CliContext, username: str, password: str, keep_sessions: bool) -> None:
    """Give USERNAME a new password; its sessions and tokens end unless --keep-sessions."""
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        user = _user(session, username)
        security.set_password(session, user, password)
        ended = 0 if keep_sessions else tokens.revoke_all(session, user.id)
        click.echo(f"password of {username} changed; {ended} session(s)/token(s) ended")


@users.group("tokens")
def tokens_group() -> None:
    """A user's API tokens and web sessions: list and revoke."""


@tokens_group.command("list")
@click.argument("username")
@json_option
@pass_ctx
def tokens_list(ctx: CliContext, username: str, as_json: bool) -> None:
    """List USERNAME's live API tokens and web sessions (never their secrets)."""
    with ctx.migrated_db().read() as session:
        rows = [
            {
                "id": r.id,
                "kind": r.kind,
                "name": r.name,
                "created_at": r.created_at.isoformat(timespec="seconds"),
                "last_used_at": r.last_used_at.isoformat(timespec="seconds")
                if r.last_used_at
                else None,
                "expires_at": r.expires_at.isoformat(timespec="seconds") if r.expires_at else None,
                "address": r.address,
            }
            for r in tokens.list_for(session, _user(session, username).id)
        ]
    emit(
        rows,
        as_json,
        lambda rs: (
            "\n".join(
                f"#{r['id']}\t{r['kind']}\t{r['name'] or '-'}\t{r['created_at']}\t"
                f"last used {r['last_used_at'] or 'never'}\t{r['address'] or '-'}"
                for r in rs
            )
            or "no live tokens or sessions"
        ),
    )


@tokens_group.command("revoke")
@click.argument("token_ids", type=int, nargs=-1)
@click.option("--all", "all_of", default=None, metavar="USERNAME", help="Every one of USERNAME's.")
@pass_ctx
def tokens_revoke(ctx: CliContext, token_ids: tuple[int, ...], all_of: str | None) -> None:
    """Revoke API tokens / end web sessions by id (see `tokens list`), or --all of a user."""
    if not token_ids and all_of is None:
        raise InvalidInput("name token ids or --all USERNAME")
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        for token_id in token_ids:
            tokens.revoke(session, token_id, user_id=None, admin=True)
        count = len(token_ids)
        if all_of is not None:
            count += tokens.revoke_all(session, _user(session, all_of).id)
    click.echo(f"revoked {count} token(s)/session(s)")

"""Strings of the account pages (log-in sessions and API tokens), rate limits and the
security refusals, in Chinese (first) and English; registered by :mod:`xinzhi.common.web.i18n`
beside the frame's own catalogue."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "auth.throttled": "登录失败次数过多，请 {s} 秒后再试。",
        "account.sessions_title": "我的登录会话/令牌",
        "account.sessions_lead": (
            "下面是您当前有效的网页登录会话和 API 令牌。不认识的会话或不再使用的令牌，"
            "请立即撤销；撤销后使用它的浏览器或脚本需要重新登录。"
        ),
        "account.kind": "类型",
        "account.kind.session": "网页登录",
        "account.kind.api": "API 令牌",
        "account.name": "名称",
        "account.created": "创建时间",
        "account.last_used": "最近使用",
        "account.expires": "到期时间",
        "account.never": "从未",
        "account.no_expiry": "不过期",
        "account.client": "地址 / 浏览器",
        "account.current": "当前会话",
        "account.revoke": "撤销",
        "account.revoke_others": "退出其他所有会话并撤销全部令牌",
        "account.revoked": "已撤销。",
        "account.none": "没有有效的会话或令牌。",
        "account.new_token": "新建 API 令牌",
        "account.token_name": "令牌名称",
        "account.token_created": "新令牌如下，只显示这一次，请立即复制保存：",
        "error.429": "请求过于频繁",
        "error.429.retry": "请求过于频繁，请 {s} 秒后再试。",
    },
    "en": {
        "auth.throttled": "Too many failed log-ins; please try again in {s} seconds.",
        "account.sessions_title": "My sessions and tokens",
        "account.sessions_lead": (
            "Your open web sessions and API tokens. Revoke any session you do not recognise "
            "and any token you no longer use; whoever uses it must log in again."
        ),
        "account.kind": "Kind",
        "account.kind.session": "Web session",
        "account.kind.api": "API token",
        "account.name": "Name",
        "account.created": "Created",
        "account.last_used": "Last used",
        "account.expires": "Expires",
        "account.never": "never",
        "account.no_expiry": "does not expire",
        "account.client": "Address / browser",
        "account.current": "this session",
        "account.revoke": "Revoke",
        "account.revoke_others": "Log out every other session and revoke all tokens",
        "account.revoked": "Revoked.",
        "account.none": "No open sessions or tokens.",
        "account.new_token": "New API token",
        "account.token_name": "Token name",
        "account.token_created": "Your new token, shown only this once; copy it now:",
        "error.429": "Too many requests",
        "error.429.retry": "Too many requests; please try again in {s} seconds.",
    },
}

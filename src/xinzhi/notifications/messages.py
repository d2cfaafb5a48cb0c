"""What a user reads about notifications, Chinese first and English for the toggle.

Kind codes are stable identifiers that publishers use in :class:`~xinzhi.core.events.Notice`;
their labels appear in the inbox, the settings form and e-mail. The page strings (``MESSAGES``) are
registered by the composition root, so templates use the usual ``t("notifications.…")``.
"""

from __future__ import annotations

# code → (中文, English); the order is the order of the settings form.
KINDS: dict[str, tuple[str, str]] = {
    "match.new": ("新的优质匹配", "New good matches"),
    "demand.response": ("需求收到响应", "Responses to my demands"),
    "engagement.created": ("新的对接", "New engagements"),
    "engagement.stage": ("对接阶段变化", "Engagement stage changes"),
    "engagement.follow_up_due": ("跟进到期", "Follow-ups due"),
    "contract.recorded": ("技术合同登记", "Technology contracts recorded"),
    "watch.warning": ("专利预警", "Patent watchlist warnings"),
    "challenge.deadline": ("揭榜挂帅截止提醒", "Challenge deadlines"),
}

DIGEST_SUBJECT = {"zh": "新质平台每日摘要：{n} 条未读通知", "en": "xinzhi daily digest: {n} unread"}
DIGEST_LEAD = "您有 {n} 条未读通知（自上次摘要以来）："
DIGEST_FOOTER = "查看全部通知：{url}\n如不再需要每日摘要，请在通知设置中选择“不发送”。"
MAIL_FOOTER = "此邮件由新质平台自动发送。调整邮件通知：{url}"


def kind_label(kind: str, lang: str = "zh") -> str:
    """The kind in words; an unknown kind (a newer publisher) shows its code."""
    labels = KINDS.get(kind)
    if labels is None:
        return kind
    return labels[0] if lang == "zh" else labels[1]


ZH: dict[str, str] = {
    "nav.inbox": "通知",
    "notifications.unread_badge": "{n} 条未读通知",
    "notifications.title": "通知",
    "notifications.lead": "与您相关的匹配、响应、对接进展、跟进提醒和专利预警。",
    "notifications.show_unread": "只看未读",
    "notifications.show_all": "全部通知",
    "notifications.empty": "暂无通知。",
    "notifications.empty_unread": "没有未读通知。",
    "notifications.unread": "未读",
    "notifications.read": "已读",
    "notifications.mark_read": "标为已读",
    "notifications.mark_all_read": "全部标为已读",
    "notifications.open": "查看",
    "notifications.marked": "已标为已读。",
    "notifications.all_marked": "全部通知已标为已读。",
    "notifications.settings": "通知设置",
    "notifications.settings_lead": (
        "选择每类通知是否进入站内通知、是否发送邮件。邮件需要填写邮箱地址，并由管理员配置邮件服务。"
    ),
    "notifications.kind": "通知类型",
    "notifications.inbox": "站内通知",
    "notifications.email": "邮件",
    "notifications.email_address": "接收邮件的邮箱",
    "notifications.email_hint": "仅用于发送通知，不会公开显示。",
    "notifications.digest": "每日摘要",
    "notifications.digest.none": "不发送",
    "notifications.digest.daily": "每天一封，汇总未读通知",
    "notifications.save": "保存设置",
    "notifications.saved": "通知设置已保存。",
    "notifications.failed": "无法保存：{reason}",
    "notifications.email_disabled": "平台尚未配置邮件服务，邮件通知暂不会发出。",
    "notifications.page_of": "第 {page} / {pages} 页",
}

EN: dict[str, str] = {
    "nav.inbox": "Inbox",
    "notifications.unread_badge": "{n} unread notifications",
    "notifications.title": "Notifications",
    "notifications.lead": (
        "Matches, responses, engagement progress, follow-up reminders and patent warnings for you."
    ),
    "notifications.show_unread": "Unread only",
    "notifications.show_all": "All notifications",
    "notifications.empty": "No notifications yet.",
    "notifications.empty_unread": "No unread notifications.",
    "notifications.unread": "Unread",
    "notifications.read": "Read",
    "notifications.mark_read": "Mark as read",
    "notifications.mark_all_read": "Mark all as read",
    "notifications.open": "Open",
    "notifications.marked": "Marked as read.",
    "notifications.all_marked": "All notifications marked as read.",
    "notifications.settings": "Notification settings",
    "notifications.settings_lead": (
        "Choose for each kind whether it goes to your inbox and whether it is e-mailed. E-mail "
        "needs your address and a mail server configured by the administrator."
    ),
    "notifications.kind": "Kind",
    "notifications.inbox": "Inbox",
    "notifications.email": "E-mail",
    "notifications.email_address": "E-mail address for notifications",
    "notifications.email_hint": "Used only to send notifications; never shown publicly.",
    "notifications.digest": "Daily digest",
    "notifications.digest.none": "None",
    "notifications.digest.daily": "One e-mail a day with the unread notifications",
    "notifications.save": "Save settings",
    "notifications.saved": "Notification settings saved.",
    "notifications.failed": "Could not save: {reason}",
    "notifications.email_disabled": "No mail server is configured yet, so no e-mail is sent.",
    "notifications.page_of": "Page {page} of {pages}",
}
for _code, (_zh, _en) in KINDS.items():
    ZH[f"notifications.kind.{_code}"] = _zh
    EN[f"notifications.kind.{_code}"] = _en

MESSAGES = {"zh": ZH, "en": EN}

"""Notifications: every user's inbox, per-kind settings, an e-mail outbox sent over SMTP and a
daily digest. Other domains publish :class:`xinzhi.core.events.Notice`; this domain decides how
each recipient hears of it (see ``docs/notifications.md``)."""

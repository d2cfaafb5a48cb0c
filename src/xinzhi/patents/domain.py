"""专利导航 as the composition root sees it: patents analytics, applicant aliases, watchlists."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="patents",
    models=("xinzhi.patents.models", "xinzhi.patents.watch.models"),
    jobs=("xinzhi.patents.watch.jobs",),
    commands={"patents": "xinzhi.patents.cli:patents"},
    # aliases before /patents/{...}; both before the catalog's /patents/{record_id}
    api=(
        "xinzhi.patents.aliases_api:router",
        "xinzhi.patents.api:router",
        "xinzhi.patents.watch.api:router",
    ),
    pages=("xinzhi.patents.watch.pages:router", "xinzhi.patents.pages:router"),
    messages=("xinzhi.patents.messages:MESSAGES",),
)

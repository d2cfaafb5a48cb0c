"""The catalog as the composition root sees it."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="catalog",
    models=("xinzhi.catalog.models",),
    jobs=("xinzhi.catalog.importing.jobs",),
    commands={
        "import": "xinzhi.catalog.importing.cli:import_cmd",
        "export": "xinzhi.catalog.importing.cli:export_cmd",
        "search": "xinzhi.catalog.cli:search",
        "organisations": "xinzhi.catalog.cli:organisations",
        "experts": "xinzhi.catalog.cli:experts",
        "achievements": "xinzhi.catalog.cli:achievements",
        "demands": "xinzhi.catalog.cli:demands",
        "policies": "xinzhi.catalog.cli:policies",
    },
    api=("xinzhi.catalog.api:routers",),
    pages=("xinzhi.catalog.pages:routers",),
    messages=("xinzhi.catalog.messages:MESSAGES",),
    demo=("xinzhi.catalog.demo:load_demo",),
)

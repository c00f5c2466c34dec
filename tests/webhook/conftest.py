from tests.helpers.service import (  # noqa: F401 - fixtures
    client,
    pg_home,
    register,
    run_jobs,
    service_config,
    webhook_app,
)

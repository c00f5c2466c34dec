from tests.helpers.gitserver import git_http_server  # noqa: F401 - fixture
from tests.helpers.service import (  # noqa: F401 - fixtures
    client,
    pg_home,
    register,
    run_jobs,
    service_config,
    webhook_app,
)

"""The finding page's triage form: resolve, false positive (optionally until a date) or reopen,
with a reason. It calls ``pushguard.triage.apply``, the code behind ``pushguard findings
resolve|false-positive|reopen`` and ``PATCH /api/v1/findings/<id>``: same status change,
same ``finding.<action>`` audit event, same allowlist entry and file the hook reads."""

from __future__ import annotations

import datetime as dt
from typing import Final

from flask import Response, abort, redirect, request, url_for

from pushguard import triage as triage_mod
from pushguard.webhook.console.auth import requires
from pushguard.webhook.console.blueprint import bp, config, db, viewer
from pushguard.webhook.console.pages import TRIAGE, finding_page

ACTIONS: Final = tuple(triage_mod.ACTIONS)


@bp.post("/findings/<int:finding_id>/triage")
@requires(TRIAGE)
def triage(finding_id: int) -> Response | tuple[str, int]:
    who = viewer()
    assert who is not None
    action = request.form.get("action", "")
    if action not in ACTIONS:
        return finding_page(finding_id, error="Choose resolve, false positive or reopen."), 400
    expires = None
    if action == "false-positive" and request.form.get("expires"):
        try:
            expires = dt.date.fromisoformat(request.form["expires"])
        except ValueError:
            return finding_page(finding_id, error="The date must look like 2027-01-31."), 400
    try:
        (done,) = triage_mod.apply(
            db(),
            config().allowlist_file,
            [finding_id],
            action,
            request.form.get("reason"),
            f"token:{who.token_id}",
            expires,
        )
    except triage_mod.NotFound:
        abort(404, f"no finding {finding_id}")
    except triage_mod.TriageError as exc:
        return finding_page(finding_id, error=str(exc)), 400
    target = url_for(
        "console.finding",
        finding_id=finding_id,
        done="changed" if done.changed else "unchanged",
        status=done.after,
    )
    return redirect(target, code=303)  # type: ignore[return-value]

"""The audit log: who did what, when and why (written by the services only)."""

from .models import AuditLogEntry


def audit_log(*, action: str, actor=None, initiative=None, call=None, reason="", **data):
    return AuditLogEntry.objects.create(
        action=action, actor=actor, initiative=initiative, call=call, reason=reason, data=data
    )

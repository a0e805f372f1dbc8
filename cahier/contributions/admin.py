"""The contributions in the Django admin: read-only, each row linking to the curation page
that changes it through the services (revision, audit entry, mail)."""

from django.contrib import admin

from cahier.core.admin import ServiceFlowAdmin

from .models import AuditLogEntry, Call, Comment, Revision, Submission, UpdateProposal


@admin.register(Call)
class CallAdmin(ServiceFlowAdmin):
    list_display = ["title", "opens_at", "closes_at"]
    service_url_name = "curation:call_edit"


@admin.register(Submission)
class SubmissionAdmin(ServiceFlowAdmin):
    list_display = ["initiative", "contributor", "call", "submitted_at"]
    list_select_related = ["initiative", "contributor", "call"]

    def service_url_kwargs(self, obj) -> dict:
        return {"pk": obj.initiative_id}

    service_url_name = "curation:detail"


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(ServiceFlowAdmin):
    """Written by the services only."""

    list_display = ["created_at", "action", "actor", "initiative"]
    list_filter = ["action"]
    service_url_name = ""


@admin.register(Revision)
class RevisionAdmin(ServiceFlowAdmin):
    list_display = ["initiative", "version", "author", "created_at"]
    list_select_related = ["initiative", "author"]
    service_url_name = "curation:history"

    def service_url_kwargs(self, obj) -> dict:
        return {"pk": obj.initiative_id}


@admin.register(Comment)
class CommentAdmin(ServiceFlowAdmin):
    list_display = ["initiative", "author", "created_at"]
    list_select_related = ["initiative", "author"]
    service_url_name = "curation:detail"

    def service_url_kwargs(self, obj) -> dict:
        return {"pk": obj.initiative_id}


@admin.register(UpdateProposal)
class UpdateProposalAdmin(ServiceFlowAdmin):
    """Decided in the curation (accept: a revision; reject: the reason e-mailed)."""

    list_display = ["initiative", "source", "state", "created_at"]
    list_filter = ["state", "source"]
    list_select_related = ["initiative"]
    service_url_name = "curation:update_detail"

from django.contrib import admin

from .models import AuditLogEntry, Call, Comment, Revision, Submission


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at"]
    filter_horizontal = ["regions"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["initiative", "contributor", "call", "submitted_at"]
    raw_id_fields = ["initiative", "contributor"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the services."""

    list_display = ["created_at", "action", "actor", "initiative"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Revision)
admin.site.register(Comment)

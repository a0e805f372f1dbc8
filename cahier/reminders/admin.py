from django.contrib import admin

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read only: reminders are written by `cahier reminders send` and the signed link."""

    list_display = ["initiative", "period_start", "first_sent_at", "second_sent_at", "answer"]
    list_filter = ["answer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

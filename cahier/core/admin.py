"""What the Django admin may write: models with a service flow (initiatives, calls, events,
the history) are read-only there, with a link to the page that writes them through the
services (revision, audit entry, workflow, search index)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html


class ServiceFlowAdmin(admin.ModelAdmin):
    """Read-only admin. `service_url_name` (and `service_url_kwargs(obj)`) name the page where
    the object is changed; `service_label` is its French name."""

    service_url_name = ""
    service_label = "la curation"

    def service_url_kwargs(self, obj) -> dict:
        return {"pk": obj.pk}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="modifier")
    def service_link(self, obj):
        if not self.service_url_name or obj is None or obj.pk is None:
            return "—"
        url = reverse(self.service_url_name, kwargs=self.service_url_kwargs(obj))
        return format_html('<a href="{}">Modifier dans {}</a>', url, self.service_label)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return ["service_link", *fields] if self.service_url_name else fields

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        return [*columns, "service_link"] if self.service_url_name else columns

"""Editions in the Django admin: read-only. Editions are composed, published and chosen as
the site's reference on /editions/ (services.py), where every rule and the audit log apply."""

from django.contrib import admin

from cahier.core.admin import ServiceFlowAdmin

from .models import Edition, EditionEntry


class EditionEntryInline(admin.TabularInline):
    model = EditionEntry
    extra = 0
    fields = ["number", "initiative", "list_title"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(ServiceFlowAdmin):
    list_display = ["title", "year", "slug", "is_published", "is_current"]
    inlines = [EditionEntryInline]
    service_url_name = "editions:compose"
    service_label = "le composeur d’éditions"

    def service_url_kwargs(self, obj) -> dict:
        return {"slug": obj.slug}

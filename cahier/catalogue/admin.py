from django.contrib import admin

from . import models


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "is_overseas", "is_national", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["label"]
    prepopulated_fields = {"slug": ["label"]}


admin.site.register(models.Keyword, TaxonomyAdmin)
admin.site.register(models.PublicType, TaxonomyAdmin)
admin.site.register(models.Funding, TaxonomyAdmin)


@admin.register(models.GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["acronym", "definition"]
    search_fields = ["acronym", "definition"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]
    readonly_fields = ["key", "spellings"]


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["kind", "year"]
    list_filter = ["kind"]


@admin.register(models.Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "porteur", "event", "provenance_status", "status"]
    list_filter = ["status", "region", "event", "provenance_status", "keywords", "publics"]
    search_fields = ["title", "porteur_label", "territory"]
    autocomplete_fields = ["porteur"]
    filter_horizontal = ["keywords", "publics", "fundings"]
    readonly_fields = ["version", "created_at", "updated_at", "published_at"]
    list_select_related = ["region", "porteur", "event"]

    def save_model(self, request, obj, form, change):
        # Admin edits still bump the version (optimistic locking elsewhere relies on it).
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        from .signals import initiatives_changed

        super().save_related(request, form, formsets, change)
        initiatives_changed.send(sender=models.Initiative, ids=[form.instance.pk])

    def delete_model(self, request, obj):
        from .services import initiative_delete

        initiative_delete(initiative=obj)

    def delete_queryset(self, request, queryset):
        from .services import initiative_delete

        for obj in queryset:
            initiative_delete(initiative=obj)

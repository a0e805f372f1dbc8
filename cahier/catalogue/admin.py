"""The catalogue in the Django admin. Initiatives and events have a service flow (curation):
read-only here. Reference terms are edited here; the search index follows their saves
(search.receivers) and their deletions (services.term_delete), and the admin's own history
(« Historique ») records who changed what."""

from django import forms
from django.contrib import admin

from cahier.core.admin import ServiceFlowAdmin
from cahier.core.siret import siret_error, siret_normalize

from . import models, services


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

    def delete_model(self, request, obj):
        services.term_delete(term=obj)

    def delete_queryset(self, request, queryset):
        for term in queryset:
            services.term_delete(term=term)


admin.site.register(models.Keyword, TaxonomyAdmin)
admin.site.register(models.PublicType, TaxonomyAdmin)
admin.site.register(models.Funding, TaxonomyAdmin)


@admin.register(models.GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["acronym", "definition"]
    search_fields = ["acronym", "definition"]


class OrganisationForm(forms.ModelForm):
    # Typed as printed (« 362 521 879 00034 »): longer than the 14 digits stored.
    siret = forms.CharField(
        label="Numéro SIRET",
        max_length=40,
        required=False,
        help_text=models.Organisation._meta.get_field("siret").help_text,
    )

    class Meta:
        model = models.Organisation
        fields = ["name", "siret"]

    def clean_siret(self):
        value = self.cleaned_data["siret"]
        if message := siret_error(value):
            raise forms.ValidationError(message)
        return siret_normalize(value)


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["name", "siret", "key"]
    search_fields = ["name", "key", "siret"]
    readonly_fields = ["key", "spellings"]

    def save_model(self, request, obj, form, change):
        services.organisation_save(organisation=obj)


@admin.register(models.Event)
class EventAdmin(ServiceFlowAdmin):
    list_display = ["kind", "year"]
    list_filter = ["kind"]
    service_url_name = "curation:event_edit"


@admin.register(models.Initiative)
class InitiativeAdmin(ServiceFlowAdmin):
    """Read-only: a fiche is changed in the curation (revision, audit entry, workflow), taken
    off the site by archiving it there."""

    list_display = ["title", "region", "porteur", "event", "provenance_status", "status"]
    list_filter = [
        "status",
        "region",
        "event",
        "provenance_status",
        "check_interval_months",  # set in the proposal or the curation, no longer here
        "keywords",
        "publics",
    ]
    search_fields = ["title", "porteur_label", "territory"]
    list_select_related = ["region", "porteur", "event"]
    service_url_name = "curation:edit"


@admin.register(models.ImportRecord)
class ImportRecordAdmin(ServiceFlowAdmin):
    """Written by `cahier import` only."""

    list_display = ["initiative", "source", "imported_at"]
    list_select_related = ["initiative"]
    search_fields = ["initiative__title"]


@admin.register(models.InstitutionChange)
class InstitutionChangeAdmin(ServiceFlowAdmin):
    """Read-only: curators edit the table in the curation (journal entry, search lexicon)."""

    list_display = ["old_acronym", "old_name", "new_acronym", "new_name", "changed_on"]
    search_fields = ["old_acronym", "old_name", "new_acronym", "new_name"]
    service_url_name = "curation:institution_edit"

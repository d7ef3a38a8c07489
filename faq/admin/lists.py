"""The small lists editors keep: audiences, topics, contacts and search synonyms."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from faq.admin.base import FaqAdminMixin
from faq.models import Audience, Contact, Synonym, Topic


@admin.register(Synonym)
class SynonymAdmin(FaqAdminMixin, admin.ModelAdmin):
    list_display = ["terms"]
    search_fields = ["terms"]


@admin.register(Audience)
class AudienceAdmin(FaqAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_es", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]


@admin.register(Topic)
class TopicAdmin(FaqAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_es", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]


@admin.register(Contact)
class ContactAdmin(FaqAdminMixin, SimpleHistoryAdmin):
    list_display = ["label", "kind", "value", "purpose", "position", "active"]
    list_editable = ["position", "active"]
    ordering = ["position", "label"]
    history_list_display = ["value", "active"]

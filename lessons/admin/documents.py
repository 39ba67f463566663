"""Source documents."""

from __future__ import annotations

from django.contrib import admin

from lessons.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["source_name", "title", "ingested_at", "short_sha"]
    search_fields = ["source_name", "title"]
    readonly_fields = ["source_name", "sha256", "ingested_at"]

    @admin.display(description="sha256")
    def short_sha(self, obj: Document) -> str:
        return obj.sha256[:12]

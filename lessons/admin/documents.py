"""Source documents, and adding an article (the way a document is added from the admin).

"Add document" opens the upload form; a good upload becomes an :class:`ArticleImport` whose page
is, in turn, the preview (with *Confirm*), the progress while its task runs (the page reloads
itself), and the summary of what was made, or the reason it failed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from lessons.articles import MAX_SEED_BYTES, IngestError
from lessons.models import ArticleImport, Document, Module
from lessons.services.imports import (
    confirm_import,
    preview_of,
    preview_upload,
    record_preview,
)
from lessons.tasks import queue_import

from .base import ContentAdmin, admin_link

REFRESH_SECONDS = 2  # how often an import's page reloads while its task is queued or running


class UploadForm(forms.Form):
    file = forms.FileField(
        required=False, label="Article file", help_text="A .txt or .md file, UTF-8 text."
    )
    text = forms.CharField(
        required=False,
        label="Or paste the article",
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
    )
    title = forms.CharField(
        required=False,
        max_length=300,
        label="Title",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text="Leave empty to take the article's own title (the preview shows it).",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("file")) == bool(data.get("text", "").strip()):
            raise forms.ValidationError("Choose a file or paste the text: one of the two.")
        return data

    def upload(self) -> tuple[bytes, str]:
        """(bytes, file name); pasted text has no name. Only staff upload: a file is read whole
        so that a refusal can say how large it was."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data["text"].encode("utf-8"), ""
        return upload.read(), upload.name or ""


class ConfirmForm(forms.Form):
    title = forms.CharField(
        max_length=300, label="Module title", widget=forms.TextInput(attrs={"class": "vTextField"})
    )


@admin.register(Document)
class DocumentAdmin(ContentAdmin):
    list_display = ["title", "source_name", "module_link", "ingested_at", "short_sha"]
    list_display_links = ["title"]
    list_select_related = ["module"]
    search_fields = ["source_name", "title"]
    readonly_fields = ["source_name", "sha256", "ingested_at"]

    @admin.display(description="sha256")
    def short_sha(self, obj: Document) -> str:
        return obj.sha256[:12]

    @admin.display(description="module")
    def module_link(self, obj: Document) -> str:
        module = getattr(obj, "module", None)
        return admin_link(Module, module.pk, module.title) if module else "–"

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        """Upload an article (or paste it); a good one goes on to its import's preview."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            raw, name = form.upload()
            try:
                preview = preview_upload(raw=raw, name=name, title=form.cleaned_data["title"])
            except IngestError as error:
                form.add_error(None, str(error))
            else:
                article_import = record_preview(preview, by=request.user)
                return HttpResponseRedirect(import_url(article_import))
        context = {
            **self.admin_site.each_context(request),
            "title": "Add document",
            "opts": self.model._meta,
            "form": form,
            "max_size": f"{MAX_SEED_BYTES:,} bytes",
        }
        return TemplateResponse(request, "admin/lessons/document/upload.html", context)


def import_url(article_import: ArticleImport) -> str:
    return reverse("admin:lessons_articleimport_change", args=[article_import.pk])


@admin.register(ArticleImport)
class ArticleImportAdmin(admin.ModelAdmin):
    """The record of every article added: who, when, which file, how it went."""

    list_display = ["file_name", "title", "status", "created_by", "created_at", "document_link"]
    list_filter = ["status"]
    list_select_related = ["created_by", "document"]
    search_fields = ["file_name", "title"]

    @admin.display(description="document")
    def document_link(self, obj: ArticleImport) -> str:
        return admin_link(Document, obj.document_id, obj.document.title) if obj.document else "–"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an import starts from "Add document"

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        """The preview (POST confirms it), the progress, or the summary, by the import's status."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        article_import = get_object_or_404(
            ArticleImport.objects.select_related("created_by"), pk=object_id
        )
        waiting = article_import.status == ArticleImport.Status.PREVIEW
        form = ConfirmForm(request.POST or None, initial={"title": article_import.title})
        if request.method == "POST":
            if not self.has_change_permission(request, article_import):
                raise PermissionDenied
            if article_import.stalled and "run_again" in request.POST:
                article_import.requeue()
                queue_import(article_import)
                messages.info(request, f"Import of “{article_import.title}” queued again.")
                return HttpResponseRedirect(import_url(article_import))
            if not waiting:
                raise PermissionDenied
            if form.is_valid() and self._confirm(request, article_import, form):
                return HttpResponseRedirect(import_url(article_import))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Article import: {article_import.file_name}",
            "opts": self.model._meta,
            "original": article_import,
            "form": form,
            "preview": preview_of(article_import) if waiting else None,
            "refresh": None
            if article_import.finished or waiting or article_import.stalled
            else REFRESH_SECONDS,
            "summary": article_import.summary,
        }
        return TemplateResponse(request, "admin/lessons/articleimport/import.html", context)

    def _confirm(
        self, request: HttpRequest, article_import: ArticleImport, form: ConfirmForm
    ) -> bool:
        try:
            confirm_import(article_import, title=form.cleaned_data["title"])
        except IngestError as error:
            form.add_error(None, str(error))
            return False
        queue_import(article_import)
        messages.info(request, f"Import of “{article_import.title}” confirmed.")
        return True

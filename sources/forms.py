"""The admin's "add source" form: paste text, upload a file or give a URL, plus metadata;
and the span of a body an editor selected.

It only checks the input's shape; ``sources.services`` validates and cleans the article.
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db import models

from .cleaning import FORMAT_BY_SUFFIX
from .models import Source
from .services import source_metadata_check


class SourceAddForm(forms.Form):
    text = forms.CharField(
        label="Paste the article",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90, "class": "vLargeTextField"}),
        help_text="Plain text, Markdown or HTML; menus and share prompts are removed.",
    )
    file = forms.FileField(
        label="or upload a file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(FORMAT_BY_SUFFIX))}),
        help_text=".txt, .md or .html, UTF-8.",
    )
    url = forms.URLField(
        label="or give its URL",
        required=False,
        assume_scheme="https",
        max_length=2000,
        widget=forms.URLInput(attrs={"class": "vURLField", "placeholder": "https://"}),
        help_text="The page is fetched now.",
    )
    title = forms.CharField(
        max_length=500, required=False, help_text="Leave empty to take it from the article."
    )
    publisher = forms.CharField(max_length=200, required=False)
    author = forms.CharField(max_length=300, required=False)
    published_on = forms.DateField(required=False, label="Published on", widget=AdminDateWidget)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if Path(upload.name).suffix.lower() not in FORMAT_BY_SUFFIX:
            raise forms.ValidationError(
                "Upload a .txt, .md or .html file (not %(name)s).", params={"name": upload.name}
            )
        if upload.size > settings.SOURCE_MAX_RAW_BYTES:
            raise forms.ValidationError(
                "The file is larger than the limit of %(limit)s bytes.",
                params={"limit": f"{settings.SOURCE_MAX_RAW_BYTES:,}"},
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        given = [name for name in ("text", "file", "url") if cleaned.get(name)]
        if not given and not self.errors:
            raise forms.ValidationError("Paste the article, upload a file or give its URL.")
        if len(given) > 1:
            raise forms.ValidationError(
                "Give the article one way only: pasted text, a file or a URL."
            )
        return cleaned

    @property
    def input_field(self) -> str:
        """The field the article came in, where errors about its content belong."""
        for name in ("file", "url"):
            if self.cleaned_data.get(name):
                return name
        return "text"

    def metadata(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "publisher", "author", "published_on")
            if self.cleaned_data.get(name)
        }


class BodySpanForm(forms.Form):
    """A span of a source body an editor selected: start and end in characters (code
    points, as the page's script counts them), and the text selected, when sent,
    which must be the body's text there."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)
    text = forms.CharField(required=False, strip=False)

    def __init__(self, *args, body: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body

    def clean(self):
        cleaned = super().clean()
        start, end, text = cleaned.get("start"), cleaned.get("end"), cleaned.get("text")
        if start is not None and end is not None and text and self.body[start:end] != text:
            raise forms.ValidationError(
                "The selection does not match the article's text there: "
                "reload the page and select it again."
            )
        return cleaned

    def problems(self) -> list[str]:
        """The errors as sentences for an admin message, each naming its field."""
        return [
            error if name == "__all__" else f"{name.capitalize()}: {error}"
            for name, errors in self.errors.items()
            for error in errors
        ]


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # as the add form: a bare "example.org/story" is https
    return field.formfield(**kwargs)


class SourceMetadataForm(forms.ModelForm):
    """A source's metadata as editors correct it; an empty field reads "unknown".

    Checked by ``sources.services.source_metadata_check`` (a URL that is another
    source's gets its error here, beside the field), saved by the admin through
    ``source_metadata_edit``.
    """

    class Meta:
        model = Source
        fields = list(Source.EDITABLE_METADATA)
        widgets = {
            name: forms.TextInput(attrs={"placeholder": "unknown", "class": "vTextField"})
            for name in ("title", "author", "publisher")
        } | {
            "published_on": AdminDateWidget(attrs={"placeholder": "unknown"}),
            "url": forms.URLInput(attrs={"class": "vURLField", "placeholder": "unknown"}),
        }
        formfield_callback = _formfield

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not self.errors:
            try:
                source_metadata_check(source=self.instance, changes=self.metadata_changes())
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def metadata_changes(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.changed_data}

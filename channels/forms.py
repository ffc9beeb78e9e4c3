"""The forms of the channel log and of marking a page for channels."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Channel, ChannelKind


class PostingForm(forms.Form):
    """One posting: the channel, when, and where (the post's address or, for the
    notice board, where the poster hangs)."""

    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.active(), empty_label=None
    )
    posted_at = forms.DateTimeField(
        label=_("Posted at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    url = forms.URLField(
        label=_("Address of the post"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of the post on the channel, e.g. the Facebook post."),
    )
    location = forms.CharField(
        label=_("Board location"),
        required=False,
        max_length=255,
        help_text=_("For the notice board: where the poster hangs."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "posted_at" not in self.initial:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial["posted_at"] = now.strftime("%Y-%m-%dT%H:%M")

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise ValidationError(_("Give an address that starts with https://."))
        return url

    def clean_posted_at(self):
        posted_at = self.cleaned_data["posted_at"]
        if posted_at > timezone.now() + dt.timedelta(minutes=5):
            raise ValidationError(_("A posting cannot be in the future."))
        return posted_at

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if channel is None:
            return data
        if channel.kind == ChannelKind.BOARD:
            if not data.get("location"):
                self.add_error("location", _("Say where the poster hangs."))
        elif channel.kind == ChannelKind.SOCIAL and not data.get("url"):
            self.add_error("url", _("Give the address of the post."))
        return data


class CorrectionForm(PostingForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=255, required=True
    )


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the removal"), max_length=255, required=True
    )


class MarkForm(forms.Form):
    """The channels a page is to go out on, and a note for public relations."""

    channels = forms.ModelMultipleChoiceField(
        label=_("Channels"),
        queryset=Channel.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Note for public relations"), max_length=255, required=False
    )

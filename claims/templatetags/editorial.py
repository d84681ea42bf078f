"""`{% claim_tools claim as tools %}`: the editorial section of the claim panel."""

from __future__ import annotations

from typing import Any

from django import template

from claims.models import Claim
from claims.panel import Tools, build_tools

register = template.Library()


@register.simple_tag(takes_context=True)
def claim_tools(context: template.Context, claim: Claim) -> Tools | None:
    request: Any = context.get("request")
    if request is None:
        return None
    return build_tools(claim.pk, request.user, context.get("feedback"))

"""The page templates (Jinja2, autoescaped) and a helper to render one."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from panelist.reports import DECISION_LABELS
from panelist.reports.models import DECISION_NAMES
from panelist.web.context import WebContext
from panelist.web.deps import template_context

TEMPLATES_DIR = Path(__file__).with_name("templates")


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


@cache
def templates() -> Jinja2Templates:
    env = Jinja2Templates(directory=TEMPLATES_DIR)
    env.env.filters["score"] = _score
    env.env.globals["decision_labels"] = DECISION_LABELS
    env.env.globals["decision_names"] = DECISION_NAMES
    return env


def render(request: Request, context: WebContext, name: str, **values: Any) -> str:
    """A template rendered to a string (a fragment sent inside an event stream)."""
    template = templates().get_template(name)
    return template.render(template_context(request, context, **values))


def page(
    request: Request,
    context: WebContext,
    name: str,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **values: Any,
) -> Response:
    return templates().TemplateResponse(
        request,
        name,
        template_context(request, context, **values),
        status_code=status_code,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )

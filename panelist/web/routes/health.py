"""``/healthz`` (the process is up) and ``/readyz`` (database reachable, schema at head)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from panelist.storage import migrate
from panelist.web.deps import Ctx
from panelist.web.problems import PROBLEM, TYPE_BASE

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The database is reachable and migrated to the newest schema")
def readyz(request: Request, context: Ctx) -> Response:
    head = migrate.head_revision()
    try:
        current = migrate.current_revision(context.database.engine)
    except SQLAlchemyError as exc:
        detail = (
            f"The database cannot be reached ({type(exc).__name__}): check "
            "PANELIST_DATABASE_URL and that the database server is running."
        )
        return _not_ready(request, detail)
    if current != head:
        detail = (
            f"The database schema is at revision {current or 'none'}, panelist needs {head}: "
            "run `panelist db upgrade`."
        )
        return _not_ready(request, detail)
    return JSONResponse({"status": "ready", "schema_revision": current})


def _not_ready(request: Request, detail: str) -> Response:
    body = {
        "type": TYPE_BASE + "not-ready",
        "title": "Not ready",
        "status": 503,
        "detail": detail,
        "instance": request.url.path,
    }
    return JSONResponse(body, status_code=503, media_type=PROBLEM)

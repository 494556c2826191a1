"""/docs and /redoc served from local assets (the fastapi-offline package ships Swagger UI and
ReDoc), so the API docs work on a machine without internet."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from panelist.web.headers import csp_nonce

ASSETS = "/docs-assets"


def assets_dir() -> Path:
    return Path(str(resources.files("fastapi_offline") / "static"))


def with_nonce(page: HTMLResponse, request: Request) -> HTMLResponse:
    """The page with this request's CSP nonce on its inline scripts (the CSP allows no other)."""
    html = bytes(page.body).decode("utf-8")
    html = html.replace("<script>", f'<script nonce="{csp_nonce(request)}">')
    return HTMLResponse(html, status_code=page.status_code)


def install_docs(app: FastAPI) -> None:
    """Mount the bundled assets and the two documentation pages (the app has docs_url=None)."""
    app.mount(ASSETS, StaticFiles(directory=assets_dir()), name="docs-assets")
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    def swagger(request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
        )
        return with_nonce(page, request)

    @router.get("/redoc")
    def redoc(request: Request) -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
        return with_nonce(page, request)

    app.include_router(router)

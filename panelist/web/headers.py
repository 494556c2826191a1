"""Security headers on every response (added by ``ObservedRequests``, the outermost middleware).

- ``Content-Security-Policy``: scripts and styles only from panelist itself (no template has an
  inline script; the API docs' one inline script carries this request's nonce, see
  ``csp_nonce``); the HTML report, which is a standalone file with its own ``<style>``, gets
  a policy with no script at all and a CSP ``sandbox``.
- ``Strict-Transport-Security`` when cookies are Secure (the site is served over HTTPS).
- ``Permissions-Policy``: no camera, geolocation, payment or USB; the microphone only for
  panelist's own pages (the chat's optional "Speak" button).
- ``Cache-Control: no-store`` on everything but static assets: interview JSON, transcripts
  and reports never stay in a shared or browser cache.
- Invite links carry their token in the path, so pages never send a Referer to other sites;
  pages may be framed only by panelist itself (the report is shown in an iframe).
"""

from __future__ import annotations

import re
import secrets

from starlette.requests import HTTPConnection
from starlette.types import Scope

SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": (
        "camera=(), geolocation=(), payment=(), usb=(), microphone=(self), interest-cohort=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
CSP = "Content-Security-Policy"
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-src 'self'; "
    "frame-ancestors 'self'; base-uri 'none'; object-src 'none'"
)
REPORT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"
)
DOCS_POLICY = (  # Swagger UI and ReDoc inject styles at run time and ReDoc runs a worker
    "default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; worker-src blob:; font-src 'self'; "
    "frame-ancestors 'self'; base-uri 'none'; object-src 'none'"
)
REPORT_PATH = re.compile(r"/report(\.html)?$")
CACHEABLE = ("/static/", "/docs-assets/")


def csp_nonce(connection: HTTPConnection) -> str:
    """This request's CSP nonce: put it on an inline ``<script nonce=...>`` that must run."""
    nonce = connection.scope.setdefault("state", {}).get("csp_nonce")
    if not isinstance(nonce, str):
        nonce = secrets.token_urlsafe(16)
        connection.scope["state"]["csp_nonce"] = nonce
    return nonce


DOCS_PATHS = ("/docs", "/redoc")


def policy_for(path: str, nonce: str) -> str:
    if REPORT_PATH.search(path):
        return REPORT_POLICY
    if path in DOCS_PATHS:
        return DOCS_POLICY.format(nonce=nonce)
    return PAGE_POLICY


def _header(name: str, value: str) -> tuple[bytes, bytes]:
    return name.lower().encode("latin-1"), value.encode("latin-1")


class SecurityHeaders:
    """The security headers of a request's response, each added unless the response set it
    itself (a route may set its own policy). Called once per request with its scope by
    ``ObservedRequests``, which adds them with the request id in one pass over the response's
    headers."""

    def __init__(self, *, hsts: bool = False) -> None:
        self.hsts = hsts
        # encoded once: the same on every response
        security = [_header(name, value) for name, value in SECURITY_HEADERS.items()]
        after = [_header("Strict-Transport-Security", HSTS)] if hsts else []
        no_store = _header("Cache-Control", "no-store")
        self._fixed = {  # (policy, cacheable) -> the headers, for the two fixed policies
            (policy, cacheable): (
                [*security, _header(CSP, policy), *after] + ([] if cacheable else [no_store])
            )
            for policy in (PAGE_POLICY, REPORT_POLICY)
            for cacheable in (False, True)
        }
        self._security, self._after, self._no_store = security, after, no_store

    def __call__(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        path: str = scope.get("path", "")
        cacheable = path.startswith(CACHEABLE)
        if path not in DOCS_PATHS:
            return self._fixed[policy_for(path, ""), cacheable]
        # only the docs pages' policy names a nonce: the route reads this one into its page
        policy = policy_for(path, csp_nonce(HTTPConnection(scope)))
        added = [*self._security, _header(CSP, policy), *self._after]
        return added if cacheable else [*added, self._no_store]

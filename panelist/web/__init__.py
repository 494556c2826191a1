"""The web app: recruiter pages, the candidate's chat and the JSON API under /api/v1.

>>> app = create_app(load_settings())
"""

from __future__ import annotations

from panelist.web.app import create_app

__all__ = ["create_app"]

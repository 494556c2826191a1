"""Routers per area: health, API (auth, roles, interviews, candidate), pages."""

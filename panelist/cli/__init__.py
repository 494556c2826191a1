"""The ``panelist`` command line (Typer + Rich)."""

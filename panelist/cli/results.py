"""Where an evaluation command's results go: JSON and Markdown side by side, the Markdown
also on stdout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console


def write_results(out_dir: Path, name: str, results: dict[str, Any], markdown: str) -> None:
    """``out_dir/name.json`` and ``out_dir/name.md``; the Markdown is echoed, the paths said."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    json_path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    md_path.write_text(markdown, encoding="utf-8")
    typer.echo(markdown)
    Console(stderr=True).print(f"wrote {json_path} and {md_path}")

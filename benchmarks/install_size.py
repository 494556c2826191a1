"""How much disk the default install takes, package by package (issue 13: at most 200 MB).

    PYTHONPATH=. .venv/bin/python benchmarks/install_size.py [--venv .venv] [--requirements ...]

The default install is ``pip install panelist``: the distributions pinned in
requirements/runtime.txt (the closure of pyproject's dependencies, no extra) plus panelist
itself. Each distribution's size is read from its RECORD in the venv's site-packages (the
byte sizes pip wrote down, or the file's size on disk where RECORD gives none, as for the
``.pyc`` files compiled at install); pip and setuptools are left out (the environment's, not
ours). panelist is installed editable in the development venv, so its own size is that of the
files a wheel would carry: the ``.py`` files and the package data that pyproject lists.
Optional extras are reported beside the total, not in it. Writes
benchmarks/results/install_size.{json,md}.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MB = 200.0
LEFT_OUT = {"pip", "setuptools", "wheel"}
MB = 1_000_000


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them (``PyYAML`` = ``pyyaml``, ``a_b`` = ``a-b``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(requirements: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements file (``-r`` includes followed), by normalised name."""
    pins: dict[str, str] = {}
    for raw in requirements.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins.update(pinned(requirements.parent / line[3:].strip()))
        elif "==" in line:
            name, version = line.split("==", 1)
            pins[normalise(name.split("[", 1)[0])] = version.strip()
    return pins


@dataclass(frozen=True)
class Installed:
    name: str
    version: str
    bytes: int


def site_packages(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python3*/site-packages"))
    if not found:
        raise SystemExit(f"No site-packages under {venv}: pass --venv the virtualenv to measure.")
    return found[0]


def installed(site: Path) -> dict[str, Installed]:
    """Every distribution in ``site`` with the bytes its RECORD lists."""
    found: dict[str, Installed] = {}
    for info in sorted(site.glob("*.dist-info")):
        meta = (info / "METADATA").read_text(encoding="utf-8", errors="replace")
        name = re.search(r"^Name: (.+)$", meta, re.M)
        version = re.search(r"^Version: (.+)$", meta, re.M)
        record = info / "RECORD"
        if name is None or version is None or not record.is_file():
            continue
        total = 0
        with record.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                if not row:
                    continue
                size = row[2] if len(row) > 2 else ""
                if size.isdigit():
                    total += int(size)
                else:
                    path = (site / row[0]).resolve()
                    if path.is_file():
                        total += path.stat().st_size
        found[normalise(name.group(1).strip())] = Installed(
            name.group(1).strip(), version.group(1).strip(), total
        )
    return found


def package_data_patterns() -> list[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: list[str] = pyproject["tool"]["setuptools"]["package-data"]["panelist"]
    return patterns


def own_size() -> int:
    """The bytes of panelist's wheel contents: its ``.py`` files and the listed package data."""
    package = ROOT / "panelist"
    files: set[Path] = set(package.rglob("*.py"))
    for pattern in package_data_patterns():
        files.update(package.glob(pattern))
    return sum(p.stat().st_size for p in files if p.is_file() and "__pycache__" not in p.parts)


def measure(venv: Path, requirements: Path, extras: dict[str, Path]) -> dict[str, object]:
    site = site_packages(venv)
    have = installed(site)
    pins = pinned(requirements)
    rows: list[dict[str, object]] = []
    missing: list[str] = []
    for key, version in sorted(pins.items()):
        if key in LEFT_OUT:
            continue
        dist = have.get(key)
        if dist is None:
            missing.append(f"{key}=={version}")
            continue
        if dist.version != version:
            missing.append(f"{key}=={version} (the venv has {dist.version})")
        rows.append({"package": dist.name, "version": dist.version, "bytes": dist.bytes})
    rows.append({"package": "panelist", "version": "(this tree)", "bytes": own_size()})
    rows.sort(key=lambda r: -int(str(r["bytes"])))
    total = sum(int(str(r["bytes"])) for r in rows)
    extra_sizes: dict[str, dict[str, object]] = {}
    for extra, path in extras.items():
        extra_pins = {k: v for k, v in pinned(path).items() if k not in pins and k not in LEFT_OUT}
        sizes = {k: have[k].bytes for k in extra_pins if k in have}
        extra_sizes[extra] = {
            "packages": sorted(extra_pins),
            "bytes": sum(sizes.values()),
            "not_installed": sorted(set(extra_pins) - set(sizes)),
        }
    return {
        "requirements": str(requirements.relative_to(ROOT)),
        "venv": str(venv),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "target_mb": TARGET_MB,
        "total_bytes": total,
        "total_mb": round(total / MB, 1),
        "meets_target": total / MB <= TARGET_MB,
        "packages": rows,
        "missing_or_other_version": missing,
        "extras": extra_sizes,
    }


def markdown(result: dict[str, object]) -> str:
    rows = result["packages"]
    assert isinstance(rows, list)
    verdict = "meets" if result["meets_target"] else "does NOT meet"
    lines = [
        "# Install size of the default install",
        "",
        f"`pip install panelist`: the pins of `{result['requirements']}` plus panelist, "
        f"measured from each distribution's RECORD in `{result['venv']}` (Python "
        f"{result['python']}; pip and setuptools left out).",
        "",
        f"**Total: {result['total_mb']} MB** — {verdict} the {TARGET_MB:.0f} MB target.",
        "",
        "| package | version | MB |",
        "|---|---|---:|",
    ]
    lines += [f"| {r['package']} | {r['version']} | {int(r['bytes']) / MB:.1f} |" for r in rows]
    missing = result["missing_or_other_version"]
    assert isinstance(missing, list)
    if missing:
        lines += ["", "Pinned but not measured as pinned: " + ", ".join(missing)]
    extras = result["extras"]
    assert isinstance(extras, dict)
    if extras:
        lines += ["", "Optional extras (not in the total; what they add on top):", ""]
        lines += ["| extra | adds MB | packages |", "|---|---:|---|"]
        for extra, info in extras.items():
            names = ", ".join(info["packages"])
            lines.append(f"| {extra} | {info['bytes'] / MB:.1f} | {names} |")
    lines += [
        "",
        "Regenerate: `PYTHONPATH=. .venv/bin/python benchmarks/install_size.py`",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=Path(sys.prefix))
    parser.add_argument("--requirements", type=Path, default=ROOT / "requirements" / "runtime.txt")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    extras = {
        path.stem: path
        for path in sorted((ROOT / "requirements").glob("*.txt"))
        if path.stem not in {"runtime", "dev", "convert"}
    }
    result = measure(args.venv.resolve(), args.requirements.resolve(), extras)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "install_size.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "install_size.md").write_text(markdown(result))
    print(f"default install: {result['total_mb']} MB (target {TARGET_MB:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

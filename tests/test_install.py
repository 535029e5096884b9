"""An installed wheel works like the checkout: the queries, page templates, ontology and samples
ship as package data (kg/resources.py), so a normal ``pip install .`` runs every command.

The wheel is built from this checkout and installed into a fresh venv outside it; the venv sees
the dependencies of the development venv through a ``.pth`` line (nothing is downloaded) but
not this checkout, and the commands run from an empty folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: as ``pip install .`` builds, without fetching a build backend (the dev venv has setuptools)
_PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout, built as ``pip install .`` builds it."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [*_PIP_WHEEL, "--wheel-dir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob("kg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv holding kg from the wheel, and no checkout."""
    base = tmp_path_factory.mktemp("venv")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    target = env_dir / "bin"
    purelib = subprocess.run(
        [str(target / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # the dependencies come from the development venv; its own .pth files (the editable kg) are
    # not processed from a path added this way
    Path(purelib, "dev-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run(
        [
            str(target / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return target


def _kg(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(bin_dir / "kg"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_the_wheel_holds_every_resource(wheel: Path) -> None:
    """Read from the wheel itself: each resource folder of the checkout is in it, file by file."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in [
        ("queries", "*.rq"),
        ("templates", "*.html"),
        ("templates", "*.css"),
        ("templates", "*.js"),
        ("ontology", "*.ttl"),
        ("samples", "*.txt"),
    ]:
        wanted = {f"kg/{folder}/{p.name}" for p in (ROOT / "kg" / folder).glob(pattern)}
        assert wanted, folder
        assert wanted <= names, wanted - names


def test_installed_kg_runs_every_command_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import kg; print(kg.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert not Path(where.strip()).resolve().is_relative_to(ROOT)

    built = _kg(installed, tmp_path, "build", "--out", "exports")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "exports" / "kg.ttl").stat().st_size > 0

    listed = _kg(installed, tmp_path, "query", "--list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    names = {row["name"] for row in json.loads(listed.stdout)}
    assert {"who-funds-what", "project-funding"} <= names

    rows = _kg(installed, tmp_path, "query", "who-funds-what", "--format", "json")
    assert rows.returncode == 0, rows.stderr
    assert len(json.loads(rows.stdout)) > 0

    page = _kg(installed, tmp_path, "viz", "--out", "exports/network.html")
    assert page.returncode == 0, page.stderr
    assert "vis-network" in (tmp_path / "exports" / "network.html").read_text(encoding="utf-8")

    sankey = _kg(installed, tmp_path, "viz", "--sankey", "--out", "exports/sankey.html")
    assert sankey.returncode == 0, sankey.stderr

    site = _kg(installed, tmp_path, "site", "--out", "site")
    assert site.returncode == 0, site.stderr
    assert "kg-data" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")

    checked = _kg(installed, tmp_path, "validate")
    assert checked.returncode == 0, checked.stderr
    assert "conforms" in checked.stderr


def test_installed_vocabulary_holds_the_schemes(installed: Path, tmp_path: Path) -> None:
    """vocabulary() read ontology/schemes.ttl; from a wheel it returned nothing, silently."""
    count = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "from kg.rdf.graph import vocabulary as v; print(len(v()))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert int(count) > 100

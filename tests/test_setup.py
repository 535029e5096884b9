"""`make test` sets up what the suite drives: Debian's chromium and LibreOffice Calc, installed
as root and named otherwise, so the README's second command is true on a fresh machine."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "system-packages"


def test_make_test_sets_up_the_system_packages_before_the_suite() -> None:
    plan = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    setup = next(i for i, ln in enumerate(plan) if ".ci/system-packages" in ln)
    suite = next(i for i, ln in enumerate(plan) if "pytest" in ln)
    assert setup < suite
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")


def test_what_the_suite_needs_is_present_after_setup() -> None:
    done = subprocess.run(["sh", str(SCRIPT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert os.access("/usr/bin/chromium", os.X_OK)
    assert shutil.which("soffice")
    assert os.path.exists("/usr/lib/libreoffice/program/libswlo.so")  # Writer
    assert shutil.which("tesseract")
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    assert "chi_sim" in langs.split()


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root")
def test_without_root_a_missing_package_is_named_with_the_command_to_run() -> None:
    env = {
        **os.environ,
        "KG_CHROMIUM": "/nonexistent/chromium",
        "KG_SOFFICE": "no-such-soffice",
        "KG_WRITER": "/nonexistent/writer",
        "KG_TESSDATA": "/nonexistent/tessdata",
    }
    drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    script = SCRIPT.read_text(encoding="utf-8")  # on stdin: the checkout may be closed to others
    done = subprocess.run(
        [*drop, "sh", "-s"], input=script, env=env, cwd="/", capture_output=True, text=True
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "the test suite needs Debian packages: chromium libreoffice-calc-nogui"
        " libreoffice-writer-nogui tesseract-ocr tesseract-ocr-chi-sim"
        " -- run: sudo apt-get install -y chromium libreoffice-calc-nogui"
        " libreoffice-writer-nogui tesseract-ocr tesseract-ocr-chi-sim"
    ]

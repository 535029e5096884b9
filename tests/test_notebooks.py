"""The notebooks run top to bottom on the bundled samples, print figures one can check by hand,
and are committed without outputs.

They run with nbclient in a kernel that is this interpreter (a kernelspec written to a temporary
directory whose ``argv`` is ``sys.executable``), so they see the same ``kg`` as the tests,
whatever kernels the machine has installed; connection files and IPython's profile go to the
temporary directory too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMEOUT = 120  # seconds per cell; a whole notebook takes a few seconds

#: what each notebook prints that can be checked against the documents by hand
FIGURES = {
    "01-who-funds-what-yufeng.ipynb": [
        "鱼峰区: 23 projects, 73,254,632 yuan",
        "largest: 教育费附加项目 (450203213600010000814), 15,000,000 yuan, 柳州市鱼峰区教育局",
        "60 department forms: 1,991,003,712.39 yuan",
    ],
    "02-indicators-and-beneficiaries.ipynb": [
        "柳州市柳江区: 13 projects, 74,834,790 yuan, 118 indicators",
        "柳州市鱼峰区: 23 projects, 73,254,632 yuan, 880 indicators",
        "柳州市: 25 projects, 343,441,290 yuan, 240 indicators",
        "群众: served by 10 projects in 3 regions",
    ],
    "03-two-districts-one-graph.ipynb": [
        "柳州市柳江区: 13 projects, 74,834,790 yuan",
        "柳州市鱼峰区: 23 projects, 73,254,632 yuan",
    ],
}


def test_every_notebook_has_figures_to_check() -> None:
    assert [nb.name for nb in NOTEBOOKS] == sorted(FIGURES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"
    assert nb.metadata.kernelspec.name == "python3"


@pytest.fixture(scope="module")
def kernels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kernelspec directory with one kernel: this interpreter."""
    root = tmp_path_factory.mktemp("kernels")
    spec = root / "kg-python"
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "kg (this Python)", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    return root


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom(
    path: Path, kernels: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # debugpy's frozen-modules note
    nb = nbformat.read(path, as_version=4)
    manager = KernelManager(
        kernel_name="kg-python", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)])
    )
    work = tmp_path / "work"
    work.mkdir()
    client = NotebookClient(
        nb, km=manager, timeout=TIMEOUT, resources={"metadata": {"path": str(work)}}
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{path.name}: {exc}")
    printed = "".join(
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stdout"
    )
    for figure in FIGURES[path.name]:
        assert figure in printed, f"{path.name}: '{figure}' not printed; it printed:\n{printed}"
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []

"""The analyst notebooks run top to bottom against a freshly built dataset, and are committed clean.

The dataset is built from the shipped sample (`raw/`) plus the annotated dumps in `eval/dumps/`,
which quote DPRK-China trade and crude-oil figures, so the China notebook draws real points.
The notebooks read the output folder from `NKFIGURES_OUT`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline import build, load

from .conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_explore.ipynb", "02_china_trade.ipynb"]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("notebooks")
    raw = root / "raw"
    raw.mkdir()
    for path in [*(ROOT / "raw").glob("*.txt"), *(ROOT / "eval" / "dumps").iterdir()]:
        shutil.copyfile(path, raw / path.name)
    out = root / "output"
    build.run(raw, out)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: clear the outputs before committing"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_against_a_built_dataset(name: str, dataset: Path, monkeypatch) -> None:
    monkeypatch.setenv("NKFIGURES_OUT", str(dataset))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, when a cell fails
    text = "".join(out.get("text", "") for cell in notebook.cells for out in cell.get("outputs", []))
    assert f"version: {load('figures', out=dataset).attrs['version']}" in text
    if name == "02_china_trade.ipynb":
        images = [out for cell in notebook.cells for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]
        assert len(images) == 1, "the chart was not drawn"


def test_china_notebook_finds_trade_and_crude_oil_points(dataset: Path, monkeypatch) -> None:
    """The data the chart needs is there (so the chart is not silently empty)."""
    figures = load("figures", out=dataset)
    pair = figures.reporter.isin(["CN", "KP"]) & figures.partner.isin(["CN", "KP"])
    assert ((figures.kind == "trade_value") & pair).any()
    assert ((figures.kind == "tonnage") & pair & (figures.commodity == "crude oil")).any()

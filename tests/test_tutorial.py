"""docs/tutorial.ipynb runs from top to bottom against the installed package, and is committed without outputs."""

from __future__ import annotations

import os

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")


@pytest.fixture
def notebook(repo):
    return nbformat.read(repo / "docs" / "tutorial.ipynb", as_version=4)


def test_committed_notebook_has_no_outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_notebook_reads_only_the_installed_package(notebook):
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    for network in ("http://", "https://", "urllib", "requests", "socket", "!pip", "%pip"):
        assert network not in code


# jupyter_client leaves its zmq sockets to the garbage collector; that warning is not the notebook's.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning", "ignore::DeprecationWarning")
def test_notebook_executes(notebook, tmp_path):
    from jupyter_client.manager import KernelManager

    # The kernel talks over local IPC files, not TCP ports; it starts in a scratch folder, so
    # nothing the notebook might write lands in the repository. Charts use the inline backend.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path / "kernel"))
    client = nbclient.NotebookClient(notebook, km=km, timeout=180, resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute(env=env)
    finally:
        import gc
        import warnings

        with warnings.catch_warnings():  # collect jupyter_client's unclosed sockets here, not at interpreter exit
            warnings.simplefilter("ignore")
            del client, km
            gc.collect()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    text = "\n".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "kuzbass-1932-plan" in text or "conflict-kuzbass-1932-plan-vs-outcome" in text
    images = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert images  # the chart was drawn

"""The examiners' notebook runs top to bottom in a kernel of this environment (nbclient and
ipykernel), as Jupyter would run it; its outputs are not committed."""

from __future__ import annotations

import json
from pathlib import Path

import nbclient
import nbformat

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOK = ROOT / "examples" / "notebooks" / "examiners.ipynb"


def test_the_committed_notebook_has_no_outputs() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)


def test_the_notebook_runs_top_to_bottom() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # The engine's charts reached the notebook as SVG: the cohort's box plots and the radar.
    svg = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert svg and 'aria-labelledby="cohort-title"' in svg[0]["data"]["image/svg+xml"]
    assert 'aria-labelledby="radar-title"' in html
    text = "".join(o.get("text", "") for o in outputs)
    assert "60 assessments" in text and "ICC(2,1)" in text

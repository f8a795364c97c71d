import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"
EXAMPLE = ROOT / "examples" / "gbt19580-example.json"


@pytest.fixture(scope="session")
def scores():
    """Every framework's scoring vectors, as one list of files."""
    files = sorted(VECTORS.glob("*.scores.json"))
    assert len(files) >= 3
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


@pytest.fixture(scope="session")
def errors():
    return json.loads((VECTORS / "errors.json").read_text(encoding="utf-8"))

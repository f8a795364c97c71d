import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"
EXAMPLE = ROOT / "examples" / "gbt19580-example.json"


@pytest.fixture(scope="session")
def scores():
    return json.loads((VECTORS / "gbt19580-2012.scores.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def errors():
    return json.loads((VECTORS / "errors.json").read_text(encoding="utf-8"))

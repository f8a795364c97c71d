"""Runs the README's Python blocks against the installed wheel, as a user who ran
`pip install zhuoyue-<version>-cp39-abi3-*.whl` would: started with `python -I` from a fresh virtual
environment, so neither the source tree nor the developer's `.venv` is on the path.

Usage: <fresh venv>/bin/python -I bindings/python/scripts/wheel_check.py ROOT
"""

import os
import re
import sys
import sysconfig
from pathlib import Path

root = Path(sys.argv[1]).resolve()
import zhuoyue  # noqa: E402

installed = Path(zhuoyue.__file__).resolve()
site = Path(sysconfig.get_paths()["purelib"]).resolve()
assert site in installed.parents, f"zhuoyue imported from {installed}, not from the wheel in {site}"
assert root not in installed.parents, f"zhuoyue imported from the source tree: {installed}"
assert zhuoyue.__version__ == os.environ["ZHUOYUE_VERSION"], (zhuoyue.__version__, os.environ["ZHUOYUE_VERSION"])

text = (root / "README.md").read_text(encoding="utf-8")
blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
assert len(blocks) >= 3, "the README's Python blocks"
os.chdir(root)
for n, block in enumerate(blocks, 1):
    exec(compile(block, f"README.md python block {n}", "exec"), {})
print(f"wheel {zhuoyue.__version__} from {installed.parent}: {len(blocks)} README blocks ran")

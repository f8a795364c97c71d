"""Writes N random GB/T 19580 assessment files into a folder: python3 make.py FOLDER N [--later]

With --later, the folder is a later cohort to compare with (`zhuoyue cohort FOLDER --compare
EARLIER`): its organisations are the earlier ones in reverse order, every other one replaced by one
that is new, so half match and half do not (the case a scan per row made quadratic).
"""

import json
import random
import sys
from pathlib import Path

IDS = ["4.1.2", "4.1.3", "4.1.4", "4.2.2", "4.2.3", "4.3.2", "4.3.3", "4.4.2", "4.4.3", "4.4.4", "4.4.5", "4.4.6",
       "4.4.7", "4.5.2", "4.5.3", "4.6.2", "4.6.3", "4.7.2", "4.7.3", "4.7.4", "4.7.5", "4.7.6", "4.7.7"]
SECTORS = ["advanced-manufacturing", "services", "strategic-emerging", "public-service"]
folder, n = Path(sys.argv[1]), int(sys.argv[2])
later = "--later" in sys.argv[3:]
folder.mkdir(parents=True, exist_ok=True)
rng = random.Random(3 if later else 5)
for i in range(n):
    name = (f"Org {n - 1 - i}" if i % 2 else f"New {i}") if later else f"Org {i}"
    doc = {"framework": "gbt19580-2012",
           "organisation": {"name": name, "sector": SECTORS[i % 4], "founded": 2000 + i % 20, "region": "shanghai"},
           "items": {k: rng.randrange(0, 101, 5) for k in IDS}}
    (folder / f"org{i:05}.json").write_text(json.dumps(doc), encoding="utf-8")

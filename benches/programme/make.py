"""Writes a large programme roster: python3 make.py FOLDER N BODIES

N organisations and N individuals under BODIES organising bodies, each person naming an organisation
by its name (the look-up a scan per person made quadratic). The roster stays under the 4 MB input
limit up to N = 19,000. Time the report with: time zhuoyue programme FOLDER/roster.json --year 2014
"""

import json
import sys
from pathlib import Path

folder, n, bodies = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
folder.mkdir(parents=True, exist_ok=True)
roster = {
    "programme": "city-drive-2013-2015",
    "bodies": [{"id": f"b{i}", "kind": "district-bureau", "name": {"zh": f"局{i}", "en": f"B{i}"}, "filed": []}
               for i in range(bodies)],
    "organisations": [{"id": f"o{i}", "name": f"n{i}", "sector": "advanced-manufacturing", "enrolled": 2013,
                       "body": f"b{i % bodies}"} for i in range(n)],
    "individuals": [{"id": f"p{i}", "name": "x", "organisation": f"n{(i * 7) % n}"} for i in range(n)],
}
text = json.dumps(roster, separators=(",", ":"))
(folder / "roster.json").write_text(text, encoding="utf-8")
print(f"{folder / 'roster.json'}: {len(text):,} bytes")

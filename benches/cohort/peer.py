"""The peer for `zhuoyue cohort`: what a programme office writes in Python to summarise a folder of
assessment files (read, validate the grid, sum the points, group totals by sector). Compare:

  python3 benches/cohort/make.py /tmp/cohort10k 10000     # 10,000 random assessments
  time target/release/zhuoyue cohort /tmp/cohort10k > /dev/null
  time python3 benches/cohort/peer.py /tmp/cohort10k
"""

import json
import statistics
import sys
from pathlib import Path

POINTS = {"4.1.2": 50, "4.1.3": 30, "4.1.4": 30, "4.2.2": 40, "4.2.3": 50, "4.3.2": 40, "4.3.3": 50,
          "4.4.2": 60, "4.4.3": 15, "4.4.4": 20, "4.4.5": 15, "4.4.6": 10, "4.4.7": 10, "4.5.2": 50,
          "4.5.3": 50, "4.6.2": 40, "4.6.3": 40, "4.7.2": 80, "4.7.3": 80, "4.7.4": 80, "4.7.5": 60,
          "4.7.6": 50, "4.7.7": 50}

by_sector = {}
for path in sorted(Path(sys.argv[1]).glob("*.json")):
    doc = json.loads(path.read_text(encoding="utf-8"))
    total = 0
    for item, p in doc["items"].items():
        assert isinstance(p, int) and 0 <= p <= 100 and p % 5 == 0, (path, item)
        total += p * POINTS[item]
    by_sector.setdefault(doc["organisation"]["sector"], []).append(total / 100)
for sector, totals in sorted(by_sector.items()):
    q = statistics.quantiles(totals, n=4, method="inclusive")
    print(sector, len(totals), round(statistics.mean(totals), 2), q)

#!/usr/bin/env python
"""Writes a valid OneRoster 1.1 export of a chosen size: `scripts/make-oneroster.py SIZE OUT`
(SIZE students; schools, staff and guardians in the district's proportions)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from roster.oneroster.generate import write_export

if __name__ == "__main__":
    size, out = int(sys.argv[1]), sys.argv[2]
    changed = range(0, size, 100) if "--changed" in sys.argv else ()
    # The district: 630 schools for 320,000 students (one per ~508).
    write_export(out, schools=max(3, size // 508), students=size, changed=changed)
    print(f"Wrote a OneRoster export of {size:,} students to {out}")

#!/usr/bin/env python3
"""Which floor includes which: the `#include "anjungan/<floor>/..."` lines of each top-level
folder, as the Markdown table docs/architecture.md shows. Usage: scripts/include-graph.py [ROOT]"""
import collections
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
floors = ["platform", "domain", "vision", "drivers", "printing", "sync", "samples", "kiosk",
          "office", "ui"]
graph = collections.defaultdict(set)
for floor in floors:
    for folder, _, files in os.walk(os.path.join(root, floor)):
        for name in files:
            if not name.endswith((".cpp", ".hpp", ".h")):
                continue
            with open(os.path.join(folder, name), errors="ignore") as f:
                for line in f:
                    m = re.match(r'#include\s+"anjungan/(\w+)/', line)
                    if m and m.group(1) != floor:
                        graph[floor].add(m.group(1))
print("| floor | includes headers of |\n| --- | --- |")
for floor in floors:
    if os.path.isdir(os.path.join(root, floor)):
        print(f"| `{floor}/` | {', '.join(sorted(graph[floor])) or '(none)'} |")

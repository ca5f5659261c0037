#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Every .ui file in ui/ is compiled into the GResource, and every listed file exists.
import os
import sys
import xml.etree.ElementTree as ET

ui_dir = sys.argv[1]
tree = ET.parse(os.path.join(ui_dir, "relaxun.gresource.xml"))
listed = [f.text for f in tree.iter("file")]

print("1..2")
missing = sorted(n for n in os.listdir(ui_dir) if n.endswith(".ui") and n not in listed)
for name in missing:
    print("# not in relaxun.gresource.xml: " + name)
print(("not ok" if missing else "ok") + " 1 - every .ui file is in the resource")

absent = [n for n in listed if not os.path.exists(os.path.join(ui_dir, n))]
for name in absent:
    print("# listed but missing: " + name)
print(("not ok" if absent else "ok") + " 2 - every listed file exists")
sys.exit(1 if missing or absent else 0)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# The Flatpak manifest is valid JSON for the right application, command and build system.
import json
import sys

manifest_path, app_id = sys.argv[1], sys.argv[2]
with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)

errors = []
if manifest.get("id", manifest.get("app-id")) != app_id:
    errors.append("id is %r, expected %r" % (manifest.get("id"), app_id))
if manifest.get("command") != "relaxun":
    errors.append("command is %r, expected 'relaxun'" % manifest.get("command"))
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    errors.append("runtime and sdk must be org.gnome.Platform and org.gnome.Sdk")
modules = manifest.get("modules", [])
names = [m.get("name") for m in modules if isinstance(m, dict)]
for needed in ("gsl", "plotutils", "relaxun"):
    if needed not in names:
        errors.append("module %r is missing" % needed)
if names and names[-1] != "relaxun":
    errors.append("relaxun must be the last module")
for m in modules:
    if m.get("name") == "relaxun" and m.get("buildsystem") != "meson":
        errors.append("relaxun is built with meson")
    for source in m.get("sources", []):
        if source.get("type") == "archive" and not source.get("sha256"):
            errors.append("archive of %s has no sha256" % m.get("name"))

print("1..1")
if errors:
    for e in errors:
        print("# " + e)
    print("not ok 1 - flatpak manifest")
    sys.exit(1)
print("ok 1 - flatpak manifest")

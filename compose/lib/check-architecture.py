#!/usr/bin/env python3
"""Checks that docs/architecture.md's module table matches the imports in the sources.

For every module of the package (a folder of Sources/, loadtest/Sources or Tests/ that
Package.swift names), the set of package modules its files import must be exactly the
set the table's "imports" column lists. Prints each difference; exits 1 if there is one.
A module of a numbered layer may import only modules of its own layer or of one above
it. With --table, prints the rows the table should have instead (keeping the layers).
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parents[2]
doc = (root / "docs" / "architecture.md").read_text()

folders = {}
for base in [root / "Sources", root / "loadtest" / "Sources", root / "Tests"]:
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        folders[folder.name] = folder

documented = {}
for line in doc.splitlines():
    match = re.match(r"^\|\s*`([A-Za-z0-9_-]+)`\s*\|[^|]*\|\s*([^|]*)\|", line)
    if match and match.group(1) in folders:
        names = re.findall(r"`([A-Za-z0-9_-]+)`", match.group(2))
        documented[match.group(1)] = set(names)

problems = []
rows = []
import_line = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|package\s+|public\s+)?import\s+([A-Za-z0-9_]+)", re.M)
for name, folder in folders.items():
    imported = set()
    for source in folder.rglob("*.swift"):
        imported |= set(import_line.findall(source.read_text())) & set(folders) - {name}
    rows.append((name, imported))
    if name not in documented:
        problems.append(f"{name}: not in the module table of docs/architecture.md (imports: {', '.join(sorted(imported)) or 'none'})")
        continue
    if imported != documented[name]:
        extra = sorted(imported - documented[name])
        missing = sorted(documented[name] - imported)
        detail = "; ".join(filter(None, [
            f"imports {', '.join(extra)} not in the table" if extra else "",
            f"the table lists {', '.join(missing)}, not imported" if missing else "",
        ]))
        problems.append(f"{name}: {detail}")

if "--table" in sys.argv:
    layers = {}
    for line in doc.splitlines():
        match = re.match(r"^\|\s*`([A-Za-z0-9_-]+)`\s*\|([^|]*)\|", line)
        if match:
            layers[match.group(1)] = match.group(2).strip()
    for name, imported in rows:
        listed = ", ".join(f"`{m}`" for m in sorted(imported, key=str.lower)) or "none"
        print(f"| `{name}` | {layers.get(name, '?')} | {listed} |")
    sys.exit(0)

# A module imports only its own layer and those above it (a smaller number).
layer_of = {}
for line in doc.splitlines():
    match = re.match(r"^\|\s*`([A-Za-z0-9_-]+)`\s*\|\s*(\d+)", line)
    if match:
        layer_of[match.group(1)] = int(match.group(2))
for name, imported in rows:
    for other in imported:
        if name in layer_of and other in layer_of and layer_of[other] > layer_of[name]:
            problems.append(f"{name} (layer {layer_of[name]}) imports {other}, of the lower layer {layer_of[other]}")

for problem in problems:
    print(f"[architecture] {problem}")
if problems:
    sys.exit(1)
print(f"[architecture] the module table matches the imports of {len(folders)} modules")

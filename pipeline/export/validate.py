"""`nkfigures validate`: is a published version exactly what its `datapackage.json` says?

A version is checked against its own descriptor (not against today's registry), so versions made
by older code stay checkable: file sizes and sha256 hashes, Parquet schemas (names, types,
required fields, the version stamped in the metadata), then the data itself: required values,
allowed values, primary-key uniqueness and foreign keys. Each problem is one line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.export.datapackage import field_type
from pipeline.export.version import sha256_file

METADATA_FILES = ("datapackage.json", "CITATION.cff", "CHANGES.md", "changes.json")


def check_files(folder: Path, package: dict) -> list[str]:
    problems = [f"{name} is missing" for name in METADATA_FILES if not (folder / name).is_file()]
    listed = {r.get("path") for r in package.get("resources", [])}
    problems += [f"{p.name} is not listed in datapackage.json" for p in sorted(folder.glob("*.parquet")) if p.name not in listed]
    for res in package.get("resources", []):
        path = folder / res["path"]
        if not path.is_file():
            problems.append(f"{res['path']} is missing")
            continue
        if path.stat().st_size != res.get("bytes"):
            problems.append(f"{res['path']}: {path.stat().st_size} bytes, datapackage.json says {res.get('bytes')}")
        algorithm, _, expected = str(res.get("hash", "")).rpartition(":")
        actual = sha256_file(path)
        if (algorithm or "md5") != "sha256" or actual != expected:
            problems.append(f"{res['path']}: sha256 {actual} does not match datapackage.json ({res.get('hash')})")
    return problems


def check_schema(name: str, schema: pa.Schema, descriptor: dict, version: str) -> list[str]:
    problems = []
    fields = descriptor["schema"]["fields"]
    if schema.names != [f["name"] for f in fields]:
        return [f"{name}: columns {schema.names} differ from datapackage.json {[f['name'] for f in fields]}"]
    for spec in fields:
        actual = schema.field(spec["name"])
        if field_type(actual.type) != spec["type"]:
            problems.append(f"{name}.{spec['name']}: type {actual.type} is not {spec['type']}")
        if spec.get("constraints", {}).get("required") and actual.nullable:
            problems.append(f"{name}.{spec['name']}: required but the Parquet field is nullable")
        if not (actual.metadata or {}).get(b"description"):
            problems.append(f"{name}.{spec['name']}: no description in the Parquet field metadata")
    metadata = schema.metadata or {}
    stamped = metadata.get(b"dataset_version", b"").decode()
    if stamped != version:
        problems.append(f"{name}: Parquet metadata says dataset version {stamped!r}, not {version!r}")
    if metadata.get(b"primary_key", b"").decode().split(",") != descriptor["schema"]["primaryKey"]:
        problems.append(f"{name}: primary key in the Parquet metadata differs from datapackage.json")
    return problems


def _keys(table: pa.Table, columns: list[str]) -> list[tuple]:
    return list(zip(*(table.column(c).to_pylist() for c in columns)))


def check_data(name: str, table: pa.Table, descriptor: dict, tables: dict[str, pa.Table]) -> list[str]:
    problems = []
    schema = descriptor["schema"]
    for spec in schema["fields"]:
        column = table.column(spec["name"])
        constraints = spec.get("constraints", {})
        if constraints.get("required") and column.null_count:
            problems.append(f"{name}.{spec['name']}: {column.null_count} null value(s) in a required column")
        if constraints.get("enum"):
            values = pc.unique(column.drop_null()).to_pylist()
            bad = sorted(set(values) - set(constraints["enum"]))
            if bad:
                problems.append(f"{name}.{spec['name']}: values not allowed: {bad[:5]}")
    key = schema["primaryKey"]
    keys = _keys(table, key)
    if len(set(keys)) != len(keys):
        duplicates = len(keys) - len(set(keys))
        problems.append(f"{name}: primary key {key} is not unique ({duplicates} duplicate row(s))")
    if any(v is None for k in keys for v in k):
        problems.append(f"{name}: primary key {key} has null values")
    for foreign in schema.get("foreignKeys", []):
        other = foreign["reference"]["resource"]
        if other not in tables:
            problems.append(f"{name}: foreign key to unknown resource {other!r}")
            continue
        known = set(_keys(tables[other], foreign["reference"]["fields"]))
        missing = [k for k in _keys(table, foreign["fields"]) if None not in k and k not in known]
        if missing:
            problems.append(
                f"{name}: {len(missing)} row(s) whose {foreign['fields']} are not in {other} "
                f"(first: {':'.join(map(str, missing[0]))})"
            )
    return problems


def run(folder: Path, version: str) -> list[str]:
    """Every problem found in the version folder; empty when it is valid."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ["datapackage.json is missing"]
    except ValueError as error:
        return [f"datapackage.json is not valid JSON ({error})"]
    problems = []
    if package.get("version") != version:
        problems.append(f"datapackage.json is for version {package.get('version')!r}, not {version!r}")
    problems += check_files(folder, package)
    tables, descriptors = {}, {}
    for res in package.get("resources", []):
        path = folder / res["path"]
        if not path.is_file():
            continue
        try:
            table = pq.ParquetFile(path).read()
        except (pa.ArrowException, OSError) as error:
            problems.append(f"{res['path']}: not readable as Parquet ({error})")
            continue
        problems += check_schema(res["name"], table.schema, res, version)
        if table.schema.names == [f["name"] for f in res["schema"]["fields"]]:
            tables[res["name"]], descriptors[res["name"]] = table, res
    for name, table in tables.items():
        problems += check_data(name, table, descriptors[name], tables)
    return problems

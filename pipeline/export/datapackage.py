"""`datapackage.json`: the version described as a Frictionless Data Package, from the registry.

Everything comes from `schema.DATASET` and `schema.TABLES` plus the bytes about to be written, so
the descriptor can never disagree with the files: each resource carries the Parquet file's size and
sha256, each field its type, description, unit and constraints. Nothing time-dependent goes in: the
same version always gets the same descriptor.
"""

from __future__ import annotations

import hashlib
import json

import pyarrow as pa

from pipeline.export.schema import DATASET, TABLES, Column, Table

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


def field_type(arrow_type: pa.DataType) -> str:
    """The Table Schema type of an Arrow type (also used by `validate` to check the files)."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "string"
    if pa.types.is_date(arrow_type):
        return "date"
    if pa.types.is_integer(arrow_type):
        return "integer"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_floating(arrow_type):
        return "number"
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return "array"
    raise ValueError(f"no Table Schema type for Arrow type {arrow_type}")


def field_descriptor(column: Column, primary_key: list[str]) -> dict:
    descriptor = {"name": column.name, "type": field_type(column.type), "description": column.description}
    if pa.types.is_list(column.type):
        descriptor["arrayItem"] = {"type": field_type(column.type.value_type)}
    if column.unit:
        descriptor["unit"] = column.unit
    constraints = {"required": not column.nullable}
    if primary_key == [column.name]:
        constraints["unique"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    descriptor["constraints"] = constraints
    return descriptor


def table_schema(table: Table) -> dict:
    return {
        "fields": [field_descriptor(c, table.primary_key) for c in table.columns],
        "primaryKey": list(table.primary_key),
        "foreignKeys": [
            {"fields": list(fields), "reference": {"resource": other, "fields": list(reference)}}
            for fields, other, reference in table.foreign_keys
        ],
    }


def resource(table: Table, path: str, content: bytes) -> dict:
    return {
        "name": table.name,
        "path": path,
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "description": table.description,
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "schema": table_schema(table),
    }


def build(version: str, pipeline_version: str, sources, files: dict[str, bytes]) -> dict:
    """The descriptor for `version`; `files` maps `<table>.parquet` to the bytes to be published."""
    return {
        "$schema": PROFILE,
        "name": DATASET.name,
        "title": DATASET.title,
        "version": version,
        "description": DATASET.description,
        "homepage": DATASET.repository,
        "keywords": list(DATASET.keywords),
        "licenses": [dict(license) for license in DATASET.licenses],
        "contributors": [{"title": author, "roles": ["creator"]} for author in DATASET.authors],
        "pipeline_version": pipeline_version,
        "sources": [source.as_datapackage() for source in sources],
        "resources": [resource(TABLES[name], f"{name}.parquet", files[f"{name}.parquet"]) for name in TABLES],
    }


def to_bytes(descriptor: dict) -> bytes:
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode()

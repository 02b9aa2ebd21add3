"""`load("figures", version="latest")`: one table of a published version as a typed DataFrame.

Types come from the file itself (its Arrow schema and field metadata), so a version loads the same
way years later, whatever the registry has become: dates as `datetime64`, columns with allowed
values as categoricals (every allowed value a category, used or not), integers, numbers and
booleans as pandas' nullable dtypes. `df.attrs` says which version and table the rows are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.export import catalog

NULLABLE = {
    pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(),
    pa.float32(): pd.Float32Dtype(), pa.float64(): pd.Float64Dtype(), pa.bool_(): pd.BooleanDtype(),
}


def to_frame(table: pa.Table) -> pd.DataFrame:
    """A DataFrame with the dtypes described above; enums from the fields' `enum` metadata."""
    frame = table.to_pandas(types_mapper=NULLABLE.get, date_as_object=False)
    for field in table.schema:
        enum = (field.metadata or {}).get(b"enum")
        if enum:
            frame[field.name] = pd.Categorical(frame[field.name], categories=json.loads(enum))
    metadata = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items() if k != b"ARROW:schema"}
    frame.attrs.update(
        {
            "table": metadata.get("table"),
            "version": metadata.get("dataset_version"),
            "pipeline_version": metadata.get("pipeline_version"),
            "description": metadata.get("description"),
            "primary_key": metadata.get("primary_key", "").split(","),
        }
    )
    return frame


def load(table: str, version: str = "latest", out: str | Path = "output") -> pd.DataFrame:
    """Table `table` of dataset `version` (a name, an unambiguous prefix, or "latest") under `out`."""
    out = Path(out)
    name = catalog.resolve(out, version)
    frame = to_frame(catalog.read_table(out, name, table))
    frame.attrs["version"] = name
    return frame

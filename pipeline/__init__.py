"""North Korean Economy Watch figures: archive dumps in, tidy documented tables out.

Stages live in subpackages: `ingest` (dumps -> posts, segments, citations, rejects),
`extract` (segments -> figures) and `export` (tables -> a versioned dataset folder).
Analysts read a published version with `from pipeline import load`.
"""

__version__ = "0.1.0"


def load(table: str, version: str = "latest", out="output"):
    """Table `table` of dataset `version` under `out` as a typed pandas DataFrame.

    Imported lazily so that `import pipeline` (and every command) stays light; see
    `pipeline.export.load`.
    """
    from pipeline.export.load import load as load_table

    return load_table(table, version=version, out=out)

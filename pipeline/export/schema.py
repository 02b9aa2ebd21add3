"""The one metadata registry: the dataset, every table and column, with descriptions and units.

Arrow schemas, `datapackage.json`, `CITATION.cff` and the data dictionary page
(`docs/data_dictionary.md`, written by `python -m pipeline.export.dictionary`) are all generated
from `DATASET` and `TABLES`; describe a new column here and nowhere else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyarrow as pa

ARCHIVE_KINDS = ["category", "monthly", "home", "single", "embed"]
SEGMENT_LABELS = ["UPDATE", "ORIGINAL POST", "BODY"]
POSITIONS = ["top", "bottom"]
KINDS = [
    "trade_value", "money", "price", "tonnage", "volume", "count_people", "count_other",
    "percent_change", "percent_share", "percent_other", "multiple", "duration", "distance", "other",
]
DIRECTIONS = ["up", "down"]
QUALIFIERS = ["approx", "at_least", "at_most"]
FLOWS = ["export", "import", "trade"]

CHARACTERS = "character"  # offsets count Unicode code points, as Python and Arrow strings do
LINES = "line"
ROW_UNIT = "the row's `unit` (per `per` when set)"


@dataclass(frozen=True)
class Dataset:
    """Who and what to cite; the repository URL lives here and nowhere else."""

    name: str
    title: str
    description: str
    repository: str
    authors: list[str]
    licenses: list[dict[str, str]]
    keywords: list[str]


DATASET = Dataset(
    name="nkfigures",
    title="North Korean Economy Watch figures",
    description=(
        "Statistical figures (trade values, tonnages, prices, counts, percentages...) quoted in the "
        "North Korean Economy Watch blog archive, one row per figure with its unit, period, source, "
        "outlet and the evidence sentence, plus the posts, dated segments, citation blocks and "
        "rejected input lines they come from."
    ),
    repository="https://example.org/nkfigures",  # placeholder: the project's public repository URL
    authors=["nkfigures contributors"],
    licenses=[
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 (the tables); quoted text remains its authors'",
        }
    ],
    keywords=["North Korea", "DPRK", "economy", "trade", "statistics", "NK Economy Watch"],
)


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True
    enum: list[str] | None = None
    unit: str | None = None

    def arrow_field(self) -> pa.Field:
        """The Arrow field, with description (and unit, allowed values) in its metadata."""
        metadata = {"description": self.description}
        if self.unit:
            metadata["unit"] = self.unit
        if self.enum:
            metadata["enum"] = json.dumps(self.enum)
        return pa.field(self.name, self.type, nullable=self.nullable, metadata=metadata)


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: list[Column]
    primary_key: list[str]
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)

    def arrow_schema(self, extra_metadata: dict[str, str] | None = None) -> pa.Schema:
        """The Arrow schema, with table and column descriptions in the metadata.

        `extra_metadata` adds the dataset and pipeline versions when a version is written.
        """
        metadata = {
            "table": self.name,
            "description": self.description,
            "primary_key": ",".join(self.primary_key),
            "foreign_keys": json.dumps(
                [{"fields": f, "table": t, "reference": r} for f, t, r in self.foreign_keys]
            ),
        }
        metadata.update(extra_metadata or {})
        return pa.schema([c.arrow_field() for c in self.columns], metadata=metadata)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


S, D, I, B, F = pa.string(), pa.date32(), pa.int32(), pa.bool_(), pa.float64()

POSTS = Table(
    "posts",
    "One row per blog post, merged across the dumps of a build.",
    [
        Column("post_id", S, "Stable id: the post's first date (ORIGINAL POST marker, else its date line) and slugified title without `(UPDATED)`.", False),
        Column("title", S, "The post title as shown; null when the page shows none."),
        Column("published_date", D, "The post's date line; on single-post and embed pages the date in the sidecar URL; else null."),
        Column("author", S, "The byline (`By X`, `By: X` or a bare name under the date); null when there is none."),
        Column("categories", pa.list_(S), "Category names from category page headers, merged across dumps; empty for monthly, home and single pages.", False),
        Column("archive_kind", S, "Kind of page the post was read from.", False, ARCHIVE_KINDS),
        Column("url", S, "The post URL from the dump's sidecar (single-post and embed pages), else null."),
        Column("is_truncated", B, "True when the dump ends inside this post (partial capture).", False),
        Column("source_file", S, "The dump the kept text came from, relative to the raw folder's parent.", False),
        Column("line_start", I, "First line of the post in `source_file` (1-based).", False, unit=LINES),
        Column("line_end", I, "Last non-blank line of the post in `source_file` (1-based).", False, unit=LINES),
        Column("text", S, "The post text without page furniture and citation blocks; segments index into it.", False),
    ],
    ["post_id"],
)

SEGMENTS = Table(
    "segments",
    "Dated parts of a post: each UPDATE section, the ORIGINAL POST, or the whole BODY.",
    [
        Column("segment_id", S, "Stable id: post id plus `#original` for the original text (whether shown as BODY or ORIGINAL POST), `#update-<n>-<date>` for an update, `#body` for text above the first marker; never its position, so it survives new updates.", False),
        Column("post_id", S, "The post this segment belongs to.", False),
        Column("ordinal", I, "Position in the post's text, from 0.", False),
        Column("label", S, "`UPDATE`, `ORIGINAL POST`, or `BODY` (text not under a marker).", False, SEGMENT_LABELS),
        Column("update_number", I, "The n of `UPDATE n`; null otherwise."),
        Column("segment_date", D, "The marker's own date (a month-day marker takes the post's year); an undated marker or BODY takes the post date."),
        Column("date_inferred", B, "True when `segment_date` was not written on the marker.", False),
        Column("outlet", S, "The publication the segment quotes (quote intro or citation block); null for the blogger's own words."),
        Column("text", S, "The segment text, without its marker.", False),
        Column("char_start", I, "Offset of `text` in the post's `text`.", False, unit=CHARACTERS),
        Column("char_end", I, "End offset (exclusive) of `text` in the post's `text`.", False, unit=CHARACTERS),
    ],
    ["segment_id"],
    [(["post_id"], "posts", ["post_id"])],
)

CITATIONS = Table(
    "citations",
    "Citation blocks naming the article a passage is quoted from.",
    [
        Column("citation_id", S, "Segment id plus the block's number within the segment.", False),
        Column("post_id", S, "The post holding the block.", False),
        Column("segment_id", S, "The segment the block closes (bottom) or heads (top).", False),
        Column("title", S, "Title of the cited article, or null."),
        Column("outlet", S, "Publication of the cited article (canonical name when known), or null."),
        Column("author", S, "Author(s) of the cited article, or null."),
        Column("citation_date", D, "Date of the cited article, or null."),
        Column("position", S, "Whether the block sits at the top or bottom of the post.", False, POSITIONS),
    ],
    ["citation_id"],
    [(["post_id"], "posts", ["post_id"]), (["segment_id"], "segments", ["segment_id"])],
)

REJECTS = Table(
    "rejects",
    "Input lines that could not be placed in a post, kept verbatim with the reason.",
    [
        Column("source_file", S, "The dump the lines come from.", False),
        Column("line_start", I, "First rejected line (1-based).", False, unit=LINES),
        Column("line_end", I, "Last rejected line (1-based).", False, unit=LINES),
        Column("reason", S, "Why the lines could not be placed.", False),
        Column("text", S, "The rejected lines as read.", False),
    ],
    ["source_file", "line_start"],
)

FIGURES = Table(
    "figures",
    "Statistical figures quoted in segment texts, one row per figure (see FIGURES.md).",
    [
        Column("figure_id", S, "Stable id from segment id, offset and surface.", False),
        Column("post_id", S, "The post holding the figure.", False),
        Column("segment_id", S, "The segment holding the figure.", False),
        Column("surface", S, "The exact characters of the figure in the text.", False),
        Column("sentence", S, "The whole sentence holding the figure (evidence).", False),
        Column("char_start", I, "Offset of `surface` in the segment's `text`.", False, unit=CHARACTERS),
        Column("char_end", I, "End offset (exclusive) of `surface` in the segment's `text`.", False, unit=CHARACTERS),
        Column("value", F, "The number, fully scaled (`US$59.01 million` -> 59010000); the low end of a range.", False, unit=ROW_UNIT),
        Column("value_high", F, "The upper end of a range, else null.", unit=ROW_UNIT),
        Column("unit", S, "Canonical unit: ISO 4217 currency code, or percent, percentage_point, tonne, kg, barrel, litre, kwh, km, hectare, person, item, day, month, year, ratio.", False),
        Column("unit_inferred", B, "True when the unit was decided from context (bare `won`, a count with no noun).", False),
        Column("per", S, "Denominator of a rate (`month`, `year`, `kg`, `USD` for an exchange rate), else null."),
        Column("kind", S, "What sort of statistic the figure is.", False, KINDS),
        Column("direction", S, "`up` or `down` for a change; null otherwise. The value stays positive.", True, DIRECTIONS),
        Column("qualifier", S, "`approx`, `at_least` or `at_most` from hedging words; null when exact.", True, QUALIFIERS),
        Column("period_start", D, "First day of the period the figure describes, resolved against the segment date; null when none is given."),
        Column("period_end", D, "Last day of that period; null when none is given."),
        Column("source", S, "The primary source of the number as the text names it (KOTRA, Chinese customs...), else null."),
        Column("outlet", S, "The publication the passage is quoted from; null for the blogger's own words."),
        Column("measured", S, "A short phrase naming what is measured, in the text's words."),
        Column("flow", S, "For trade values and tonnages: export, import or trade, when the sentence says so.", True, FLOWS),
        Column("reporter", S, "ISO 3166 alpha-2 code of the reporting (exporting/importing) country, `KP` for North Korea."),
        Column("partner", S, "ISO 3166 alpha-2 code of the partner country."),
        Column("commodity", S, "The traded good (`crude oil`, `coal`, `flour`, `jet fuel`...), else null."),
    ],
    ["figure_id"],
    [(["post_id"], "posts", ["post_id"]), (["segment_id"], "segments", ["segment_id"])],
)

TABLES: dict[str, Table] = {t.name: t for t in (POSTS, SEGMENTS, CITATIONS, REJECTS, FIGURES)}

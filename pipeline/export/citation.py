"""How to cite a dataset version: `CITATION.cff`, plain text and BibTeX, from `schema.DATASET`.

The version name is what makes a citation exact: it pins the rows an analyst used. The release
date is the version's date (its newest segment date), so citations never depend on when a build
happened to run.
"""

from __future__ import annotations

import json

from pipeline.export.schema import DATASET
from pipeline.export.version import version_date

FORMATS = ("text", "bibtex", "cff")


def _yaml(value: str) -> str:
    """A YAML scalar: JSON strings are valid double-quoted YAML."""
    return json.dumps(value, ensure_ascii=False)


def cff(version: str) -> str:
    """`CITATION.cff` (Citation File Format 1.2.0) for `version`."""
    lines = [
        "cff-version: 1.2.0",
        f"message: {_yaml('If you use this dataset, please cite this version of it as below.')}",
        "type: dataset",
        f"title: {_yaml(DATASET.title)}",
        f"version: {_yaml(version)}",
        f"date-released: {_yaml(version_date(version))}",
        "authors:",
        *(f"  - name: {_yaml(author)}" for author in DATASET.authors),
        f"abstract: {_yaml(DATASET.description)}",
        f"repository-code: {_yaml(DATASET.repository)}",
        f"url: {_yaml(DATASET.repository)}",
        f"license: {_yaml(DATASET.licenses[0]['name'])}",
        "keywords:",
        *(f"  - {_yaml(word)}" for word in DATASET.keywords),
    ]
    return "\n".join(lines) + "\n"


def text(version: str) -> str:
    """An APA-style reference."""
    authors = ", ".join(DATASET.authors)
    return f"{authors} ({version_date(version)[:4]}). {DATASET.title} (Version {version}) [Data set]. {DATASET.repository}\n"


def bibtex(version: str) -> str:
    key = f"{DATASET.name}-{version}"
    authors = " and ".join(f"{{{a}}}" for a in DATASET.authors)
    return (
        f"@misc{{{key},\n"
        f"  author = {{{authors}}},\n"
        f"  title = {{{DATASET.title}}},\n"
        f"  year = {{{version_date(version)[:4]}}},\n"
        f"  version = {{{version}}},\n"
        f"  howpublished = {{\\url{{{DATASET.repository}}}}},\n"
        f"  note = {{Data set, version {version}, released {version_date(version)}}}\n"
        "}\n"
    )


def render(version: str, form: str) -> str:
    return {"text": text, "bibtex": bibtex, "cff": cff}[form](version)

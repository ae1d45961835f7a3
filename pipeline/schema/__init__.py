"""The JSON Schema of the output records, shipped with the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=1)
def record_schema() -> dict:
    return json.loads(files(__package__).joinpath("records.schema.json").read_text("utf-8"))


def validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(record_schema())

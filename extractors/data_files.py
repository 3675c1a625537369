"""Read the YAML data files that ship beside the extractors (lexicons), the same way everywhere."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def load_yaml(name: str) -> Any:
    return yaml.safe_load(resources.files("docscreen.extractors").joinpath("data", name).read_text("utf-8"))

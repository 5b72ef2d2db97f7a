"""Which GeoJSON files describe a city's areas, and which properties hold the names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LayerFile:
    """One boundary file for one level.

    `parent_properties` lists (level, property) for every ancestor, top level
    first, e.g. kelurahan: [("kota", "kota"), ("kecamatan", "kecamatan")].
    """

    path: Path
    level: str
    name_property: str
    parent_properties: Sequence[tuple[str, str]] = ()

    def __post_init__(self) -> None:
        # Any path-like and any sequence of pairs in; one comparable, hashable form stored.
        object.__setattr__(self, "path", Path(self.path))
        object.__setattr__(self, "parent_properties", tuple(tuple(pair) for pair in self.parent_properties))


def jakarta_layers(directory: Path) -> list[LayerFile]:
    """The three Jakarta files (kota, kecamatan, kelurahan) in `directory`, plain or gzip-compressed."""
    directory = Path(directory)
    return [
        LayerFile(_boundary_file(directory, "kota"), "kota", "kota"),
        LayerFile(_boundary_file(directory, "kecamatan"), "kecamatan", "kecamatan", [("kota", "kota")]),
        LayerFile(
            _boundary_file(directory, "kelurahan"),
            "kelurahan",
            "kelurahan",
            [("kota", "kota"), ("kecamatan", "kecamatan")],
        ),
    ]


def has_boundaries(directory: Path | None) -> bool:
    """Whether `directory` holds a city's boundary files (the top level is enough to tell)."""
    return directory is not None and _boundary_file(Path(directory), "kota").is_file()


def _boundary_file(directory: Path, level: str) -> Path:
    """`LEVEL.geojson` if present, else `LEVEL.geojson.gz` (the bundled files are compressed)."""
    plain = directory / f"{level}.geojson"
    return plain if plain.is_file() else directory / f"{level}.geojson.gz"

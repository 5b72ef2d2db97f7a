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
    """The three files of /work/shared/data/jakarta (see its README) in `directory`."""
    directory = Path(directory)
    return [
        LayerFile(directory / "kota.geojson", "kota", "kota"),
        LayerFile(directory / "kecamatan.geojson", "kecamatan", "kecamatan", [("kota", "kota")]),
        LayerFile(
            directory / "kelurahan.geojson",
            "kelurahan",
            "kelurahan",
            [("kota", "kota"), ("kecamatan", "kecamatan")],
        ),
    ]

"""Admin subcommands `load-areas` and `reroute`; cli.py calls `register`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..config import get_settings
from ..db import session_scope
from .geojson import AreaLoadError
from .layers import LayerFile, jakarta_layers
from .loader import LoadReport, load_areas
from .reroute import reroute_reports

LAYER_SYNTAX = "LEVEL:PATH:NAME_PROP[:PARENT_LEVEL=PROP,...]"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `load-areas` and `reroute`; each sets `func`, which returns the exit code."""
    load = subparsers.add_parser(
        "load-areas",
        help="load administrative boundaries from GeoJSON",
        description="Load area boundaries (upsert by level, name and parent); replaces the approximate areas. "
        "Without options, loads kota/kecamatan/kelurahan.geojson from the boundaries folder.",
    )
    source = load.add_mutually_exclusive_group()
    source.add_argument(
        "--dir",
        type=Path,
        help="folder with the Jakarta files kota.geojson, kecamatan.geojson, kelurahan.geojson "
        "plain or .gz (default: PENGADUAN_BOUNDARIES_DIR, else the Jakarta files bundled with Pengaduan)",
    )
    source.add_argument(
        "--layer",
        type=parse_layer,
        action="append",
        metavar=LAYER_SYNTAX,
        help="one file per level, repeated; parents list every ancestor top first, "
        "e.g. kelurahan:kel.geojson:kelurahan:kota=kota,kecamatan=kecamatan",
    )
    load.set_defaults(func=run_load_areas)

    reroute = subparsers.add_parser("reroute", help="route reports to areas again")
    reroute.add_argument(
        "--all", action="store_true", help="every report, not only unrouted or approximately routed ones"
    )
    reroute.set_defaults(func=run_reroute)


def parse_layer(spec: str) -> LayerFile:
    """`kecamatan:path/kec.geojson:NAME:kota=KOTA` → LayerFile (argparse `type`)."""
    parts = spec.split(":")
    if len(parts) not in (3, 4) or not all(parts[:3]):
        raise argparse.ArgumentTypeError(f"expected {LAYER_SYNTAX}, got {spec!r}")
    parents = []
    for pair in parts[3].split(",") if len(parts) == 4 else []:
        level, _, prop = pair.partition("=")
        if not level or not prop:
            raise argparse.ArgumentTypeError(f"parent {pair!r} in {spec!r} is not PARENT_LEVEL=PROP")
        parents.append((level, prop))
    return LayerFile(Path(parts[1]), parts[0], parts[2], parents)


def run_load_areas(args: argparse.Namespace) -> int:
    directory = args.dir or get_settings().boundaries_dir
    if not args.layer and directory is None:
        print("load-areas: PENGADUAN_BOUNDARIES_DIR is empty: give --dir or --layer", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        layers = args.layer or jakarta_layers(directory)
        with session_scope() as session:
            report = load_areas(session, layers)
    except AreaLoadError as err:
        print(f"load-areas: {err}\nNothing was changed.", file=sys.stderr)
        return 1
    print(format_load_report(report, time.perf_counter() - started))
    return 0


def run_reroute(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with session_scope() as session:
        changed = reroute_reports(session, only_unrouted_or_approximate=not args.all)
    print(f"{changed} reports re-routed in {time.perf_counter() - started:.2f} s")
    return 0


def format_load_report(report: LoadReport, seconds: float) -> str:
    columns = ("created", "updated", "unchanged", "repaired")
    lines = [f"{'level':<12}" + "".join(f"{name:>11}" for name in columns)]
    for level, counts in report.levels.items():
        lines.append(f"{level:<12}" + "".join(f"{getattr(counts, name):>11}" for name in columns))
    lines += [f"  {repair}" for repair in report.repairs]
    lines.append(f"areas retired: {report.areas_retired}")
    lines.append(f"references moved to their new areas: {report.references_moved}")
    lines.append(f"reports re-routed: {report.reports_rerouted}")
    lines.append(f"done in {seconds:.2f} s")
    return "\n".join(lines)

"""The `load-areas` and `reroute` admin commands, run through argparse against a SQLite file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.geo.commands import parse_layer, register
from pengaduan_app.geo.layers import LayerFile


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Runs a command line against a fresh database; returns its exit code."""
    url = f"sqlite:///{tmp_path / 't.db'}"
    SQLModel.metadata.create_all(make_engine(url))
    monkeypatch.setenv("REFLEX_DB_URL", url)
    get_settings.cache_clear()
    parser = argparse.ArgumentParser(prog="pengaduan")
    register(parser.add_subparsers(required=True))

    def run_command(*argv: str) -> int:
        args = parser.parse_args(argv)
        return args.func(args)

    yield run_command
    get_settings.cache_clear()


def test_layer_option_is_parsed():
    assert parse_layer("kelurahan:data/kel.geojson:NAMA:kota=KOTA,kecamatan=KEC") == LayerFile(
        Path("data/kel.geojson"), "kelurahan", "NAMA", [("kota", "KOTA"), ("kecamatan", "KEC")]
    )
    assert parse_layer("kota:kota.geojson:kota") == LayerFile(Path("kota.geojson"), "kota", "kota")


@pytest.mark.parametrize("spec", ["kota:kota.geojson", "kota::kota", "kecamatan:k.geojson:nama:kota"])
def test_malformed_layer_option_is_refused(spec):
    with pytest.raises(argparse.ArgumentTypeError):
        parse_layer(spec)


def test_load_areas_prints_a_summary_and_a_second_run_changes_nothing(run, capsys):
    directory = get_settings().boundaries_dir
    if not directory.is_dir():
        pytest.skip(f"{directory}: Jakarta boundaries folder absent")

    assert run("load-areas", "--dir", str(directory)) == 0
    first = capsys.readouterr().out
    assert run("load-areas") == 0  # --dir defaults to the boundaries folder
    second = capsys.readouterr().out

    assert first.splitlines()[3].split() == ["kelurahan", "262", "0", "0", "0"]
    assert second.splitlines()[3].split() == ["kelurahan", "0", "0", "262", "0"]
    assert "done in" in second


def test_broken_layer_exits_non_zero_with_the_reason(run, tmp_path, capsys):
    path = tmp_path / "kota.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"properties": {}, "geometry": None}]}))

    assert run("load-areas", "--layer", f"kota:{path}:NAMA") == 1
    err = capsys.readouterr().err
    assert 'kota.geojson features[0]: property "NAMA" is missing or empty' in err
    assert "Nothing was changed." in err


def test_reroute_prints_how_many_reports_changed(run, capsys):
    assert run("reroute", "--all") == 0
    assert capsys.readouterr().out.startswith("0 reports re-routed in ")

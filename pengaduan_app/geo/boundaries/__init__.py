"""Boundary files shipped with the package (data only): see jakarta/README.md for source and licence."""

from pathlib import Path

JAKARTA = Path(__file__).resolve().parent / "jakarta"

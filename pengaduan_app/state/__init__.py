"""Reflex states: thin; every handler calls domain/ and keeps plain values."""

"""Backups: `pengaduan backup PATH` and `pengaduan restore PATH` (database, photos, manifest)."""

"""Staff roles and what each may do."""

from __future__ import annotations

ADMIN = "admin"
KECAMATAN = "kecamatan"
KELURAHAN = "kelurahan"
AGENCY = "dinas"

ROLES = (ADMIN, KECAMATAN, KELURAHAN, AGENCY)
# The area level an officer of each role is attached to.
ROLE_AREA_LEVEL = {KECAMATAN: "kecamatan", KELURAHAN: "kelurahan"}

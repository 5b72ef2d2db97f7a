"""Staff roles and what each may do."""

from __future__ import annotations

ADMIN = "admin"
KECAMATAN = "kecamatan"
KELURAHAN = "kelurahan"
AGENCY = "dinas"
# Answers for no area: hides and redacts anywhere, handles nothing. Area officers only flag for moderation, so
# the unit the public judges (on /kinerja) never decides what the public sees about it.
MODERATOR = "moderator"

ROLES = (ADMIN, KECAMATAN, KELURAHAN, AGENCY, MODERATOR)
MODERATING = (ADMIN, MODERATOR)
# The area level an officer of each role is attached to.
ROLE_AREA_LEVEL = {KECAMATAN: "kecamatan", KELURAHAN: "kelurahan"}

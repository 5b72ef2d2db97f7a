"""The rules of Pengaduan, in plain Python (no Reflex): pages, API, channels and CLI share them.

Functions take the caller's session and never commit (db.py's transaction rule); refusals subclass
errors.Refused. One module per concept:

- Filing: submission (submit_report, tracking codes, the kecamatan desk), validation (fields), privacy (who sees a
  report and its reporter), photos (uploads, attach_photos, the after photo's field check), duplicates ("already
  reported?", supporters of a duplicate), limits (every rate limit).
- Routing and areas: areas (the hierarchy, agencies, the responsible unit, finding a place by name), sla
  (working-day deadlines).
- A report's life: status (ladder, transition table, the public's words for each step), handling (apply_step,
  officers' steps, corrections, the person behind a channel report), confirmation (the reporter's private link;
  confirms or reopens), notifications (follows, notifications, channel updates, the outbox), support ("Saya juga"
  and support bursts, moderators included).
- Moderation: flags (visitors and officers flag), moderation (hide, redact, originals).
- Staff: accounts (staff accounts and their admin), credentials (passwords, sessions, two-factor, safe return
  addresses), permissions (roles, who may do what), api_keys, audit, staff_queue (the queue, its search, the
  overdue count, the full report), digest (the daily digest and escalation).
- What admins configure: categories (categories, their questions, response templates), defaults (what a new
  database starts with).
- Citizens: citizens (optional accounts, the e-mail link, a browser's reports, follows and supports become the
  account's).
- Reading for the public: public_reports, map_query, viewport, open311 (GeoReport reads and POSTs), open_data,
  performance.
- Running totals kept on every change to a report (report_rollups: one flush hook): figures (performance
  page), map_cells (the map's grid), increments (adding to total rows).
- Channels: intake and intake_words (one conversation for WhatsApp, e-mail, SMS); replies go through notifications.
"""

# Registers the flush hooks that keep the performance totals and the map's cells in step with every report.
from . import report_rollups as _report_rollups  # noqa: F401

"""The rules of Pengaduan, in plain Python (no Reflex): pages, API, channels and CLI share them.

Functions take the caller's session and never commit (db.py's transaction rule); refusals subclass
errors.Refused. One module per concept:

- Filing: validation (fields), submission (submit_report), photos (uploads, attach_photos), tracking (codes),
  categories, service_attributes (extra questions), desk (walk-in complaints), open311_submit (API POSTs),
  duplicates ("already reported?", supporters of a duplicate), limits (every rate limit), privacy.
- Routing and areas: areas, agencies, sla (working-day deadlines), places (finding a place by area name).
- A report's life: status (ladder and transition table), timeline (apply_step), handling (officers' steps),
  corrections (officers fix category and place), public_wording (the public's words for each step),
  confirmation (the reporter confirms or reopens), following (follows, notifications), support ("Saya juga"),
  field_check (is the after photo taken at the place?).
- Moderation: flags (visitors flag), moderation (hide, redact, originals), support_bursts (many supports from
  one address) and burst_moderation (moderators discount or keep them).
- Staff: accounts, account_admin, credentials (passwords, sessions), two_factor (TOTP and recovery codes),
  navigation (safe return addresses), roles, permissions, api_keys, audit, staff_queue, queue_search, staff_view,
  overdue (the header's count), digest (the daily digest and escalation).
- What admins configure: category_admin (categories and their questions), response_templates, defaults (what a
  new database starts with).
- Citizens: citizens (optional accounts), email_verification (the one-time link), claim (a browser's reports,
  follows and supports become the account's).
- Reading for the public: public_reports, map_query, viewport, open311 (GeoReport reads), open_data,
  performance.
- Running totals kept on every change to a report (report_rollups: one flush hook): figures (performance
  page), map_cells (the map's grid), increments (adding to total rows).
- Channels: intake and intake_words (one conversation for WhatsApp, e-mail, SMS), outbox, channel_updates,
  channel_reporters (officers and the person behind a channel report).
"""

# Registers the flush hooks that keep the performance totals and the map's cells in step with every report.
from . import report_rollups as _report_rollups  # noqa: F401

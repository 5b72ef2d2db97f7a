"""Admins manage staff accounts at /staf/akun."""

from __future__ import annotations

import dataclasses
import functools

import reflex as rx

from ..domain.accounts import (
    admin_create_account,
    admin_reset_password,
    admin_set_active,
    admin_set_areas,
    admin_set_email,
    list_accounts,
    officer_areas,
)
from ..domain.areas import AGENCIES, agency_name, area_options
from ..domain.permissions import ROLES
from ..i18n import translate
from .config_forms import as_id, save_form
from .confirm import Confirming
from .lang import current_language
from .staff_auth import REFUSED, StaffPage, act, read_as_staff
from .views import Option

AREA_MATCHES = 8  # the picker lists at most this many areas matching what the admin typed


@dataclasses.dataclass
class OfficerAccount:
    """A staff account as the admin's table lists it (the e-mail only ever reaches an admin's page)."""

    id: str = ""
    username: str = ""
    name: str = ""
    role: str = ""
    unit: str = ""
    email: str = ""
    active: bool = False


@dataclasses.dataclass
class AreaChip:
    """An area in the officer's area picker: chosen, or matching what the admin typed."""

    id: str = ""
    name: str = ""


class AccountsState(StaffPage, Confirming, rx.State):
    allowed: bool = False
    accounts: list[OfficerAccount] = []
    area_choices: list[Option] = []
    agency_choices: list[Option] = [Option(a.code, a.name_id) for a in AGENCIES]
    role_choices: list[str] = list(ROLES)
    field_errors: dict[str, str] = {}  # by field: the new account's e-mail (new_email), an officer's (email)
    form_round: int = 0  # the forms' key: a new value empties them after a save
    # Editing one officer's areas: who (kelurahan and kecamatan officers can be chosen), their areas as the
    # admin changes them, what matches the search, and the open reports left outside after saving.
    area_officers: list[Option] = []
    area_user: str = ""
    area_level: str = ""
    area_chosen: list[AreaChip] = []
    area_query: str = ""
    area_matches: list[AreaChip] = []
    area_outside: list[str] = []
    _area_pool: dict[str, list[tuple[str, str]]] = {}

    async def _reload(self):
        lang = await current_language(self)
        loaded = await read_as_staff(
            self,
            lambda session, identity: (
                list_accounts(session, identity),
                area_options(session, "kecamatan"),
                area_options(session, "kelurahan"),
            ),
        )
        if loaded is None:
            self.allowed, self.accounts = False, []
            return
        rows, kecamatan, kelurahan = loaded
        self.allowed = True
        self._area_pool = {
            "kecamatan": [(str(a.id), a.name) for a in kecamatan],
            "kelurahan": [(str(a.id), a.name) for a in kelurahan],
        }
        self.area_officers = [
            Option(str(r.id), f"{r.username} ({translate(lang, f'role.{r.role}')})")
            for r in rows
            if r.role in self._area_pool and r.active
        ]
        self.accounts = [
            OfficerAccount(
                id=str(r.id),
                username=r.username,
                name=r.display_name,
                role=translate(lang, f"role.{r.role}"),
                unit=agency_name(r.agency, lang) or ", ".join(r.areas),
                email=r.email or "",
                active=r.active,
            )
            for r in rows
        ]
        self.area_choices = [Option(str(a.id), f"Kec. {a.name}") for a in kecamatan] + [
            Option(str(a.id), f"Kel. {a.name}") for a in kelurahan
        ]

    async def _run(self, action, *args, success_key: str, **kwargs):
        return await act(self, action, *args, done_key=success_key, **kwargs)

    @rx.event
    async def create(self, form: dict):
        """A new account; a bad e-mail address is shown by its field (new_email), nothing stored."""
        areas = [int(a) for a in str(form.get("areas", "")).split(",") if a.strip().isdigit()]
        step = functools.partial(
            admin_create_account,
            username=str(form.get("username", "")),
            display_name=str(form.get("display_name", "")),
            password=str(form.get("password", "")),
            role=str(form.get("role", "")),
            area_ids=areas,
            agency=str(form.get("agency", "")) or None,
            email=str(form.get("email", "")),
        )
        if await save_form(self, step, done_key="staff.account_created", prefix="new_"):
            self.form_round += 1

    @rx.event
    async def set_email(self, form: dict):
        """Set or clear (empty) an officer's daily digest address; admin_set_email checks that an admin asks."""
        user_id = as_id(form.get("user_id", ""))
        await save_form(self, admin_set_email, user_id, str(form.get("email", "")), done_key="staff.email_saved")

    def _username(self, user_id: str) -> str:
        return next((a.username for a in self.accounts if a.id == str(user_id)), "")

    @rx.event
    async def ask_disable(self, user_id: str):
        """The question before disabling, naming the account (one this admin's page listed)."""
        username = self._username(user_id)
        if username:
            self._ask(translate(await current_language(self), "confirm.disable_account", username=username), user_id)

    @rx.event
    async def set_active(self, user_id: str, active: bool):
        """Enable, or (the dialog's answer) disable: admin_set_active checks that an admin asks. A disabling
        can be taken back at once with "Batalkan" (an enabling, audited too)."""
        self._answered()
        self.undo_target = self.undo_text = ""
        username = self._username(user_id)
        done = await self._run(
            admin_set_active,
            int(user_id) if str(user_id).isdigit() else -1,
            bool(active),
            success_key="staff.account_updated",
        )
        if done is not REFUSED and not active:
            lang = await current_language(self)
            self._offer_undo(str(user_id), translate(lang, "confirm.account_disabled", username=username))

    @rx.event
    async def reset_password(self, form: dict):
        user_id = str(form.get("user_id", ""))
        await self._run(
            admin_reset_password,
            int(user_id) if user_id.isdigit() else -1,
            str(form.get("password", "")),
            success_key="staff.password_changed",
        )

    @rx.event
    async def choose_officer(self, user_id: str):
        """Start editing an officer's areas: their current areas, as the database has them."""
        self.area_query, self.area_matches, self.area_outside = "", [], []
        found = await read_as_staff(self, lambda session, identity: officer_areas(session, identity, as_id(user_id)))
        if found is None or not found[0]:
            self.area_user, self.area_level, self.area_chosen = "", "", []
            return
        self.area_user, self.area_level = str(user_id), found[0]
        self.area_chosen = [AreaChip(str(a.id), a.name) for a in found[1]]

    @rx.event
    def search_areas(self, value: str):
        """Areas of the officer's level whose name holds what was typed (at least two letters)."""
        self.area_query = str(value)[:60]
        words = self.area_query.strip().lower()
        chosen = {a.id for a in self.area_chosen}
        pool = self._area_pool.get(self.area_level, []) if len(words) >= 2 else []
        self.area_matches = [AreaChip(i, name) for i, name in pool if words in name.lower() and i not in chosen][
            :AREA_MATCHES
        ]

    @rx.event
    def add_area(self, area_id: str):
        match = next((a for a in self.area_matches if a.id == str(area_id)), None)
        if match is not None:
            self.area_chosen = [*self.area_chosen, match]
            self.area_matches = [a for a in self.area_matches if a.id != match.id]

    @rx.event
    def remove_area(self, area_id: str):
        self.area_chosen = [a for a in self.area_chosen if a.id != str(area_id)]

    @rx.event
    async def save_areas(self):
        """Store the chosen areas (checked again by the domain: admin only, areas of the role's level)."""
        area_ids = [int(a.id) for a in self.area_chosen if a.id.isdigit()]
        outside = await act(self, admin_set_areas, as_id(self.area_user), area_ids, done_key="staff.areas_saved")
        self.area_outside = [] if outside is REFUSED else list(outside)

"""The visitor's language, remembered in a cookie that the server and map endpoints also read."""

import reflex as rx

from ..i18n import LANG_COOKIE, LANGUAGES, catalog

ONE_YEAR = 365 * 24 * 3600


class LangState(rx.State):
    lang: str = rx.Cookie("id", name=LANG_COOKIE, max_age=ONE_YEAR, same_site="lax")

    @rx.var
    def t(self) -> dict[str, str]:
        return catalog(self.current)

    @rx.var
    def current(self) -> str:
        return self.lang if self.lang in LANGUAGES else LANGUAGES[0]


def switch_language_script(lang: str) -> rx.event.EventSpec:
    """Set the cookie in the browser and reload, so every page and map renders in the new language."""
    return rx.call_script(
        f"document.cookie='{LANG_COOKIE}={lang}; path=/; max-age={ONE_YEAR}; samesite=lax'; window.location.reload()"
    )


async def current_language(state: rx.State) -> str:
    """The language of the visitor whose event `state` is handling."""
    return (await state.get_state(LangState)).current

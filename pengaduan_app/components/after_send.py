"""After a report is sent: its code, and the private link in full with "Salin" (copy) and "Bagikan" (share).

"Bagikan" opens the phone's share sheet where the browser has one, else WhatsApp
with the link as the message (the link's address says WhatsApp too, so a long
press works without script). Both read the link from the page, never from a
script string built on the server.
"""

import reflex as rx

from .i18n import t

_COPY_JS = """
(function () {
  var link = document.getElementById('private-link').textContent, status = document.getElementById('copy-status');
  function done(ok) { status.textContent = ok ? status.dataset.done : status.dataset.failed; }
  function fallback() {
    var range = document.createRange(), sel = window.getSelection();
    range.selectNodeContents(document.getElementById('private-link'));
    sel.removeAllRanges(); sel.addRange(range);
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    done(ok);
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(link).then(function () { done(true); }, fallback);
  } else { fallback(); }
})();
"""

_SHARE_JS = """
(function () {
  var link = document.getElementById('private-link').textContent, anchor = document.getElementById('share-link');
  if (navigator.share) {
    navigator.share({title: anchor.dataset.title, text: anchor.dataset.text, url: link}).catch(function () {});
  } else {
    window.open(anchor.href, '_blank', 'noopener');
  }
})();
"""


def private_link_panel(link: rx.Var, whatsapp: rx.Var, code: rx.Var) -> rx.Component:
    """`link` is the absolute private link, `whatsapp` the wa.me address that carries it."""
    return rx.el.div(
        rx.el.p(t("form.private_link"), class_name="field-label", id="private-link-label"),
        rx.el.p(link, id="private-link", class_name="link-box", aria_labelledby="private-link-label"),
        rx.el.p(t("form.private_link_why"), class_name="field-hint", id="private-link-why"),
        rx.el.div(
            rx.el.button(
                rx.icon("copy", size=18, aria_hidden="true"),
                t("form.copy"),
                type="button",
                id="copy-link",
                class_name="button secondary",
                on_click=rx.call_script(_COPY_JS),
            ),
            rx.el.a(
                rx.icon("share-2", size=18, aria_hidden="true"),
                t("form.share"),
                href=whatsapp,
                id="share-link",
                class_name="button secondary",
                target="_blank",
                rel="noopener",
                data_title=t("form.share_title") + " " + code,
                data_text=t("form.share_text"),
                on_click=rx.call_script(_SHARE_JS).prevent_default,
            ),
            rx.el.span(
                "",
                id="copy-status",
                role="status",
                data_done=t("form.copied"),
                data_failed=t("form.copy_failed"),
                class_name="card-meta",
            ),
            class_name="location-row",
        ),
        class_name="field private-link",
    )

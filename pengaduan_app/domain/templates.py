"""Response templates officers start a reply from (texts in the i18n catalogs, `template.<code>`)."""

TEMPLATE_CODES = ("received", "checking", "scheduled", "handed_over", "resolved", "out_of_scope", "need_info")

"""A plain HTML form that the browser posts itself (Reflex's own form always stops the browser's submit to run an
event handler). Used where the server must answer with a cookie: staff sign-in and sign-out."""

from reflex_base.components.component import field
from reflex_base.vars.base import Var
from reflex_components_core.el.elements.base import BaseHTML


class PostForm(BaseHTML):
    tag = "form"

    action: Var[str] = field(doc="where the form posts")
    method: Var[str] = field(doc="always post", default=Var.create("post"))


post_form = PostForm.create

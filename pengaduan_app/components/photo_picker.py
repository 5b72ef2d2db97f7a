"""A photo picker (rx.upload, i.e. react-dropzone) named by a visible label, with the chosen file names below.

Used by the report form (/lapor, /staf/loket) and by the "after" photo of a resolved report.
"""

import reflex as rx
from reflex_components_core.el.elements.forms import Input

from .i18n import t

PHOTO_TYPES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]}


def _name_file_input(upload: rx.Component, label_id: str) -> rx.Component:
    """Point the hidden <input type=file> of `upload` at the visible label.

    rx.upload renders `<div {...getRootProps()}><input type=file {...getInputProps()}/>…</div>` and takes no
    props for the input; react-dropzone gives it no name, so assistive technology (and axe's `label` rule)
    would meet a nameless field. The drop zone keeps its own role: as role=button it would nest the input.
    """
    zone = upload.children[0]
    file_input = zone.children[0]
    if not isinstance(file_input, Input):
        raise TypeError(f"rx.upload changed shape: expected its file input first, found {type(file_input)}")
    file_input.custom_attrs["aria-labelledby"] = label_id
    return upload


def photo_picker(upload_id: str, label_id: str, **props) -> rx.Component:
    """The drop zone (a tap opens the camera or the gallery: image types only, no `capture`) and the chosen names.

    `label_id` is the id of the visible text that names the field; `props` go to rx.upload.
    """
    upload = rx.upload(
        rx.el.div(
            rx.icon("camera", size=28, aria_hidden="true"),
            rx.el.p(t("form.photos_pick")),
            class_name="dropzone",
        ),
        id=upload_id,
        accept=PHOTO_TYPES,
        aria_labelledby=label_id,
        border="none",
        padding="0",
        **props,
    )
    return rx.fragment(
        _name_file_input(upload, label_id),
        rx.el.ul(rx.foreach(rx.selected_files(upload_id), lambda name: rx.el.li(name)), class_name="selected-files"),
    )

"""A photo picker (rx.upload, i.e. react-dropzone) named by a visible label, with the chosen photos below,
and the send button that goes with it.

Used by the report form (/lapor, /staf/loket) and by the "after" photo of a resolved report. The photos are
shrunk in the browser, listed as thumbnails and kept as a draft by /photos.js (see its header); this module
renders the places that script fills and the bridge that hands it Reflex's upload context.
"""

import reflex as rx
from reflex_base.vars.base import Var, VarData
from reflex_components_core.base.fragment import Fragment
from reflex_components_core.core.upload import get_upload_files_context_var_data
from reflex_components_core.el.elements.forms import Input

from .i18n import t

PHOTO_TYPES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]}


class UploadBridge(Fragment):
    """Hands Reflex's selected files (and their setter) to /photos.js each time they change.

    The script shrinks newly chosen photos and puts the small copies back, so `rx.upload_files` sends those.
    Until the script has loaded, the context waits in `window.pengaduanUploads`.
    """

    def add_hooks(self) -> list[str | Var]:
        return [
            Var(
                "useEffect(() => { window.pengaduanUploads = [filesById, setFilesById]; "
                "if (window.pengaduanPhotos) window.pengaduanPhotos.sync(filesById, setFilesById); }, [filesById]);",
                _var_data=VarData.merge(get_upload_files_context_var_data(), VarData(imports={"react": ["useEffect"]})),
            )
        ]


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


def _capture_camera(upload: rx.Component) -> rx.Component:
    """Open the back camera at once on a phone (desktops ignore it and open the file chooser)."""
    upload.children[0].children[0].custom_attrs["capture"] = "environment"
    return upload


def photo_picker(
    upload_id: str, label_id: str, *, picker_frame: str = "", proof: bool = False, **props
) -> rx.Component:
    """The drop zone (a tap opens the camera or the gallery: image types only) and the chosen photos.

    `label_id` is the id of the visible text that names the field; with `picker_frame` (the id of the location
    picker's iframe) a photo's GPS position is offered as the place; `props` go to rx.upload.
    `proof` is the officer's after photo, taken on the spot: a tap opens the back camera (`capture`), and the
    shrunk copy keeps the photo's GPS position so the server can compare it with the report's place
    (domain.photos; the server strips it from what it stores).
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
    upload = _name_file_input(upload, label_id)
    return rx.fragment(
        _capture_camera(upload) if proof else upload,
        # Filled by /photos.js: thumbnails with their size and a remove button, "use the photo's location".
        rx.el.div(
            id=f"{upload_id}-chosen",
            class_name="photo-chosen",
            aria_live="polite",
            custom_attrs={
                "data-photo-upload": upload_id,
                "data-picker": picker_frame,
                "data-keep-gps": "1" if proof else "",
                "data-l-remove": t("photos.remove"),
                "data-l-shrinking": t("photos.shrinking"),
                "data-l-use-location": t("photos.use_location"),
            },
        ),
        UploadBridge.create(),
    )


def send_button(upload_id: str, label: rx.Var, on_click, *, button_id: str, disabled=False) -> rx.Component:
    """The button that sends a form with photos, its progress bar and its status line (filled by /photos.js).

    While the photos go up the button is disabled and reads "Mengirim… 45%"; a network failure leaves a
    message and a retry here; offline, the form waits for the connection.
    """
    status_id, progress_id = f"{button_id}-status", f"{button_id}-progress"
    return rx.fragment(
        rx.el.button(
            rx.el.span(label, class_name="send-label"),
            rx.el.span(class_name="send-percent", aria_live="polite"),
            type="button",
            id=button_id,
            class_name="button big send-button",
            disabled=disabled,
            on_click=on_click,
            custom_attrs={
                "data-photo-send": upload_id,
                "data-status": status_id,
                "data-progress": progress_id,
                "data-l-sending": t("photos.sending"),
                "data-l-failed": t("photos.failed"),
                "data-l-retry": t("photos.retry"),
                "data-l-offline": t("photos.offline"),
                "data-l-queued": t("photos.queued"),
            },
        ),
        rx.el.div(
            rx.el.div(class_name="send-progress-fill"),
            id=progress_id,
            class_name="send-progress",
            role="progressbar",
            aria_label=t("photos.progress"),
            custom_attrs={"aria-valuemin": "0", "aria-valuemax": "100"},
        ),
        rx.el.p(id=status_id, class_name="send-status", role="status"),
    )

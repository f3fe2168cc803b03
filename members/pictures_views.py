"""The upload step every picture page shares (municipalities, projects, events, recaps):
the page decides who may edit; this adds the picture or leaves the errors on the form."""

from django.contrib import messages
from django.utils.translation import gettext as _

from members.pictures_services import picture_add
from members.services.audit import PortalError


def add_picture_from_form(request, target, picture_form) -> bool:
    """Adds the uploaded picture to `target`; False (errors on the form) when it is invalid."""
    if not picture_form.is_valid():
        return False
    try:
        picture_add(
            actor=request.user,
            target=target,
            upload=picture_form.cleaned_data["image"],
            alt_text=picture_form.cleaned_data["alt_text"],
            caption=picture_form.cleaned_data["caption"],
        )
    except PortalError as error:
        picture_form.add_error("image", error.message)
        return False
    messages.success(request, _("The picture has been added."))
    return True

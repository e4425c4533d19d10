"""A report's file: shown in the page when it is a picture, downloaded otherwise."""

from django.contrib.auth.decorators import login_required

from seri.core.files import stored_file_response
from seri.intake.selectors import attachment_get_for_user
from seri.intake.services.attachments import attachment_open_for


@login_required
def attachment_file(request, public_id):
    attachment = attachment_get_for_user(request.user, public_id)
    handle, media_type = attachment_open_for(actor=request.user, attachment=attachment)
    return stored_file_response(handle, media_type=media_type, sha256=attachment.sha256)

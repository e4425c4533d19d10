"""Background work of the channels (`seri db_worker` runs it): fetching media and sending an
acknowledgement, queued once the message is committed so that the webhook answers at once."""

from django_tasks import task


@task()
def fetch_media(media_id: int) -> None:
    from seri.channels.models import Media
    from seri.channels.services.media import media_fetch

    media = Media.objects.filter(pk=media_id, state=Media.State.PENDING).first()
    if media is not None:
        media_fetch(media=media)


@task()
def send_acknowledgement(message_id: int) -> None:
    from seri.channels.models import Message
    from seri.channels.services.media import acknowledgement_send

    message = Message.objects.filter(pk=message_id).select_related("sender", "channel").first()
    if message is not None:
        acknowledgement_send(message=message)


def queue_after_commit(message, opened: bool) -> None:
    """What the receiving service calls once a message is committed."""
    queue_media(list(message.media.values_list("pk", flat=True)))
    if opened and message.channel.acknowledgements and not message.sender.quiet:
        send_acknowledgement.enqueue(message.pk)


def queue_media(media_ids: list[int]) -> None:
    for media_id in media_ids:
        fetch_media.enqueue(media_id)

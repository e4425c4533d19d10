"""Every write of the channels, by topic:

- channels: `channel_create`, `channel_acknowledgements_set`, `channel_remove`,
  `sender_quiet_set` (an org admin's configuration; a triager's quiet flag)
- receiving: `delivery_receive`, `message_receive`, `webhook_refused` (the system, once the
  provider's signature is checked)
- media: `media_fetch`, `acknowledgement_send` (background tasks, the system)
"""

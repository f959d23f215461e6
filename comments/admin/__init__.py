"""The admin as moderators use it: the comment list, the rules and the log.

The comment list shows what the user may moderate only (comments.permissions):
every comment for moderators, the comments on their own posts for authors. Every
status change goes through comments.actions, so counts stay exact, the tree stays
sound and the change is recorded in the ModerationLog.
"""

from . import comment, log, settings  # noqa: F401 (each registers its admin)

"""The login step that asks for a verified email address, except of staff.

Staff accounts are made by other staff (the admin, `createsuperuser`,
`load_demo`), never by the public signup, so the address check that keeps
strangers' signups honest has nothing to prove for them: an author or a
moderator signs in through the site's own Log in like anyone else.
"""

from allauth.account.stages import EmailVerificationStage


class StaffOrVerifiedEmailStage(EmailVerificationStage):
    def handle(self):
        if self.login.user is not None and self.login.user.is_staff:
            return None, True
        return super().handle()

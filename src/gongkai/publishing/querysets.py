from django.db import models

from gongkai.orgs.permissions import Action, unit_filter

from .rules import Status


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user, action: Action = Action.DOCUMENT_VIEW):
        return self.filter(unit_filter(user, action, field="issuer"))

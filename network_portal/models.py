"""Models of the top floor: what spans networks (members) and projects."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Network
from projects.models import Project


class FeaturedProject(models.Model):
    """A project a network's admins show first on the network page, in their order.

    Featuring changes no rights, so it leaves no audit entry; featured_by/at record who
    chose it."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="featured_projects",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="featured_in",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("featured by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    featured_at = models.DateTimeField(_("featured at"), auto_now_add=True)

    class Meta:
        ordering = ["network", "position", "id"]
        verbose_name = _("featured project")
        verbose_name_plural = _("featured projects")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "project"], name="featured_project_unique_per_network"
            )
        ]
        indexes = [
            # The network page and the admins' list: a network's featured projects in order.
            models.Index(fields=["network", "position"], name="featured_project_order"),
        ]

    def __str__(self):
        return f"{self.network} – {self.project}"

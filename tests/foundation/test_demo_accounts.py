"""prepare_portal --demo-data creates demo sign-ins with DEBUG on only, once."""

from io import StringIO

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members.access import viewer_for
from members.models import AuditEntry, Network, NetworkRole, Officer
from network_portal.demo_accounts import DEMO_PASSWORD, demo_totp_secret
from projects.models import Project


def prepare(debug_settings):
    out = StringIO()
    call_command("prepare_portal", "--demo-data", verbosity=1, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (get_user_model(), NetworkRole, Officer, Authenticator, AuditEntry)
    }


def test_demo_sign_ins_are_created_once_and_printed(transactional_db, settings):
    settings.DEBUG = True
    output = prepare(settings)
    first = counts()
    assert prepare(settings) and counts() == first

    admins = NetworkRole.objects.filter(role=NetworkRole.Role.ADMIN).select_related("user")
    assert sorted(role.network.slug for role in admins) == sorted(
        Network.objects.values_list("slug", flat=True)
    )
    for role in admins:
        user = role.user
        assert viewer_for(user).can_administer(role.network), "admin without two factors"
        assert user.check_password(DEMO_PASSWORD)
        assert user.email in output and demo_totp_secret(user.email) in output
    leads = set(Project.objects.values_list("lead_municipality", flat=True))
    officers = Officer.objects.approved()
    assert set(officers.values_list("municipality", flat=True)) == leads
    for officer in officers.select_related("user"):
        assert viewer_for(officer.user).is_officer_of(officer.municipality)
        assert officer.user.email in output
    assert DEMO_PASSWORD in output
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ROLE_GRANTED).count() == len(admins)


def test_no_accounts_with_debug_off(transactional_db, settings):
    settings.DEBUG = False
    output = prepare(settings)
    assert Network.objects.exists()
    assert not get_user_model().objects.exists()
    assert not NetworkRole.objects.exists() and not Officer.objects.exists()
    assert DEMO_PASSWORD not in output

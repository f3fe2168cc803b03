"""A served process freezes its long-lived objects once it is warm (network_portal.long_lived)."""

import gc
import importlib
import sys
import weakref

import pytest
from django.core.signals import request_finished

from network_portal.long_lived import FreezeAfterWarmUp, freeze_after_warm_up


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def freeze_receivers():
    # Receivers connected with weak=False are kept as themselves (second item of each entry).
    return [
        entry[1] for entry in request_finished.receivers if isinstance(entry[1], FreezeAfterWarmUp)
    ]


@pytest.mark.django_db
def test_the_process_freezes_once_after_its_warm_up_requests(client, unfrozen):
    receiver = freeze_after_warm_up(3)
    try:
        client.get("/healthz")
        client.get("/healthz")
        assert gc.get_freeze_count() == 0
        client.get("/healthz")
        assert gc.get_freeze_count() > 10_000  # the modules, models and settings at least
        assert receiver not in freeze_receivers()
        gc.unfreeze()
        client.get("/healthz")
        assert gc.get_freeze_count() == 0  # once only
    finally:
        request_finished.disconnect(receiver)


def test_cyclic_garbage_is_collected_before_the_freeze(unfrozen):
    class Cycle:
        pass

    receiver = freeze_after_warm_up(1)
    cycle = Cycle()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    del cycle
    receiver()
    assert gone() is None


def test_the_wsgi_application_connects_the_freeze():
    before = freeze_receivers()
    module = sys.modules.get("network_portal.wsgi")
    if module is None:
        importlib.import_module("network_portal.wsgi")
    else:
        importlib.reload(module)
    added = [receiver for receiver in freeze_receivers() if receiver not in before]
    try:
        assert len(added) == 1
        assert added[0].left > 1
    finally:
        for receiver in added:
            request_finished.disconnect(receiver)

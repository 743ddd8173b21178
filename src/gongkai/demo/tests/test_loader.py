"""`make demo` loads its data through the services: a change to a service's rules shows here,
not in front of someone trying the demo."""

import pytest

from gongkai.demo import loader
from gongkai.enforcement.models import Decision
from gongkai.foi.models import InfoRequest
from gongkai.publishing.models import Document
from gongkai.workplan.models import Plan


@pytest.mark.django_db
def test_the_demo_data_loads():
    loader.load(corpus_size=30)
    assert Plan.objects.filter(published=True).exists() and InfoRequest.objects.count() >= 5
    assert Decision.objects.filter(published_at__isnull=False).count() == 2
    assert Document.objects.filter(status="in_review").exists()
    assert Document.objects.filter(status="published").count() > 30

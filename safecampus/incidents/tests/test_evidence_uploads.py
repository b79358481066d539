"""Evidence of a reporting fault: documents and images only, verified by content, stored under a generated name."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from safecampus.core.tests.test_uploads import BAD, GOOD
from safecampus.incidents.models import Flag
from safecampus.incidents.services import faults
from safecampus.testing.incidents import report

pytestmark = pytest.mark.django_db
STORED = re.compile(r"incidents/evidence/\d{4}/\d{2}/[0-9a-f]{32}\.(\w+)")


def evidence(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("name, data, kind", [GOOD[1], GOOD[4], GOOD[5], GOOD[6], GOOD[10]], ids=lambda v: str(v)[:8])
def test_accepted_evidence_is_stored_under_a_generated_name_with_its_real_extension(tree, who, name, data, kind):
    incident = report(tree, who)
    flag = faults.flag_fault(
        incident, actor=who.county_officer, fault="false", reason="调查认定", evidence=evidence("证据.html", data)
    )
    match = STORED.fullmatch(flag.evidence.name)
    assert match and match.group(1) == kind.extension, flag.evidence.name


@pytest.mark.parametrize("name, data", [BAD[0], BAD[1], BAD[2]], ids=["html", "svg", "exe"])
def test_html_svg_and_programs_are_refused_with_a_clear_message(tree, who, name, data):
    incident = report(tree, who)
    with pytest.raises(ValidationError) as error:
        faults.flag_fault(
            incident, actor=who.county_officer, fault="false", reason="调查认定", evidence=evidence(name, data)
        )
    assert name in error.value.message_dict["evidence"][0]
    assert not Flag.objects.filter(incident=incident).exists()


def test_the_flag_step_through_the_api_refuses_an_svg_and_takes_a_pdf(tree, who, api):
    incident = report(tree, who)
    client = api(who.county_officer)
    url = f"/api/v1/incidents/{incident.pk}/flag/"
    svg = evidence("logo.svg", BAD[1][1], "image/svg+xml")
    response = client.post(url, {"fault": "false", "reason": "调查认定", "evidence": svg}, format="multipart")
    assert response.status_code == 400 and "logo.svg" in response.json()["evidence"][0]
    assert "PDF" in response.json()["evidence"][0]
    assert not Flag.objects.filter(incident=incident).exists()
    pdf = evidence("report.pdf.html", GOOD[4][1], "text/html")
    response = client.post(url, {"fault": "false", "reason": "调查认定", "evidence": pdf}, format="multipart")
    assert response.status_code == 200, response.content
    stored = Flag.objects.get(incident=incident, fault="false").evidence.name
    assert STORED.fullmatch(stored).group(1) == "pdf" and "report" not in stored

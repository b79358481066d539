"""Routing by grade, skip-level forwarding, faults as history, masking with an access log, counters."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safecampus.core import clock
from safecampus.core.exceptions import StateConflict
from safecampus.core.recount import drift
from safecampus.incidents.models import Flag, IncidentEvent, IncidentReport, PersonalDataAccess, Receipt
from safecampus.incidents.services import faults, people, reporting, routing
from safecampus.incidents.services.tick import remind_and_escalate
from safecampus.testing.incidents import report

pytestmark = pytest.mark.django_db


def receipts(incident):
    return {r.org.code: r for r in Receipt.objects.filter(incident=incident).select_related("org")}


def test_ordinary_stops_at_the_city(tree, who):
    incident = report(tree, who)
    assert (incident.route_level, incident.is_national) == ("city", False)
    assert set(receipts(incident)) == {tree.county.code}
    assert receipts(incident)[tree.county.code].must_forward
    routing.forward(incident, actor=who.county_officer, org=tree.county)
    city = receipts(incident)[tree.city.code]
    assert city.is_top and not city.must_forward
    with pytest.raises(StateConflict):
        routing.forward(incident, actor=who.city_admin, org=tree.city)


def test_large_goes_to_the_province_level_by_level(tree, who):
    incident = report(tree, who, deaths=3)
    assert incident.route_level == "province"
    routing.acknowledge(incident, actor=who.county_officer, org=tree.county)
    routing.forward(incident, actor=who.county_officer, org=tree.county)
    routing.forward(incident, actor=who.city_admin, org=tree.city)
    chain = receipts(incident)
    assert set(chain) == {tree.county.code, tree.city.code, tree.province.code} and chain[tree.province.code].is_top
    verbs = list(IncidentEvent.objects.filter(incident=incident).values_list("verb", flat=True))
    assert verbs == ["report_initial", "arrived", "acknowledge", "arrived", "forward", "arrived", "forward"]


def test_major_reaches_every_level_at_once_and_is_marked_national(tree, who):
    incident = report(tree, who, deaths=10)
    assert incident.is_national
    chain = receipts(incident)
    assert set(chain) == {tree.county.code, tree.city.code, tree.province.code}
    assert not any(r.must_forward for r in chain.values())


def test_a_bureau_may_skip_a_level(tree, who):
    incident = report(tree, who, deaths=3)
    routing.forward(incident, actor=who.county_officer, org=tree.county, to=tree.province)
    chain = receipts(incident)
    assert chain[tree.province.code].by_skip and chain[tree.province.code].is_top
    assert chain[tree.city.code].by_skip and not chain[tree.city.code].must_forward, "the city is informed"
    with pytest.raises(StateConflict):  # forwarded once already
        routing.forward(incident, actor=who.county_officer, org=tree.county, to=tree.province)
    with pytest.raises(ValidationError):
        routing.forward(report(tree, who, deaths=3), actor=who.county_officer, org=tree.county, to=tree.city2)


def test_only_the_receiving_bureau_handles_its_receipt(tree, who):
    incident = report(tree, who)
    with pytest.raises(PermissionDenied):
        routing.acknowledge(incident, actor=who.foreign_county_officer, org=tree.county)
    with pytest.raises(PermissionDenied):
        routing.forward(incident, actor=who.principal, org=tree.county)
    with pytest.raises(StateConflict):
        routing.acknowledge(incident, actor=who.city_admin, org=tree.city)


def test_follow_up_keeps_earlier_reports_and_raises_the_grade(tree, who):
    incident = report(tree, who)
    reporting.follow_up(incident, actor=who.principal, note="一名学生经抢救无效死亡", deaths=3, student_deaths=3)
    incident.refresh_from_db()
    assert incident.grade == "large" and incident.route_level == "province"
    initial, follow = IncidentReport.objects.filter(incident=incident)
    assert initial.content["deaths"] == 0 and follow.content["deaths"] == 3
    with pytest.raises(PermissionError):
        initial.save()
    with pytest.raises(ValidationError) as error:
        reporting.follow_up(incident, actor=who.principal, note="", deaths=1)
    assert "note" in error.value.message_dict


def test_lowering_a_grade_takes_the_level_above(tree, who):
    incident = report(tree, who, grade="large")
    with pytest.raises(PermissionDenied):
        reporting.set_grade(incident, actor=who.principal, grade="ordinary", reason="核实后伤情较轻")
    reporting.set_grade(incident, actor=who.county_officer, grade="ordinary", reason="核实后伤情较轻")
    incident.refresh_from_db()
    assert incident.grade == "ordinary" and incident.route_level == "city"
    reporting.set_grade(incident, actor=who.principal, grade="major", reason="情况严重")
    assert {tree.province.code, tree.city.code} <= set(receipts(incident))


def test_false_and_concealed_are_found_by_a_bureau_above_with_a_reason(tree, who):
    incident = report(tree, who)
    with pytest.raises(PermissionDenied):
        faults.flag_fault(incident, actor=who.principal, fault="concealed", reason="x")
    with pytest.raises(ValidationError):
        faults.flag_fault(incident, actor=who.county_officer, fault="late", reason="x")
    with pytest.raises(ValidationError):
        faults.flag_fault(incident, actor=who.county_officer, fault="false", reason=" ")
    faults.flag_fault(incident, actor=who.county_officer, fault="false", reason="调查认定伤亡人数少报")
    incident.refresh_from_db()
    assert incident.is_false and Flag.objects.get(incident=incident).actor == who.county_officer
    assert drift() == []


def test_tick_reminds_escalates_and_flags_omitted(tree, who):
    incident = report(tree, who)
    assert remind_and_escalate()["incident_reminders"] == 0
    with clock.travel_to(clock.now() + timedelta(minutes=100)):
        assert remind_and_escalate()["incident_reminders"] == 1
        assert remind_and_escalate()["incident_reminders"] == 0, "once"
    with clock.travel_to(clock.now() + timedelta(hours=3)):
        assert remind_and_escalate()["incident_escalations"] == 1
    with clock.travel_to(clock.now() + timedelta(hours=27)):
        assert remind_and_escalate()["incident_omissions"] == 1
        assert remind_and_escalate()["incident_omissions"] == 0
    incident.refresh_from_db()
    assert incident.is_omitted and Flag.objects.get(incident=incident, fault="omitted").org == tree.county
    assert drift() == []


def test_names_are_masked_and_every_unmasked_view_is_logged(tree, who):
    persons = [{"role": "student", "name": "张小明", "id_number": "370102201203041234", "harm": "injured"}]
    incident = report(tree, who, persons=persons)
    row = people.masked(incident.persons.get())
    assert (row["name"], row["id_number"]) == ("张**", "370102********1234")
    with pytest.raises(ValidationError):
        people.reveal(incident, actor=who.principal, purpose=" ")
    for outsider in (who.staff, who.city_leader, who.county_admin):
        with pytest.raises(PermissionDenied):
            people.reveal(incident, actor=outsider, purpose="查看")
    shown = people.reveal(incident, actor=who.county_officer, purpose="核实伤者身份")
    assert shown[0]["name"] == "张小明"
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.incident, log.purpose) == (who.county_officer, incident, "核实伤者身份")
    with pytest.raises(ValidationError):
        report(tree, who, persons=[{"name": "李四", "id_number": "12345"}])


def test_bad_input_names_the_field_and_changes_nothing(tree, who):
    from safecampus.incidents.models import Incident

    cases = [
        ({"subtype": "fire", "category": "social"}, "subtype"),
        ({"occurred_at": clock.now() + timedelta(hours=1)}, "occurred_at"),
        ({"deaths": -1}, "deaths"),
        ({"deaths": 1, "student_deaths": 2}, "student_deaths"),
        ({"title": " "}, "title"),
        ({"direct_loss": "many"}, "direct_loss"),
    ]
    for overrides, field in cases:
        with pytest.raises(ValidationError) as error:
            report(tree, who, **overrides)
        assert field in error.value.message_dict, overrides
    assert Incident.objects.count() == 0
    with pytest.raises(PermissionDenied):
        report(tree, who, actor=who.staff)


def test_counters_follow_every_step(tree, who):
    incident = report(tree, who, deaths=1, student_deaths=1)
    routing.forward(incident, actor=who.county_officer, org=tree.county)
    reporting.follow_up(incident, actor=who.principal, note="更正", deaths=3, student_deaths=2)
    reporting.mark_handled(incident, actor=who.principal)
    reporting.final_report(incident, actor=who.principal, cause="c", handling="h", lessons="l")
    report(tree, who, org=tree.county, actor=who.county_officer, category="natural", subtype="flood")
    assert drift() == []


def test_a_cause_becomes_a_hazard_and_the_final_report_links_hazards(tree, who):
    from safecampus.testing.hazards import walk

    incident = report(tree, who)
    hazard = reporting.hazard_from_incident(
        incident, actor=who.principal, place="学校西侧河道", area="water", level="general", description="护栏缺失"
    )
    assert hazard.state == "reported" and list(incident.hazards.all()) == [hazard]
    other = walk(tree, who, "reported")
    from safecampus.hazards.services import workflow

    foreign = workflow.report_hazard(
        actor=who.sibling_principal, school=tree.sibling, place="p", area="fire", level="general", description="d"
    )
    reporting.mark_handled(incident, actor=who.principal)  # the final report comes after the handling ended
    with pytest.raises(ValidationError) as error:
        reporting.final_report(
            incident, actor=who.principal, cause="c", handling="h", lessons="l", hazards=[foreign.pk]
        )
    assert "hazards" in error.value.message_dict
    reporting.final_report(incident, actor=who.principal, cause="c", handling="h", lessons="l", hazards=[other.pk])
    assert set(incident.hazards.all()) == {hazard, other}
    region = report(tree, who, org=tree.county, actor=who.county_officer, category="natural", subtype="flood")
    with pytest.raises(StateConflict):  # hazards are registered at schools: not a step for a region's incident
        reporting.hazard_from_incident(
            region, actor=who.county_officer, place="p", area="water", level="general", description="d"
        )

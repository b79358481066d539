from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from safecampus.accounts import api as accounts_api
from safecampus.accounts.api_auth import TokenView
from safecampus.alerts import api as alerts_api
from safecampus.alerts.api_ingest import IngestView
from safecampus.compliance import api as compliance_api
from safecampus.compliance import api_responsibility as compliance_responsibility
from safecampus.compliance import api_submissions as compliance_submissions
from safecampus.compliance import api_training as compliance_training
from safecampus.core.views_history import object_history
from safecampus.dashboards import api as dashboards_api
from safecampus.facilities import api as facilities_api
from safecampus.hazards import api as hazards_api
from safecampus.hazards import api_inspections as inspections_api
from safecampus.incidents import api as incidents_api
from safecampus.orgs import api as orgs_api
from safecampus.risks import api as risks_api
from safecampus.risks import api_acceptance


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico; the icon is a static file whose URL changes with its content (not permanent)."""

    permanent = False

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("favicon.svg")


# Errors under /api/ are JSON; elsewhere the platform's own pages.
handler404 = "safecampus.core.api.not_found"
handler500 = "safecampus.core.api.server_error"

router = DefaultRouter()
router.register("orgs", orgs_api.OrgUnitViewSet, basename="org")
router.register("users", accounts_api.UserViewSet, basename="user")
router.register("memberships", accounts_api.MembershipViewSet, basename="membership")
router.register("hazards", hazards_api.HazardViewSet, basename="hazard")
router.register("checklists", inspections_api.ChecklistViewSet, basename="checklist")
router.register("inspections", inspections_api.InspectionViewSet, basename="inspection")
router.register("inspection-tasks", inspections_api.InspectionTaskViewSet, basename="inspection-task")
router.register("incidents", incidents_api.IncidentViewSet, basename="incident")
# Points first: "risks/points/" must not be read as the risk with id "points".
router.register("risks/points", risks_api.RiskPointViewSet, basename="risk-point")
router.register("risks", risks_api.RiskViewSet, basename="risk")
router.register("assessments/schemes", api_acceptance.SchemeViewSet, basename="assessment-scheme")
router.register("assessments/titles", api_acceptance.TitleViewSet, basename="safe-campus-title")
router.register("assessments", api_acceptance.AssessmentViewSet, basename="assessment")
for _key, _route in facilities_api.ROUTES.items():
    router.register(f"facilities/{_route}", facilities_api.VIEWSETS[_key], basename=f"facility-{_key}")
router.register("facilities/profiles", facilities_api.ProfileViewSet, basename="facility-profile")
router.register("facilities/baseline", facilities_api.BaselineViewSet, basename="facility-baseline")
router.register("facilities/patrol-days", facilities_api.PatrolDayViewSet, basename="facility-patrol-day")
router.register("facilities/gate-duties", facilities_api.GateDutyViewSet, basename="facility-gate-duty")
router.register("alerts/alarms", alerts_api.AlarmViewSet, basename="alert-alarm")
router.register("alerts/devices", alerts_api.DeviceViewSet, basename="alert-device")
router.register("alerts/cameras", alerts_api.CameraViewSet, basename="alert-camera")
router.register("alerts/live-views", alerts_api.LiveViewViewSet, basename="alert-live-view")
router.register("compliance/drills", compliance_api.DrillViewSet, basename="drill")
router.register("compliance/activities", compliance_api.ActivityViewSet, basename="activity")
router.register("compliance/occurrences", compliance_api.OccurrenceViewSet, basename="duty-occurrence")
router.register("compliance/trainees", compliance_training.TraineeViewSet, basename="trainee")
router.register("compliance/trainings", compliance_training.TrainingViewSet, basename="training")
router.register("compliance/requests", compliance_submissions.RequestViewSet, basename="submission-request")
router.register("compliance/submissions", compliance_submissions.SubmissionViewSet, basename="submission")
router.register("compliance/documents", compliance_responsibility.DocumentViewSet, basename="duty-document")
router.register("compliance/practical-tasks", compliance_responsibility.TaskViewSet, basename="practical-task")
router.register("compliance/letters", compliance_responsibility.LetterViewSet, basename="letter")
router.register("compliance/duty-templates", compliance_responsibility.TemplateViewSet, basename="duty-template")
router.register("compliance/supervision-plans", compliance_responsibility.PlanViewSet, basename="supervision-plan")

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", accounts_api.me, name="api-me"),
    path("dashboard/", dashboards_api.dashboard, name="api-dashboard"),
    path("compliance/figures/", compliance_api.figures, name="api-compliance-figures"),
    path("alerts/ingest/", IngestView.as_view(), name="api-alerts-ingest"),
    path("", include(router.urls)),
]

# The API first: every request walks the list in order, and the pages' apps are mounted at "" (each is tried).
urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("", include("safecampus.orgs.urls")),
    path("accounts/", include("safecampus.accounts.urls")),
    path("", include("safecampus.core.urls")),
    path("", include("safecampus.rules.urls")),
    path("", include("safecampus.hazards.urls")),
    path("", include("safecampus.dashboards.urls")),
    path("", include("safecampus.incidents.urls")),
    path("", include("safecampus.risks.urls")),
    path("", include("safecampus.compliance.urls")),
    path("", include("safecampus.facilities.urls")),
    path("", include("safecampus.alerts.urls")),
    path("history/<str:label>/<int:pk>/", object_history, name="history"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    # The admin logs in through the platform's own two-step login.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("favicon.ico", FaviconView.as_view()),
]
# Uploaded files are never served from MEDIA_URL, in any setting: only the
# scoped views (hazard photos, incident evidence) hand them out.

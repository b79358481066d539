from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "safecampus.compliance"
    label = "compliance"
    verbose_name = _("Compliance duties")

    def ready(self) -> None:
        from safecampus.core.views_history import register_history

        from . import importers  # noqa: F401  (registers the training attendance importer)
        from .models import (
            Activity,
            Drill,
            DutyDocument,
            Letter,
            Occurrence,
            PracticalTask,
            Submission,
            SubmissionRequest,
            SupervisionPlan,
            Trainee,
            Training,
        )
        from .services import letters, records, responsibility, submissions, supervision  # noqa: F401  (declare the steps)

        register_history("compliance.Drill", lambda user: Drill.objects.visible_to(user))
        register_history("compliance.Activity", lambda user: Activity.objects.visible_to(user))
        register_history("compliance.Occurrence", lambda user: Occurrence.objects.visible_to(user))
        register_history("compliance.Training", lambda user: Training.objects.visible_to(user))
        register_history("compliance.Trainee", lambda user: Trainee.objects.visible_to(user))
        register_history("compliance.Submission", lambda user: Submission.objects.visible_to(user))
        register_history("compliance.SubmissionRequest", lambda user: SubmissionRequest.objects.visible_to(user))
        register_history("compliance.DutyDocument", lambda user: DutyDocument.objects.visible_to(user))
        register_history("compliance.PracticalTask", lambda user: PracticalTask.objects.visible_to(user))
        register_history("compliance.Letter", lambda user: Letter.objects.visible_to(user))
        register_history("compliance.SupervisionPlan", lambda user: SupervisionPlan.objects.visible_to(user))

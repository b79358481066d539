from django.urls import path

from . import ical, views
from . import views_responsibility as resp
from . import views_submissions as sub
from . import views_supervision as sup
from . import views_training as tr

app_name = "compliance"
urlpatterns = [
    path("org/<int:pk>/duties/", views.duties, name="duties"),
    path("duties.ics", ical.feed, name="ical"),
    path("org/<int:pk>/duties/occurrences/", views.occurrence_list, name="occurrences"),
    path("org/<int:pk>/drills/new/", views.drill_new, name="drill_new"),
    path("org/<int:pk>/activities/new/", views.activity_new, name="activity_new"),
    path("drills/<int:pk>/", views.record_detail, {"what": "drill"}, name="drill"),
    path("drills/<int:pk>/step/<slug:verb>/", views.record_step, {"what": "drill"}, name="drill_step"),
    path("drills/photos/<int:pk>/", views.drill_photo, name="drill_photo"),
    path("activities/<int:pk>/", views.record_detail, {"what": "activity"}, name="activity"),
    path("activities/<int:pk>/step/<slug:verb>/", views.record_step, {"what": "activity"}, name="activity_step"),
    path("occurrences/<int:pk>/", views.occurrence_detail, name="occurrence"),
    path("occurrences/<int:pk>/step/<slug:verb>/", views.occurrence_step, name="occurrence_step"),
    path("org/<int:pk>/training/", tr.training_page, name="training"),
    path("org/<int:pk>/training/people/", tr.trainee_new, name="trainee_new"),
    path("org/<int:pk>/training/new/", tr.training_new, name="training_new"),
    path("trainings/<int:pk>/", tr.training_detail, name="training_record"),
    path("trainings/<int:pk>/step/<slug:verb>/", tr.training_step, name="training_step"),
    path("org/<int:pk>/submissions/", sub.submission_list, name="submissions"),
    path("org/<int:pk>/submissions/new/", sub.request_new, name="request_new"),
    path("submission-requests/<int:pk>/", sub.request_detail, name="request"),
    path("submission-requests/<int:pk>/template/", sub.request_template, name="request_template"),
    path("submissions/<int:pk>/", sub.submission_detail, name="submission"),
    path("submissions/<int:pk>/step/<slug:verb>/", sub.submission_step, name="submission_step"),
    path("submissions/files/<int:pk>/", sub.submission_file, name="submission_file"),
    path("org/<int:pk>/responsibility/", resp.responsibility, name="responsibility"),
    path("org/<int:pk>/responsibility/documents/", resp.document_new, name="document_new"),
    path("org/<int:pk>/responsibility/tasks/", resp.task_new, name="task_new"),
    path("org/<int:pk>/responsibility/letters/", resp.letters_issue, name="letters_issue"),
    path("org/<int:pk>/responsibility/duties/", resp.templates, name="duty_templates"),
    path("documents/<int:pk>/", resp.document_detail, name="document"),
    path("documents/<int:pk>/file/", resp.document_file, name="document_file"),
    path("documents/<int:pk>/step/<slug:verb>/", resp.document_step, name="document_step"),
    path("tasks/<int:pk>/", resp.task_detail, name="task"),
    path("tasks/<int:pk>/step/<slug:verb>/", resp.task_step, name="task_step"),
    path("letters/<int:pk>/", resp.letter_detail, name="letter"),
    path("letters/<int:pk>/pdf/", resp.letter_pdf, name="letter_pdf"),
    path("letters/<int:pk>/scan/", resp.letter_scan, name="letter_scan"),
    path("letters/<int:pk>/step/<slug:verb>/", resp.letter_step, name="letter_step"),
    path("org/<int:pk>/supervision/", sup.plan_list, name="supervision"),
    path("org/<int:pk>/supervision/new/", sup.plan_new, name="supervision_new"),
    path("supervision/<int:pk>/", sup.plan_detail, name="supervision_plan"),
    path("supervision/<int:pk>/assign/", sup.plan_assign, name="supervision_assign"),
    path("supervision/<int:pk>/step/<slug:verb>/", sup.plan_step, name="supervision_step"),
]

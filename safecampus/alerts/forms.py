"""The forms of early warning's pages (the steps' forms live with their steps in services/alarms.py)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from safecampus.core.forms import DateTimeInput
from safecampus.core.text import LINE, Text
from safecampus.core.uploads import IMAGES, UploadField

from .models import Camera, Device, Gateway


class CameraForm(forms.ModelForm):
    class Meta:
        model = Camera
        fields = [
            "gb_id",
            "name",
            "place",
            "online",
            "ptz",
            "police_linked",
            "retention_days",
            "plan_x",
            "plan_y",
            "lng",
            "lat",
        ]
        help_texts = {
            "gb_id": gettext_lazy("20 digits from the video platform: area code, industry, type (131/132), serial."),
            "plan_x": gettext_lazy("0 = left edge of the site plan, 1 = right edge."),
            "plan_y": gettext_lazy("0 = top edge of the site plan, 1 = bottom edge."),
        }
        widgets = {"gb_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 20})}


class GatewayForm(forms.ModelForm):
    class Meta:
        model = Gateway
        fields = ["name", "key", "vendor"]


class DeviceForm(forms.ModelForm):
    thresholds = forms.CharField(
        label=gettext_lazy("Own thresholds"),
        required=False,
        max_length=300,
        help_text=gettext_lazy('Leave empty to use the rule; e.g. {"residual_current_ma": 500}.'),
    )

    class Meta:
        model = Device
        fields = ["gateway", "vendor_id", "kind", "name", "place", "risk_point"]

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from safecampus.risks.models import RiskPoint

        self.fields["gateway"].queryset = Gateway.objects.filter(school=school, is_active=True)
        self.fields["risk_point"].queryset = RiskPoint.objects.filter(school=school, is_active=True)
        if self.instance.pk and self.instance.thresholds:
            self.initial["thresholds"] = json.dumps(self.instance.thresholds)

    def clean_thresholds(self) -> dict[str, Any]:
        text = (self.cleaned_data.get("thresholds") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError(_('Write the thresholds as JSON, e.g. {"residual_current_ma": 500}.')) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_('Write the thresholds as JSON, e.g. {"residual_current_ma": 500}.'))
        return value

    def _post_clean(self) -> None:  # the service checks the instance; the form only parses
        pass


class ShiftForm(forms.Form):
    person = forms.TypedChoiceField(label=gettext_lazy("Person on duty"), coerce=int, choices=())
    post = forms.CharField(label=gettext_lazy("Duty post"), max_length=40, initial="值班员")
    starts_at = forms.DateTimeField(label=gettext_lazy("From"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=gettext_lazy("Until"), widget=DateTimeInput())
    phone = forms.CharField(label=gettext_lazy("Contact phone"), max_length=20, required=False)

    def __init__(self, *args: Any, org: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(memberships__org_path=org.path, is_active=True).distinct()
        self.fields["person"].choices = [(person.pk, person.display_name) for person in people.order_by("username")]

    def clean_person(self) -> Any:
        return get_user_model().objects.get(pk=self.cleaned_data["person"])


class RouteForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    cameras = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Cameras, in the order the round walks them"),
        coerce=int,
        choices=(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    checklist = Text(gettext_lazy("What to look for (one point per line)"), limit=2000, rows=4)

    def __init__(self, *args: Any, cameras: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cameras"].choices = [
            (camera.pk, f"{camera.school.name} · {camera.name}") for camera in cameras.select_related("school")
        ]


class LookForm(forms.Form):
    ok = forms.TypedChoiceField(
        label=gettext_lazy("What you saw"),
        choices=((True, gettext_lazy("Nothing wrong")), (False, gettext_lazy("A finding"))),
        coerce=lambda value: value in (True, "True", "true", "1"),
        widget=forms.RadioSelect,
        initial=True,
    )
    finding = forms.CharField(label=gettext_lazy("Finding"), max_length=500, required=False, widget=forms.Textarea)
    snapshot = UploadField(kinds=IMAGES, label=gettext_lazy("Snapshot"), required=False)


class AlarmFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=(
            ("", pgettext_lazy("alarm", "Open")),
            ("raised", gettext_lazy("Not acknowledged")),
            ("closed", gettext_lazy("Resolved and reviewed")),
            ("all", gettext_lazy("All")),
        ),
    )
    type = forms.ChoiceField(label=gettext_lazy("Alarm type"), required=False)
    q = forms.CharField(label=gettext_lazy("Device, place or school"), max_length=LINE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import AlarmType

        self.fields["type"].choices = [("", gettext_lazy("Every type")), *AlarmType.choices]

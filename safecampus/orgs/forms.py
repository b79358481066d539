from __future__ import annotations

from django import forms

from .models import School


class SchoolProfileForm(forms.ModelForm):
    class Meta:
        model = School
        fields = [
            "kind",
            "is_boarding",
            "uses_school_bus",
            "is_private",
            "is_rural",
            "is_small",
            "student_count",
            "staff_count",
            "address",
            "phone",
        ]

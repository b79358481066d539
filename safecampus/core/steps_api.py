"""The API side of declared steps: one POST action per step, its body typed in OpenAPI, checked by the step's form.

A viewset that sets `workflow` gets `POST /…/{id}/<verb>/` for every declared
step, answering 404 outside the user's area (its queryset is scoped), 403 for
the wrong role, 409 for the wrong state, 400 for bad input (the same form as the
page; unknown fields are refused by name), and 200 with the record otherwise.
The request schema of each step is derived from its form, so clients of other
agencies can generate code from /api/schema/.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from .access import english
from .steps import Step, Workflow

_SERIALIZERS: dict[tuple[type, str], type[serializers.Serializer]] = {}


def _field(form_field: forms.Field) -> serializers.Field:
    """The serializer field that describes a form field in the schema."""
    options: dict[str, Any] = {"required": form_field.required, "help_text": str(form_field.help_text or "") or None}
    label = str(form_field.label) if form_field.label else None
    if label:
        options["label"] = label
    if isinstance(form_field, forms.FileField):
        child = serializers.FileField()
        if getattr(form_field.widget, "allow_multiple_selected", False):
            return serializers.ListField(child=child, required=False, help_text=options["help_text"])
        return serializers.FileField(**options)
    if isinstance(form_field, forms.BooleanField):
        return serializers.BooleanField(required=False, help_text=options["help_text"])
    if isinstance(form_field, forms.TypedChoiceField) and form_field.coerce is int:
        return serializers.IntegerField(**options)
    if isinstance(form_field, forms.ModelChoiceField):  # the related record's id (its choices are a query)
        return serializers.IntegerField(allow_null=not form_field.required, **options)
    if isinstance(form_field, forms.MultipleChoiceField):
        choices = [(c, label) for c, label in _flat(form_field.choices) if c != ""]
        return serializers.MultipleChoiceField(choices=choices, **options) if choices else serializers.ListField()
    if isinstance(form_field, forms.ChoiceField):
        choices = [(c, label) for c, label in _flat(form_field.choices) if c != ""]
        if choices:
            return serializers.ChoiceField(choices=choices, allow_blank=not form_field.required, **options)
        return serializers.CharField(allow_blank=not form_field.required, **options)
    if isinstance(form_field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=form_field.max_digits, decimal_places=form_field.decimal_places, allow_null=True, **options
        )
    if isinstance(form_field, forms.IntegerField):
        return serializers.IntegerField(min_value=form_field.min_value, max_value=form_field.max_value, **options)
    if isinstance(form_field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=not form_field.required, **options)
    if isinstance(form_field, forms.DateField):
        return serializers.DateField(allow_null=not form_field.required, **options)
    return serializers.CharField(
        max_length=getattr(form_field, "max_length", None), allow_blank=not form_field.required, **options
    )


def _flat(choices: Any) -> list[tuple[Any, Any]]:
    flat: list[tuple[Any, Any]] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((value, label))
    return flat


def form_serializer(form_class: type[forms.Form], name: str, extra: dict[str, Any] | None = None) -> type:
    """A serializer class with one field per form field: the typed body of an endpoint the form checks.

    The schema calls it `<name>Request` (request components are split from response ones)."""
    key = (form_class, name)
    if key not in _SERIALIZERS:
        fields = {field_name: _field(form_field) for field_name, form_field in form_class.base_fields.items()}
        fields.update(extra or {})
        fields["__module__"] = form_class.__module__
        _SERIALIZERS[key] = type(name, (serializers.Serializer,), fields)
    return _SERIALIZERS[key]


def checked_data(request: Request, form_class: type[forms.Form], extra: tuple[str, ...] = ()) -> Any:
    """The request's fields, refused with 400 if the body is not an object or names fields the form lacks."""
    data = request.data
    if not hasattr(data, "keys"):
        raise ValidationError({"detail": [_("The request body must be a JSON object with named fields.")]})
    unknown = sorted(set(data.keys()) - set(form_class.base_fields) - set(extra))
    if unknown:
        raise ValidationError({name: [_("This field is not part of this request.")] for name in unknown})
    return data


def valid_data(
    request: Request, form_class: type[forms.Form], extra: tuple[str, ...] = (), **form_kwargs: Any
) -> dict[str, Any]:
    """The request's fields checked by the page's form (files included; `form_kwargs` as the page gives them): its
    cleaned data, or 400 naming each field at fault (and each field the form does not know)."""
    form = form_class(checked_data(request, form_class, extra), request.FILES or None, **form_kwargs)
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.cleaned_data


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    return {
        name if name != "__all__" else "detail": [str(m) for m in messages] for name, messages in form.errors.items()
    }


def run_step(step: Step, record: Any, request: Request) -> Any:
    """Check role and state (403/409), then the input (400), then take the step."""
    step.check(request.user, record)
    data = checked_data(request, step.form)
    form = step.make_form(record, request.user, data, request.FILES)
    if not form.is_valid():
        step.more_errors(record, form)
        raise ValidationError(form_errors(form))
    return step(record, actor=request.user, **form.cleaned_data)


# The body of a step that takes no input, named once in the schema (postprocess_schema puts it under components).
NO_INPUT_NAME = "NoInputRequest"
NO_INPUT = {"$ref": f"#/components/schemas/{NO_INPUT_NAME}"}


def postprocess_schema(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Add the named empty body the no-input steps refer to (drf-spectacular hook)."""
    result.setdefault("components", {}).setdefault("schemas", {})[NO_INPUT_NAME] = {
        "type": "object",
        "properties": {},
        "additionalProperties": False,
        "description": "This step takes no input: send an empty JSON object {} (any field is refused).",
    }
    return result


def _action(step: Step, response_serializer: Any) -> Any:
    body: Any = form_serializer(step.form, f"{_camel(step.workflow.key)}{_camel(step.verb)}")
    if not step.form.base_fields:
        # A step without input still takes a body: an empty JSON object (any field in it is refused).
        body = NO_INPUT
    request_schema = {"application/json": body}
    if step.multipart:
        request_schema["multipart/form-data"] = body

    def take(self: Any, request: Request, pk: str) -> Response:
        record = self.get_object()
        run_step(step, record, request)
        return self.step_response(step.workflow.fresh(record))

    # The router maps the HTTP method to the function's name, so it is named before being decorated.
    take.__name__ = take.__qualname__ = f"step_{step.verb}"
    take = action(
        detail=True,
        methods=["post"],
        url_path=step.verb,
        url_name=f"step-{step.verb}",
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )(take)
    return extend_schema(
        request=request_schema,
        responses={
            200: response_serializer,
            400: OpenApiResponse(description="Bad input: the fields at fault and why"),
            403: OpenApiResponse(description="Your role may not take this step"),
            404: OpenApiResponse(description="Not in your area"),
            409: OpenApiResponse(description="Not possible in the record's current state"),
        },
        summary=english(step.title),
        description=step.summary,
        operation_id=f"v1_{step.workflow.key}_{step.verb}",
    )(take)


def _camel(text: str) -> str:
    return "".join(part.capitalize() for part in text.split("_"))


class StepActions:
    """Mixin for a viewset over a workflow's model: set `workflow` and `step_response_serializer`, define
    `step_response(record)`; every declared step becomes a POST action."""

    workflow: Workflow | None = None
    step_response_serializer: Any = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.workflow is not None:
            for step in cls.workflow.steps.values():
                setattr(cls, f"step_{step.verb}", _action(step, cls.step_response_serializer))

    def step_response(self, record: Any) -> Response:  # pragma: no cover - each viewset answers its own way
        raise NotImplementedError


__all__ = ["StepActions", "checked_data", "form_errors", "form_serializer", "run_step", "status", "valid_data"]

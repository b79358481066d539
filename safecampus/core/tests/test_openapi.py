"""The OpenAPI schema other agencies' systems generate clients from: every write operation has a named request
body (a component), a step without input the one empty `NoInputRequest`."""

from drf_spectacular.generators import SchemaGenerator


def test_every_write_operation_names_its_request_body():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    untyped = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in ("post", "put", "patch"):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if not content or any("$ref" not in body["schema"] for body in content.values()):
                untyped.append(f"{method.upper()} {path}")
    assert untyped == []
    empty = schema["components"]["schemas"]["NoInputRequest"]
    assert empty["properties"] == {} and empty["additionalProperties"] is False

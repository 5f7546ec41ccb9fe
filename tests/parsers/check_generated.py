"""Every generated Python, Bicep and HCL output, parsed by an independent parser and compared.

tests/generated_outputs.rs records the outputs (every case of tests/cases/, the golden specs with
hostile free text, the troubleshooter's Python fixes) under DIR/{python,bicep,hcl}/ with
DIR/manifest.jsonl saying what each spec holds. This script, run by scripts/parse-generated.sh
in a venv with the pinned parsers, checks each file:

- Python: Python's own parser (`ast.parse`, then `compile`), every name it reads bound (an
  import, an assignment or a builtin); the SDK calls carry the spec's values: azure-ai-ml's
  `KubernetesCompute(name=, resource_id=, namespace=, description=, identity=, tags=,
  properties=)`, `MLClient(...)` with the workspace, `begin_create_or_update(compute)`;
  azureml-core's `AksCompute.attach_configuration(...)` or `provisioning_configuration(...)`,
  `Workspace(...)` and `ComputeTarget.attach|create(ws, NAME, config)`.
- Bicep: tree-sitter's Bicep grammar (PyPI `tree-sitter-bicep`, written apart from Microsoft's
  compiler, a .NET binary that cannot be installed here), no ERROR or MISSING node; the
  `existing` workspace by name, the compute resource's type, api-version, parent, name, and its
  identity, tags and properties equal to the ARM body the arm-json target sends (itself checked
  against azure-ai-ml's by tests/contract/), with the spec's cluster id, namespace and
  description. The grammar's one known slip: a string that starts with `//` or `/*` is read as
  a comment, so no recorded value starts so. (pycep-parser, the Lark grammar, was tried first:
  it cannot parse a string that ends in an escaped backslash, `'a\\\\'`, valid Bicep that we
  write for any value ending in `\\`.)
- HCL: python-hcl2 (the Lark grammar of HCL2); the `azapi_resource` type with api-version,
  name, parent_id (the workspace's id), location, identity block, tags and body likewise.

String literals are decoded here from each language's rules, so a value that a generator
escaped wrongly (or left a `${` in, which both languages read as interpolation) fails.

The golden files' Python, Bicep and HCL sections (tests/golden/) are parsed too, and each must
be one of the recorded outputs.

    python tests/parsers/check_generated.py [DIR]     (default $AMLATTACH_GENERATED_CORPUS, else
                                                       target/generated)

Prints one line per problem and `parsers: N passed, M failed`; exit status 0 when none failed.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import hcl2
import tree_sitter_bicep
from tree_sitter import Language, Node, Parser

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
COMPUTES = "Microsoft.MachineLearningServices/workspaces/computes"
WORKSPACES = "Microsoft.MachineLearningServices/workspaces"
# What a generator writes for a workspace value it does not know.
PLACEHOLDER = re.compile(r"^<[a-z][a-z -]*>$")
# The fewest files of each language a full recording holds (tests/generated_outputs.rs).
MINIMUM = {"python": 60, "bicep": 40, "hcl": 40}


class Mismatch(Exception):
    """One way an output differs from its spec."""


def expect_equal(what: str, actual: Any, expected: Any) -> None:
    if actual != expected:
        raise Mismatch(f"{what}: {actual!r} where the spec has {expected!r}")


def expect_workspace(what: str, actual: Any, expected: str | None) -> None:
    """A workspace value: the spec's, or a placeholder when the spec has none."""
    if expected is None or expected == "":
        if not (isinstance(actual, str) and PLACEHOLDER.match(actual)):
            raise Mismatch(f"{what}: {actual!r} where a placeholder was expected")
    else:
        expect_equal(what, actual, expected)


# ---------------------------------------------------------------------------------- Python


def check_python(text: str, expect: dict[str, Any], target: str, where: str) -> None:
    try:
        tree = ast.parse(text, filename=where)
        compile(tree, where, "exec")
    except SyntaxError as error:
        raise Mismatch(f"Python syntax error at line {error.lineno}: {error.msg}") from None
    unbound = sorted(names_read(tree) - names_bound(tree) - set(dir(builtins)))
    if unbound:
        raise Mismatch(f"names read but never bound: {', '.join(unbound)}")
    calls = Calls(tree)
    if expect["kind"] == "kubernetes":
        check_python_v2(calls, expect)
    elif expect["kind"] in ("aks", "aks-fix"):
        check_python_v1(calls, expect)
    else:
        raise Mismatch(f"no check for a {expect['kind']} spec in {target}")


def names_read(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def names_bound(tree: ast.AST) -> set[str]:
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
    return bound


def dotted(node: ast.AST) -> str:
    """`a.b.c` for a name or attribute chain, '' for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


class Calls:
    """The module's calls by the dotted name of what they call, and what names are bound to."""

    def __init__(self, tree: ast.Module) -> None:
        self.by_name: dict[str, list[ast.Call]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                self.by_name.setdefault(dotted(node.func), []).append(node)
        self.assigned: dict[str, ast.AST] = {}
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name):
                    self.assigned[target.id] = statement.value

    def one(self, name: str) -> ast.Call:
        found = self.by_name.get(name, [])
        if len(found) != 1:
            raise Mismatch(f"{len(found)} calls to {name}, one expected")
        return found[0]

    def ending(self, suffix: str) -> list[ast.Call]:
        return [c for name, calls in self.by_name.items() if name.endswith(suffix) for c in calls]


def keywords(call: ast.Call) -> dict[str, ast.AST]:
    found: dict[str, ast.AST] = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            raise Mismatch(f"**{ast.unparse(keyword.value)} in a call to {dotted(call.func)}")
        found[keyword.arg] = keyword.value
    return found


def literal(node: ast.AST, what: str) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise Mismatch(f"{what}: `{ast.unparse(node)}` is not a literal") from None


def literals(call: ast.Call) -> dict[str, Any]:
    return {k: literal(v, f"{dotted(call.func)}({k}=)") for k, v in keywords(call).items()}


def check_python_v2(calls: Calls, expect: dict[str, Any]) -> None:
    client = literals(calls.one("MLClient"))
    ws = expect["workspace"]
    expect_workspace("MLClient(subscription_id=)", client.get("subscription_id"), ws["subscription_id"])
    expect_workspace("MLClient(resource_group_name=)", client.get("resource_group_name"), ws["resource_group"])
    expect_workspace("MLClient(workspace_name=)", client.get("workspace_name"), ws["name"])

    call = calls.one("KubernetesCompute")
    args = keywords(call)
    value = lambda key: literal(args[key], f"KubernetesCompute({key}=)") if key in args else None  # noqa: E731
    expect_equal("KubernetesCompute(name=)", value("name"), expect["name"])
    expect_equal("KubernetesCompute(resource_id=)", value("resource_id"), expect["resource_id"])
    # The SDK's default namespace is `default`: a generator may leave it out only then.
    namespace = value("namespace") if "namespace" in args else "default"
    expect_equal("KubernetesCompute(namespace=)", namespace, expect["namespace"])
    expect_equal("KubernetesCompute(description=)", value("description"), expect["description"])
    expect_equal("KubernetesCompute(tags=)", value("tags") or {}, dict(expect["tags"]))
    expect_equal("KubernetesCompute(properties=)", value("properties") or {}, expect["properties"])
    expect_equal("KubernetesCompute(identity=)", python_identity(args.get("identity")), expect["identity"])
    unknown = set(args) - {"name", "resource_id", "namespace", "description", "tags", "properties", "identity"}
    if unknown:
        raise Mismatch(f"KubernetesCompute has arguments the spec does not give: {sorted(unknown)}")

    # The compute object is what is sent.
    bound = [name for name, value in calls.assigned.items() if value is call]
    sends = calls.ending(".compute.begin_create_or_update")
    if len(bound) != 1 or len(sends) != 1 or [dotted(a) for a in sends[0].args] != bound:
        raise Mismatch("the KubernetesCompute is not what ml_client.compute.begin_create_or_update sends")


def python_identity(node: ast.AST | None) -> dict[str, Any] | None:
    if node is None:
        return None
    if not (isinstance(node, ast.Call) and dotted(node.func) == "IdentityConfiguration"):
        raise Mismatch(f"identity=: `{ast.unparse(node)}` is not an IdentityConfiguration")
    args = keywords(node)
    kind = literal(args["type"], "IdentityConfiguration(type=)")
    ids = []
    listed = args.get("user_assigned_identities")
    if listed is not None:
        if not isinstance(listed, ast.List):
            raise Mismatch("user_assigned_identities= is not a list")
        for item in listed.elts:
            if not (isinstance(item, ast.Call) and dotted(item.func) == "ManagedIdentityConfiguration"):
                raise Mismatch(f"`{ast.unparse(item)}` is not a ManagedIdentityConfiguration")
            ids.append(literals(item)["resource_id"])
    return {"type": kind, "ids": ids}


def check_python_v1(calls: Calls, expect: dict[str, Any]) -> None:
    workspace = literals(calls.one("Workspace"))
    if expect["kind"] == "aks":
        ws = expect["workspace"]
        expect_workspace("Workspace(subscription_id=)", workspace.get("subscription_id"), ws["subscription_id"])
        expect_workspace("Workspace(resource_group=)", workspace.get("resource_group"), ws["resource_group"])
        expect_workspace("Workspace(workspace_name=)", workspace.get("workspace_name"), ws["name"])
    attach = calls.by_name.get("ComputeTarget.attach", [])
    create = calls.by_name.get("ComputeTarget.create", [])
    if len(attach) + len(create) != 1:
        raise Mismatch(f"{len(attach)} ComputeTarget.attach and {len(create)} ComputeTarget.create calls, one expected")
    action = "attach" if attach else "create"
    sent = (attach or create)[0]
    if len(sent.args) != 3 or dotted(sent.args[0]) == "" or dotted(sent.args[2]) == "":
        raise Mismatch(f"ComputeTarget.{action} takes (workspace, name, configuration)")
    config_name = dotted(sent.args[2])
    builder = "attach_configuration" if action == "attach" else "provisioning_configuration"
    config = calls.assigned.get(config_name)
    if not (isinstance(config, ast.Call) and dotted(config.func) == f"AksCompute.{builder}"):
        raise Mismatch(f"{config_name} is not made by AksCompute.{builder}")
    if dotted(sent.args[0]) not in calls.assigned or calls.assigned[dotted(sent.args[0])] is not calls.one("Workspace"):
        raise Mismatch(f"ComputeTarget.{action}'s workspace is not the Workspace(...)")
    if "name" not in expect:
        # A fix without a spec: the name is a placeholder.
        literal(sent.args[1], f"ComputeTarget.{action}(ws, NAME)")
        return
    expect_equal(f"ComputeTarget.{action}(ws, NAME)", literal(sent.args[1], "NAME"), expect["name"])
    expect_equal("the action", action, expect["action"])
    args = keywords(config)
    # The cluster: by id, or by group and name (attach); its size and region (create).
    for key, value in expect["cluster"].items():
        given = literal(args[key], f"AksCompute.{builder}({key}=)") if key in args else None
        expect_equal(f"AksCompute.{builder}({key}=)", given, value)
    if expect["kind"] == "aks-fix":
        # The troubleshooter's fix changes the purpose or the load balancer on purpose.
        return
    purpose = args.get("cluster_purpose")
    if expect["cluster_purpose"] is None:
        expect_equal(f"AksCompute.{builder}(cluster_purpose=)", purpose, None)
    elif expect["cluster_purpose"] in PURPOSES:
        expect_equal(f"AksCompute.{builder}(cluster_purpose=)", purpose and dotted(purpose), PURPOSES[expect["cluster_purpose"]])
    else:
        expect_equal(f"AksCompute.{builder}(cluster_purpose=)", purpose and literal(purpose, "cluster_purpose"), expect["cluster_purpose"])
    balancer = expect["load_balancer"] or {"type": None, "subnet": None}
    for key, value in (("load_balancer_type", balancer["type"]), ("load_balancer_subnet", balancer["subnet"])):
        given = literal(args[key], f"AksCompute.{builder}({key}=)") if key in args else None
        expect_equal(f"AksCompute.{builder}({key}=)", given, value)


# azureml-core's constants for the purposes it names (DenseProd is the REST spelling only).
PURPOSES = {"FastProd": "AksCompute.ClusterPurpose.FAST_PROD", "DevTest": "AksCompute.ClusterPurpose.DEV_TEST"}


# ----------------------------------------------------------------------------------- Bicep

BICEP = Parser(Language(tree_sitter_bicep.language()))
BICEP_ESCAPES = {"\\": "\\", "'": "'", "n": "\n", "r": "\r", "t": "\t", "$": "$"}


def bicep_string(raw: str, what: str) -> str:
    """The value of a Bicep string literal's body (between the quotes), by Bicep's escapes."""
    out = []
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\":
            following = raw[i + 1 : i + 2]
            if following in BICEP_ESCAPES:
                out.append(BICEP_ESCAPES[following])
                i += 2
                continue
            match = re.match(r"u\{([0-9A-Fa-f]{1,6})\}", raw[i + 1 :])
            if match:
                out.append(chr(int(match.group(1), 16)))
                i += 1 + match.end()
                continue
            raise Mismatch(f"{what}: `\\{following}` is not a Bicep escape")
        if raw.startswith("${", i):
            raise Mismatch(f"{what}: an unescaped `${{` makes Bicep interpolate: {raw!r}")
        out.append(c)
        i += 1
    return "".join(out)


def bicep_problems(node: Node) -> list[str]:
    """Where tree-sitter found an error or inserted a missing token."""
    found = []
    if node.is_error or node.is_missing:
        row, column = node.start_point
        found.append(f"{'missing ' + node.type if node.is_missing else 'error'} at {row + 1}:{column + 1}: {node.text.decode()[:60]!r}")
    for child in node.children:
        found.extend(bicep_problems(child))
    return found


def bicep_value(node: Node, what: str) -> Any:
    """A Bicep expression as JSON; `json('…')` read as JSON, references and member accesses as
    `{"$ref": text}`."""
    kind = node.type
    if kind == "string":
        if any(c.type == "interpolation" for c in node.children):
            raise Mismatch(f"{what}: the string {node.text.decode()!r} interpolates")
        text = node.text.decode()
        if text.startswith("'''"):
            raise Mismatch(f"{what}: a multi-line string where a value was expected")
        return bicep_string(text[1:-1], what)
    if kind == "number":
        return int(node.text)
    if kind == "boolean":
        return node.text == b"true"
    if kind == "null":
        return None
    if kind == "array":
        return [bicep_value(c, f"{what}[{i}]") for i, c in enumerate(c for c in node.named_children if c.type != "comment")]
    if kind == "object":
        out = {}
        for prop in node.named_children:
            if prop.type == "comment":
                continue
            if prop.type != "object_property":
                raise Mismatch(f"{what}: {prop.type} in an object")
            key_node, value_node = prop.named_children[0], prop.named_children[-1]
            key = key_node.text.decode() if key_node.type == "identifier" else bicep_value(key_node, f"{what} key")
            if key in out:
                raise Mismatch(f"{what}: the key {key!r} twice")
            out[key] = bicep_value(value_node, f"{what}.{key}")
        return out
    if kind == "call_expression":
        function = node.child_by_field_name("function")
        arguments = [c for c in node.child_by_field_name("arguments").named_children if c.type != "comment"]
        if function is not None and function.text == b"json" and len(arguments) == 1:
            return json.loads(bicep_value(arguments[0], f"{what} json()"))
    if kind in ("identifier", "member_expression"):
        return {"$ref": node.text.decode()}
    raise Mismatch(f"{what}: a {kind} where a value was expected: {node.text.decode()[:60]!r}")


def check_bicep(text: str, expect: dict[str, Any]) -> None:
    tree = BICEP.parse(text.encode())
    problems = bicep_problems(tree.root_node)
    if problems or tree.root_node.has_error:
        raise Mismatch(f"Bicep does not parse: {'; '.join(problems[:3]) or 'an error node'}")
    resources: dict[str, dict[str, Any]] = {}
    for declaration in tree.root_node.named_children:
        if declaration.type == "comment":
            continue
        if declaration.type != "resource_declaration":
            raise Mismatch(f"a {declaration.type} where only resources were expected")
        symbol, kind, body = (c for c in declaration.named_children if c.type != "comment")
        type_name, _, api_version = bicep_value(kind, "resource type").partition("@")
        existing = any(c.type == "existing" for c in declaration.children)
        resources[symbol.text.decode()] = {"type": type_name, "api_version": api_version, "existing": existing, "config": bicep_value(body, symbol.text.decode())}
    expect_equal("resources", sorted(resources), ["compute", "workspace"])
    workspace = resources["workspace"]
    expect_equal("workspace: type", workspace["type"], WORKSPACES)
    expect_equal("workspace: api-version", workspace["api_version"], expect["api_version"])
    expect_equal("workspace: existing", workspace["existing"], True)
    expect_equal("workspace: keys", sorted(workspace["config"]), ["name"])
    expect_workspace("workspace: name", workspace["config"]["name"], expect["workspace"]["name"])

    compute = resources["compute"]
    expect_equal("compute: type", compute["type"], COMPUTES)
    expect_equal("compute: api-version", compute["api_version"], expect["api_version"])
    expect_equal("compute: existing", compute["existing"], False)
    body = dict(compute["config"])
    expect_equal("compute: parent", body.pop("parent", None), {"$ref": "workspace"})
    expect_equal("compute: name", body.pop("name", None), expect["name"])
    expect_equal("compute: location", body.pop("location", None), {"$ref": "workspace.location"})
    properties = body.get("properties", {})
    expect_equal("compute: properties.computeLocation", properties.pop("computeLocation", None), {"$ref": "workspace.location"})
    check_body(body, expect, "Bicep")


def check_body(body: dict[str, Any], expect: dict[str, Any], language: str) -> None:
    """The compute's body as read from Bicep or HCL against the spec and the arm-json body."""
    properties = body.get("properties", {})
    expect_equal(f"{language} properties.computeType", properties.get("computeType"), "Kubernetes")
    expect_equal(f"{language} properties.resourceId", properties.get("resourceId"), expect["resource_id"])
    expect_equal(f"{language} properties.description", properties.get("description"), expect["description"])
    expect_equal(f"{language} properties.properties.namespace", properties.get("properties", {}).get("namespace"), expect["namespace"])
    expect_equal(f"{language} tags", body.get("tags", {}), dict(expect["tags"]))
    arm = json.loads(json.dumps(expect["arm_body"]))
    arm.pop("location", None)
    arm.get("properties", {}).pop("computeLocation", None)
    expect_equal(f"{language} body against arm-json's", body, arm)


# ------------------------------------------------------------------------------------- HCL


def hcl_string(raw: Any, what: str) -> str:
    """A python-hcl2 string (quotes and escapes as written) decoded by HCL's rules."""
    if not (isinstance(raw, str) and len(raw) >= 2 and raw.startswith('"') and raw.endswith('"')):
        raise Mismatch(f"{what}: {raw!r} is not a quoted HCL string")
    body = raw[1:-1]
    out = []
    i = 0
    simple = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
    while i < len(body):
        c = body[i]
        if c == "\\":
            following = body[i + 1 : i + 2]
            if following in simple:
                out.append(simple[following])
                i += 2
                continue
            width = {"u": 4, "U": 8}.get(following)
            digits = body[i + 2 : i + 2 + width] if width else ""
            if width and re.fullmatch(r"[0-9A-Fa-f]+", digits) and len(digits) == width:
                out.append(chr(int(digits, 16)))
                i += 2 + width
                continue
            raise Mismatch(f"{what}: `\\{following}` is not an HCL escape")
        if body.startswith("$${", i) or body.startswith("%%{", i):
            out.append(body[i] + "{")
            i += 3
            continue
        if body.startswith("${", i) or body.startswith("%{", i):
            raise Mismatch(f"{what}: an unescaped `{body[i:i + 2]}` makes HCL interpolate: {raw!r}")
        out.append(c)
        i += 1
    return "".join(out)


def hcl_value(value: Any, what: str) -> Any:
    if isinstance(value, str):
        return hcl_string(value, what)
    if isinstance(value, list):
        return [hcl_value(v, f"{what}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        if value.get("__is_block__"):
            raise Mismatch(f"{what}: a block where a value was expected")
        return {hcl_key(k, what): hcl_value(v, f"{what}.{k}") for k, v in value.items()}
    return value


def hcl_key(raw: str, what: str) -> str:
    if raw.startswith('"'):
        return hcl_string(raw, what)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", raw):
        raise Mismatch(f"{what}: the bare key {raw!r} is not an HCL identifier")
    return raw


def check_hcl(text: str, expect: dict[str, Any]) -> None:
    try:
        parsed = hcl2.loads(text)
    except Exception as error:  # noqa: BLE001 - Lark's and python-hcl2's errors have no common base
        raise Mismatch(f"HCL does not parse: {type(error).__name__}: {str(error).splitlines()[0]}") from None
    providers = parsed.get("terraform", [{}])[0].get("required_providers", [{}])[0]
    expect_equal("required_providers.azapi.source", hcl_string(providers.get("azapi", {}).get("source"), "source"), "Azure/azapi")
    resources = parsed.get("resource", [])
    expect_equal("resources", [list(r) for r in resources], [['"azapi_resource"']])
    blocks = resources[0]['"azapi_resource"']
    expect_equal("azapi_resource names", list(blocks), ['"compute"'])
    resource = dict(blocks['"compute"'])
    resource.pop("__is_block__", None)
    expect_equal("type", hcl_string(resource.pop("type", None), "type"), f"{COMPUTES}@{expect['api_version']}")
    expect_equal("name", hcl_string(resource.pop("name", None), "name"), expect["name"])
    ws = expect["workspace"]
    parent = hcl_string(resource.pop("parent_id", None), "parent_id")
    parts = re.fullmatch(r"/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.MachineLearningServices/workspaces/([^/]+)", parent)
    if parts is None:
        raise Mismatch(f"parent_id: {parent!r} is not a workspace id")
    expect_workspace("parent_id's subscription", parts.group(1), ws["subscription_id"])
    expect_workspace("parent_id's resource group", parts.group(2), ws["resource_group"])
    expect_workspace("parent_id's workspace", parts.group(3), ws["name"])
    arm = expect["arm_body"]
    location = resource.pop("location", None)
    expect_equal("location", None if location is None else hcl_string(location, "location"), arm.get("location"))
    body: dict[str, Any] = {}
    identity = resource.pop("identity", None)
    if identity is not None:
        if len(identity) != 1 or not identity[0].get("__is_block__"):
            raise Mismatch("identity is not one block")
        block = identity[0]
        body["identity"] = {"type": hcl_string(block["type"], "identity.type")}
        if "identity_ids" in block:
            body["identity"]["userAssignedIdentities"] = {hcl_string(i, "identity_ids"): {} for i in block["identity_ids"]}
    if "tags" in resource:
        body["tags"] = hcl_value(resource.pop("tags"), "tags")
    body.update(hcl_value(resource.pop("body", {}), "body"))
    expect_equal("attributes the spec does not explain", sorted(resource), [])
    body.get("properties", {}).pop("computeLocation", None)
    check_body(body, expect, "HCL")


# ------------------------------------------------------------------------------------- run


def golden_sections() -> list[tuple[str, str, str]]:
    """(where, language, text) of every Python, Bicep and HCL section of the golden files."""
    found = []
    for path in sorted(GOLDEN.glob("*.txt")):
        for section in re.split(r"^===== ", path.read_text(encoding="utf-8"), flags=re.M)[1:]:
            title, _, text = section.partition("\n")
            language = re.search(r"\[(\w+)\]$", title)
            if language and language.group(1) in ("python", "bicep", "hcl"):
                found.append((f"tests/golden/{path.name}: {title}", language.group(1), text))
    return found


# ------------------------------------------------------------------ the Azure ML extension

EXTENSIONS = "Microsoft.KubernetesConfiguration/extensions"


def settings_expect(settings: dict[str, Any]) -> dict[str, Any]:
    """The arm-json body's settings: a value starting with a `<…>` placeholder is an expression of the document's own
    (the region, a file's base64, a secret), `None` here."""
    return {k: None if isinstance(v, str) and v.startswith("<") else v for k, v in settings.items()}


def settings_read(values: dict[str, Any]) -> dict[str, Any]:
    """Settings as read from a document: literal strings as themselves, expressions as `None`."""
    return {k: v if isinstance(v, str) else None for k, v in values.items()}


def bicep_settings(node: Node, what: str) -> dict[str, Any]:
    """A settings object whose values may be expressions (parameters, `cluster.location`,
    interpolated strings)."""
    out: dict[str, Any] = {}
    for prop in node.named_children:
        if prop.type == "comment":
            continue
        key_node, value_node = prop.named_children[0], prop.named_children[-1]
        key = key_node.text.decode() if key_node.type == "identifier" else bicep_value(key_node, f"{what} key")
        if key in out:
            raise Mismatch(f"{what}: the key {key!r} twice")
        interpolated = value_node.type == "string" and any(c.type == "interpolation" for c in value_node.children)
        out[key] = None if interpolated else bicep_value(value_node, f"{what}.{key}")
    return out


def check_extension_bicep(text: str, expect: dict[str, Any]) -> None:
    tree = BICEP.parse(text.encode())
    problems = bicep_problems(tree.root_node)
    if problems or tree.root_node.has_error:
        raise Mismatch(f"Bicep does not parse: {'; '.join(problems[:3]) or 'an error node'}")
    extension = None
    for declaration in tree.root_node.named_children:
        if declaration.type != "resource_declaration":
            continue
        symbol, kind, body = (c for c in declaration.named_children if c.type != "comment")
        if bicep_value(kind, "resource type").partition("@")[0] == EXTENSIONS:
            extension = body
    if extension is None:
        raise Mismatch(f"no {EXTENSIONS} resource")
    properties = None
    for prop in extension.named_children:
        if prop.type == "object_property" and prop.named_children[0].text == b"name":
            expect_equal("name", bicep_value(prop.named_children[-1], "name"), expect["name"])
        if prop.type == "object_property" and prop.named_children[0].text == b"properties":
            properties = prop.named_children[-1]
    if properties is None:
        raise Mismatch("the extension has no properties")
    read: dict[str, Any] = {}
    for prop in properties.named_children:
        if prop.type != "object_property":
            continue
        key = prop.named_children[0].text.decode()
        value = prop.named_children[-1]
        if key in ("configurationSettings", "configurationProtectedSettings"):
            read[key] = settings_read(bicep_settings(value, key))
        else:
            read[key] = bicep_value(value, key)
    check_extension_properties(read, expect, "Bicep")


def check_extension_properties(read: dict[str, Any], expect: dict[str, Any], language: str) -> None:
    want = expect["properties"]
    expect_equal(f"{language} extensionType", read.get("extensionType"), want["extensionType"])
    expect_equal(f"{language} scope", read.get("scope", want["scope"]), want["scope"])
    expect_equal(f"{language} releaseTrain", read.get("releaseTrain", want["releaseTrain"]), want["releaseTrain"])
    expect_equal(f"{language} version", read.get("version"), want.get("version"))
    expect_equal(f"{language} configurationSettings", read.get("configurationSettings"), settings_expect(want["configurationSettings"]))
    expect_equal(
        f"{language} configurationProtectedSettings",
        read.get("configurationProtectedSettings", {}),
        settings_expect(want.get("configurationProtectedSettings", {})),
    )


def hcl_settings(values: dict[str, Any], what: str) -> dict[str, Any]:
    """HCL settings: quoted literals as strings; references, calls and `${…}` strings as `None`."""
    out: dict[str, Any] = {}
    for raw_key, raw in values.items():
        key = hcl_key(raw_key, what)
        literal = isinstance(raw, str) and raw.startswith('"') and raw.endswith('"') and "${" not in raw.replace("$${", "")
        out[key] = hcl_string(raw, f"{what}.{key}") if literal else None
    return out


def check_extension_hcl(text: str, expect: dict[str, Any]) -> None:
    try:
        parsed = hcl2.loads(text)
    except Exception as error:  # noqa: BLE001 - Lark's and python-hcl2's errors have no common base
        raise Mismatch(f"HCL does not parse: {type(error).__name__}: {str(error).splitlines()[0]}") from None
    resources = {kind: block for r in parsed.get("resource", []) for kind, block in r.items()}
    want = expect["properties"]
    if expect["kind"] == "managedClusters":
        block = resources.get('"azurerm_kubernetes_cluster_extension"', {}).get('"azureml"')
        if block is None:
            raise Mismatch("no azurerm_kubernetes_cluster_extension")
        read = {
            "extensionType": hcl_string(block["extension_type"], "extension_type"),
            "scope": {"cluster": {"releaseNamespace": hcl_string(block["release_namespace"], "release_namespace")}},
            "configurationSettings": hcl_settings(block.get("configuration_settings", {}), "configuration_settings"),
            "configurationProtectedSettings": hcl_settings(block.get("configuration_protected_settings", {}), "configuration_protected_settings"),
        }
        expect_equal("name", hcl_string(block["name"], "name"), expect["name"])
        if "version" in block:
            read["version"] = hcl_string(block["version"], "version")
        else:
            read["releaseTrain"] = hcl_string(block["release_train"], "release_train")
    else:
        block = resources.get('"azapi_resource"', {}).get('"azureml"')
        if block is None:
            raise Mismatch("no azapi_resource")
        expect_equal("type", hcl_string(block["type"], "type"), f"{EXTENSIONS}@{want.get('api_version', block['type'].strip(chr(34)).partition('@')[2])}")
        expect_equal("name", hcl_string(block["name"], "name"), expect["name"])
        properties = dict(block["body"]["properties"])
        settings = properties.pop("configurationSettings", {})
        read = {k: hcl_value(v, k) for k, v in properties.items()}
        read["configurationSettings"] = hcl_settings(settings, "configurationSettings")
        sensitive = block.get("sensitive_body", {}).get("properties", {}).get("configurationProtectedSettings", {})
        read["configurationProtectedSettings"] = hcl_settings(sensitive, "configurationProtectedSettings")
    check_extension_properties(read, expect, "HCL")


def check_extensions(corpus: Path, counts: dict[str, int], failures: list[str]) -> int:
    """The extension's Bicep and Terraform (tests/extension.rs records them); the count that failed."""
    failed = 0
    records = [json.loads(line) for f in sorted((corpus / "extension").glob("*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines() if line]
    if len(records) < 8:
        failures.append(f"only {len(records)} extension documents recorded, at least 8 expected")
    for record in records:
        text = (corpus / record["file"]).read_text(encoding="utf-8")
        counts[record["language"]] += 1
        try:
            if record["language"] == "bicep":
                check_extension_bicep(text, record)
            else:
                check_extension_hcl(text, record)
        except Mismatch as problem:
            failed += 1
            failures.append(f"{record['file']}: {problem}")
    return failed


def main(argv: list[str]) -> int:
    default = os.environ.get("AMLATTACH_GENERATED_CORPUS", str(REPO / "target" / "generated"))
    corpus = Path(argv[1] if len(argv) > 1 else default)
    manifest = corpus / "manifest.jsonl"
    if not manifest.is_file():
        print(
            f"parsers: no {manifest}: run the native tests first (scripts/test.sh does), or: "
            f"AMLATTACH_GENERATED_CORPUS={corpus} cargo test --test generated_outputs",
            file=sys.stderr,
        )
        return 1
    records = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line]
    failures: list[str] = []
    counts = {"python": 0, "bicep": 0, "hcl": 0}
    texts = set()
    failed = 0
    for record in records:
        text = (corpus / record["file"]).read_text(encoding="utf-8")
        texts.add(text)
        where = f"{record['file']} ({record['source']}, {record['target']})"
        counts[record["language"]] += 1
        try:
            if record["language"] == "python":
                check_python(text, record["expect"], record["target"], where)
            elif record["language"] == "bicep":
                check_bicep(text, record["expect"])
            else:
                check_hcl(text, record["expect"])
        except Mismatch as problem:
            failed += 1
            failures.append(f"{where}: {problem}")
    failed += check_extensions(corpus, counts, failures)
    goldens = golden_sections()
    for where, _language, text in goldens:
        if text not in texts:
            failures.append(f"{where}: not among the recorded outputs (is the recording stale?)")
    for language, least in MINIMUM.items():
        if counts[language] < least:
            failures.append(f"only {counts[language]} {language} outputs recorded, at least {least} expected")
    for failure in failures:
        print(f"parsers: {failure}", file=sys.stderr)
    checked = sum(counts.values())
    print(
        f"parsers: {counts['python']} Python, {counts['bicep']} Bicep, {counts['hcl']} HCL outputs "
        f"({len(goldens)} golden sections among them)"
    )
    # Files that failed, plus the run's own problems (stale goldens, too few files).
    print(f"parsers: {checked - failed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Contract check of the generators against azure-ai-ml and the official REST examples.

Run by scripts/contract.sh inside the venv that holds the pinned azure-ai-ml (after
load_compute.py); see README.md here.

    python tests/contract/generate_contract.py FILE...

1. For every FILE (a v2 case; `NAME.context.yml` beside it is its context) that
   `amlattach validate` accepts:
   - `amlattach generate --target yaml-v2` must load with `azure.ai.ml.load_compute`;
   - the PUT body the SDK's own `begin_attach` sends for it (load_compute.sdk_attach_dry_run,
     the REST call stubbed; workspace region set to the case's) must equal our
     `amlattach generate --target arm-json` body field for field.
2. Our `arm-json` bodies for a v2 Kubernetes attach and a v1 AKS compute have the same shape as
   the official examples in ../shared/fixtures/azure-rest-api-specs/ (Compute/createOrUpdate):
   at every level, the same keys for the fields the example sets, and nothing we add that is
   not documented (azure-facts §2.6, §3.7, §4.1).

Prints one line per problem and the closing line `contract: generate: N passed, M failed`;
writes the details to target/contract-generate-results.json. Exit status 0 when nothing failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_compute as harness  # noqa: E402 - the existing harness: its SDK dry run is reused

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "target" / "contract-generate-results.json"
EXAMPLES = (
    REPO.parent
    / "shared/fixtures/azure-rest-api-specs/machinelearningservices/resource-manager"
    / "Microsoft.MachineLearningServices/stable/2025-12-01/examples/Compute/createOrUpdate"
)
# The workspace when a case has no context: concrete, so location and computeLocation compare.
WORKSPACE = {
    "subscription_id": "00000000-0000-0000-0000-000000000000",
    "resource_group": "rg-ml",
    "name": "ws-ml",
    "location": "eastus",
}
FLAGS = {
    "subscription_id": "--subscription",
    "resource_group": "--resource-group",
    "name": "--workspace-name",
    "location": "--workspace-location",
}
TIMEOUT_S = 30


def run(binary: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=TIMEOUT_S)


def diff(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """Every field where the two JSON values differ, as `path: ours != theirs`."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        out: list[str] = []
        for key in list(ours) + [k for k in theirs if k not in ours]:
            sub = f"{path}.{key}" if path else key
            if key not in theirs:
                out.append(f"{sub}: only in ours ({json.dumps(ours[key], ensure_ascii=False)})")
            elif key not in ours:
                out.append(f"{sub}: only in the SDK's ({json.dumps(theirs[key], ensure_ascii=False)})")
            else:
                out.extend(diff(ours[key], theirs[key], sub))
        return out
    if ours != theirs or type(ours) is not type(theirs):
        return [f"{path or '<body>'}: ours {json.dumps(ours, ensure_ascii=False)} != SDK {json.dumps(theirs, ensure_ascii=False)}"]
    return []


def workspace_args(context_path: Path | None) -> tuple[list[str], str]:
    """The CLI flags that complete the workspace, and its region."""
    known: dict[str, Any] = {}
    if context_path is not None:
        context = yaml.safe_load(context_path.read_text(encoding="utf-8")) or {}
        workspace = context.get("workspace") if isinstance(context, dict) else None
        if isinstance(workspace, dict):
            known = {k: v for k, v in workspace.items() if isinstance(v, str) and v}
    args: list[str] = []
    for key, flag in FLAGS.items():
        if key not in known:
            args += [flag, WORKSPACE[key]]
    return args, known.get("location", WORKSPACE["location"])


def check_case(binary: str, path: Path, scratch: Path) -> dict[str, Any]:
    context = path.with_name(path.name[: -len(".yml")] + ".context.yml")
    context = context if context.is_file() else None
    ctx_args = ["--context", str(context)] if context else []
    case: dict[str, Any] = {"case": str(path.relative_to(REPO))}
    validation = run(binary, ["validate", "--output", "json", *ctx_args, str(path)])
    if validation.returncode != 0:
        case["verdict"] = "not-valid"
        return case
    ws_args, region = workspace_args(context)
    problems: list[str] = []
    texts = {}
    for target in ("yaml-v2", "arm-json"):
        generated = run(binary, ["generate", "--target", target, *ws_args, *ctx_args, str(path)])
        if generated.returncode != 0:
            problems.append(f"generate --target {target} exited {generated.returncode}: {generated.stderr.strip()}")
        texts[target] = generated.stdout
    if problems:
        case.update(verdict="fail", problems=problems)
        return case
    generated_yaml = scratch / path.name
    generated_yaml.write_text(texts["yaml-v2"], encoding="utf-8")
    case["yaml"] = texts["yaml-v2"]
    from azure.ai.ml import load_compute

    try:
        compute = load_compute(str(generated_yaml))
    except Exception as error:  # noqa: BLE001 - any exception is a rejection
        case.update(verdict="fail", problems=[f"load_compute rejects our yaml-v2: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"])
        return case
    harness.WORKSPACE_REGION = region
    try:
        sent = harness.sdk_attach_dry_run(compute)
    except Exception as error:  # noqa: BLE001
        case.update(verdict="fail", problems=[f"the SDK's attach dry run failed: {type(error).__name__}: {error}"])
        return case
    try:
        ours = json.loads(texts["arm-json"])
    except ValueError as error:
        case.update(verdict="fail", problems=[f"arm-json is not JSON: {error}"])
        return case
    case["sdk_body"] = sent["put_body"]
    case["our_body"] = ours
    differences = diff(ours, sent["put_body"])
    if sent.get("compute_name") != compute.name:
        differences.append(f"compute name: SDK {sent.get('compute_name')!r} != {compute.name!r}")
    case.update(verdict="fail" if differences else "pass", problems=differences)
    return case


# --------------------------------------------------------------------------- official examples

def key_paths(value: Any, path: str = "") -> set[str]:
    """Every key path of a JSON value (`properties.properties.namespace`)."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, sub in value.items():
            p = f"{path}.{key}" if path else key
            out.add(p)
            # Map-valued fields hold the user's own keys: their shape is not the schema's.
            if key not in ("instanceTypes", "tags", "userAssignedIdentities"):
                out |= key_paths(sub, p)
    return out


# Keys we send that the examples leave out, each documented.
DOCUMENTED_EXTRAS = {
    "Kubernetes": {
        "properties.computeLocation": "azure-ai-ml sends the workspace region (azure-facts §3.7)",
        "identity": "ComputeResource.identity, ManagedServiceIdentity (azure-facts §4.1)",
        "identity.type": "ManagedServiceIdentity.type",
        "identity.userAssignedIdentities": "ManagedServiceIdentity.userAssignedIdentities",
        "tags": "ComputeResource.tags",
    },
    "AKS": {
        "properties.properties.clusterPurpose": "AKSSchema.clusterPurpose (azure-facts §4.1)",
        "properties.properties.loadBalancerType": "AKSSchema.loadBalancerType; azureml-core always sends it on attach (§2.6)",
        "properties.properties.loadBalancerSubnet": "AKSSchema.loadBalancerSubnet; azureml-core sends null on attach (§2.6)",
        "properties.computeLocation": "Compute.computeLocation, sent on create (§2.6)",
        "properties.properties.agentVmSize": "AKSSchema.agentVmSize",
    },
}


def check_examples(binary: str, scratch: Path) -> list[dict[str, Any]]:
    out = []
    k8s_example = json.loads((EXAMPLES / "KubernetesCompute.json").read_text(encoding="utf-8"))["parameters"]
    aks_example = json.loads((EXAMPLES / "AKSCompute.json").read_text(encoding="utf-8"))["parameters"]
    k8s_body = k8s_example["parameters"]
    inner = k8s_body["properties"]
    # The example's request as a spec: same description, cluster, namespace and properties.
    k8s_spec = {
        "type": "kubernetes",
        "name": k8s_example["computeName"],
        "description": inner["description"],
        "resource_id": inner["resourceId"],
        "namespace": inner["properties"]["namespace"],
        "properties": {k: v for k, v in inner["properties"].items() if k != "namespace"},
    }
    aks_inner = aks_example["parameters"]["properties"]
    aks_specs = {
        # The example is a create with agentCount; ours adds nothing it does not document.
        "AKS create": {
            "type": "aks",
            "name": aks_example["computeName"],
            "action": "create",
            "description": aks_inner["description"],
            "agent_count": aks_inner["properties"]["agentCount"],
            "cluster_purpose": "DevTest",
        },
        "AKS attach": {
            "type": "aks",
            "name": aks_example["computeName"],
            "action": "attach",
            "description": aks_inner["description"],
            "resource_id": aks_inner["resourceId"],
        },
    }
    cases = [("Kubernetes", "Kubernetes attach", k8s_spec, k8s_body, k8s_example)]
    cases += [("AKS", label, spec, aks_example["parameters"], aks_example) for label, spec in aks_specs.items()]
    for kind, label, spec, example_body, example in cases:
        spec_path = scratch / f"example-{label.replace(' ', '-')}.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        args = [
            "generate", "--target", "arm-json",
            "--subscription", example["subscriptionId"],
            "--resource-group", example["resourceGroupName"],
            "--workspace-name", example["workspaceName"],
            "--workspace-location", example_body["location"],
            str(spec_path),
        ]
        generated = run(binary, args)
        result: dict[str, Any] = {"case": f"official example {label}", "problems": []}
        if generated.returncode != 0:
            result["problems"].append(f"generate exited {generated.returncode}: {generated.stderr.strip()}")
        else:
            ours = json.loads(generated.stdout)
            result["our_body"] = ours
            ours_paths, theirs_paths = key_paths(ours), key_paths(example_body)
            # Fields the example sets that a spec like it cannot express are not asked of us.
            # The AKS example mixes a create's agentCount with an attach's resourceId: each of
            # our two AKS specs is asked for its half, and together they cover the example.
            expressible = theirs_paths
            if label == "AKS attach":
                expressible = {p for p in theirs_paths if "agentCount" not in p}
            if label == "AKS create":
                expressible = {p for p in theirs_paths if not p.endswith("resourceId")}
            for missing in sorted(expressible - ours_paths):
                result["problems"].append(f"{missing}: in the example, not in ours")
            for extra in sorted(ours_paths - theirs_paths):
                if extra not in DOCUMENTED_EXTRAS[kind]:
                    result["problems"].append(f"{extra}: in ours, neither in the example nor documented")
            result["extras"] = {p: DOCUMENTED_EXTRAS[kind][p] for p in sorted(ours_paths - theirs_paths) if p in DOCUMENTED_EXTRAS[kind]}
            # Where both have a leaf, the values must match (the spec was made from the example).
            for path in sorted(ours_paths & theirs_paths):
                a, b = ours, example_body
                for key in path.split("."):
                    a, b = a[key], b[key]
                if not isinstance(a, dict) and a != b and not path.endswith("resourceId"):
                    result["problems"].append(f"{path}: ours {a!r} != example {b!r}")
                if path.endswith("resourceId") and a.lower() != b.lower():
                    result["problems"].append(f"{path}: ours {a!r} != example {b!r}")
        result["verdict"] = "fail" if result["problems"] else "pass"
        out.append(result)
    return out


def main() -> int:
    files = [Path(f).resolve() for f in sys.argv[1:]]
    binary = os.environ.get("AMLATTACH") or str(REPO / "target" / "release" / "amlattach")
    probe = run(binary, ["generate", "--help"])
    if probe.returncode != 0:
        print(f"contract: generate: SKIPPED: {binary} has no 'generate' subcommand ({probe.stderr.strip()[:120]})")
        return 0 if os.environ.get("CONTRACT_SDK_ONLY") == "1" else 1
    import azure.ai.ml  # noqa: F401 - the expensive import, once

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="amlattach-generate-") as scratch_dir:
        scratch = Path(scratch_dir)
        with harness._capture_logs():  # noqa: SLF001 - keeps the SDK's log lines out of the table
            for path in files:
                results.append(check_case(binary, path, scratch))
        results.extend(check_examples(binary, scratch))

    checked = [r for r in results if r["verdict"] != "not-valid"]
    failed = [r for r in checked if r["verdict"] == "fail"]
    for r in failed:
        print(f"FAIL {r['case']}:")
        for problem in r["problems"]:
            print(f"    {problem}")
    for r in results:
        if r.get("extras"):
            print(f"{r['case']}: fields beyond the example, each documented: " + "; ".join(f"{k} ({v})" for k, v in r["extras"].items()))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    skipped = len(results) - len(checked)
    print(
        f"generate: yaml-v2 loaded and arm-json compared with the SDK's PUT body for "
        f"{sum(1 for r in checked if not r['case'].startswith('official'))} cases "
        f"({skipped} cases do not validate and were skipped); shape checked against "
        f"{sum(1 for r in checked if r['case'].startswith('official'))} official examples; details: "
        f"{RESULTS.relative_to(REPO)}"
    )
    print(f"contract: generate: {len(checked) - len(failed)} passed, {len(failed)} failed")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())

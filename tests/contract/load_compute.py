"""Contract check: whatever azure-ai-ml's load_compute rejects, amlattach must reject too.

Run by scripts/contract.sh inside the venv that holds the pinned azure-ai-ml; see README.md here.

    python tests/contract/load_compute.py [--write-sdk-snapshot] FILE...

For every FILE, in one process:
  1. the SDK half: azure.ai.ml.load_compute(FILE) -> accepted, or the exception type and message;
     warnings and log records emitted while loading are captured; for accepted files the SDK's
     own begin_attach then runs with the REST call stubbed out, recording what it would log and
     the PUT body it would send (information only, not part of the contract);
  2. our half: `$AMLATTACH validate --output json FILE` (AMLATTACH defaults to
     target/release/amlattach); exit 0 = accepted, 1 or 2 = rejected.

A case fails when the SDK rejects it and we accept it (a contract violation), or when our tool
misbehaves on it (crash, exit code other than 0/1/2, a report that is not JSON or disagrees with
the exit code). Everything else passes, including the cases where we are stricter than the SDK.

Prints a table and the final line `contract: N passed, M failed`; writes every detail to
target/contract-results.json. Exit status: 0 when nothing failed, 1 otherwise. When our binary is
missing or has no `validate` subcommand yet, only the SDK half runs; the exit status is then 0
only if CONTRACT_SDK_ONLY=1 is set.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import re
import subprocess
import sys
import time
import types
import warnings
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "target" / "contract-results.json"
SNAPSHOT = Path(__file__).resolve().parent / "sdk-verdicts.json"
CASES_DIR = REPO / "tests" / "cases" / "v2"
OUR_TIMEOUT_S = 30
# Stand-in for the workspace region the SDK would look up before the PUT (attach dry run).
WORKSPACE_REGION = "<workspace-region>"

# Warnings that come from the SDK's own use of marshmallow on every call, whatever the input:
# they say nothing about the file, so they are counted but not reported per case.
NOISE_WARNINGS = ("RemovedInMarshmallow4Warning",)


# --------------------------------------------------------------------------- SDK half


class _Collect(logging.Handler):
    """Keeps the log records (WARNING and up) emitted while one file is handled."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.levelname} {record.name}: {record.getMessage()}")


@contextlib.contextmanager
def _capture_logs() -> Iterator[_Collect]:
    """Collects records from the root logger and from `azure.ai.ml`, which does not propagate
    (it has its own stderr handler); that handler is muted meanwhile so the table stays readable."""
    collect = _Collect()
    sdk_logger = logging.getLogger("azure.ai.ml")
    muted = list(sdk_logger.handlers)
    for handler in muted:
        sdk_logger.removeHandler(handler)
    sdk_logger.addHandler(collect)
    logging.getLogger().addHandler(collect)
    try:
        yield collect
    finally:
        logging.getLogger().removeHandler(collect)
        sdk_logger.removeHandler(collect)
        for handler in muted:
            sdk_logger.addHandler(handler)


def _flatten_marshmallow(messages: Any, path: str = "") -> list[str]:
    """{"identity": {"type": ["Value ..."]}} -> ["identity.type: Value ..."]."""
    out: list[str] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            key = str(key)
            sub = path if key == "_schema" else (f"{path}.{key}" if path else key)
            out.extend(_flatten_marshmallow(value, sub))
    elif isinstance(messages, list):
        for item in messages:
            out.extend(_flatten_marshmallow(item, path))
    else:
        out.append(f"{path or '<document>'}: {messages}")
    return out


def _detail(error: BaseException, message: str) -> str:
    """A one-line summary of the rejection that names the field, for the table and snapshot."""
    if type(error).__name__ == "ValidationError" and message.startswith("Validation for "):
        # azure-ai-ml wraps marshmallow's messages: "Validation for XSchema failed:\n\n {json} \n\n ..."
        start = message.find("{")
        end = message.find("\n} \n")
        if start != -1 and end != -1:
            try:
                schema = message.split(" ", 3)[2]
                fields = _flatten_marshmallow(json.loads(message[start : end + 2]))
                return f"{schema}: " + "; ".join(fields)
            except (ValueError, IndexError):
                pass
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if message.startswith("Error while parsing yaml file:") and len(lines) > 1:
        # "Error while parsing yaml file: PATH", then PyYAML's own lines ('in "PATH", line L, column C').
        parts = [re.sub(r'^in ".*?", ', "at ", line) for line in lines[1:4]]
        return "yaml: " + " / ".join(parts)
    return lines[0] if lines else ""


def sdk_attach_dry_run(compute: Any) -> dict[str, Any]:
    """Runs the SDK's own ComputeOperations.begin_attach with the REST call replaced by a stub.

    begin_attach -> begin_create_or_update logs "'Location' is not supported ..." for non-AmlCompute
    types that set one, puts the workspace region in its place, builds _to_rest_object() and hands
    it to the generated REST operation, which JSON-encodes it with SdkJSONEncoder. The stub records
    that body instead of sending it. Uses private attributes of the pinned SDK version: if they
    move, this reports an error and the contract itself (load_compute) is unaffected.
    """
    from azure.ai.ml._restclient.arm_ml_service._utils.model_base import SdkJSONEncoder
    from azure.ai.ml.operations import ComputeOperations

    sent: dict[str, Any] = {}

    def begin_create_or_update(resource_group, workspace, compute_name, parameters, **_kwargs):
        sent["compute_name"] = compute_name
        sent["put_body"] = json.loads(json.dumps(parameters, cls=SdkJSONEncoder, exclude_readonly=True))
        return None

    operations = object.__new__(ComputeOperations)
    operations._operation_scope = types.SimpleNamespace(  # noqa: SLF001
        subscription_id="00000000-0000-0000-0000-000000000000",
        resource_group_name="rg-ml",
        workspace_name="ws-ml",
    )
    operations._get_workspace_location = lambda: WORKSPACE_REGION  # noqa: SLF001
    operations._operation = types.SimpleNamespace(begin_create_or_update=begin_create_or_update)  # noqa: SLF001
    operations.begin_attach(compute)
    return sent


def sdk_load(path: str) -> dict[str, Any]:
    from azure.ai.ml import load_compute

    result: dict[str, Any] = {}
    with _capture_logs() as logs, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            compute = load_compute(path)
        except Exception as error:  # noqa: BLE001 - any exception is a rejection
            message = str(error)
            result.update(
                accepted=False,
                error_type=f"{type(error).__module__}.{type(error).__qualname__}",
                error_first_line=message.splitlines()[0] if message else "",
                error_detail=_detail(error, message),
                error_message=message,
            )
            compute = None
        else:
            result["accepted"] = True
            result["loaded"] = {
                "class": type(compute).__name__,
                "name": compute.name,
                "type": compute.type,
                "resource_id": compute.resource_id,
                "namespace": getattr(compute, "namespace", None),
                "location": compute.location,
                "identity_type": getattr(getattr(compute, "identity", None), "type", None),
            }
        load_logs = list(logs.records)
        if compute is not None:
            # Informational only: what `az ml compute attach` / ml_client.compute.begin_attach
            # would log and send next. Not part of the contract.
            logs.records.clear()
            try:
                dry = sdk_attach_dry_run(compute)
            except Exception as error:  # noqa: BLE001
                dry = {"error": f"{type(error).__name__}: {error}"}
            dry["logs"] = list(logs.records)
            result["attach_dry_run"] = dry
    noise = [w for w in caught if w.category.__name__ in NOISE_WARNINGS or "marshmallow" in w.filename]
    result["warnings"] = [f"{w.category.__name__}: {w.message}" for w in caught if w not in noise]
    result["noise_warnings"] = len(noise)
    result["logs"] = load_logs
    return result


# --------------------------------------------------------------------------- our half


def probe_ours(binary: str) -> tuple[bool, str]:
    """(usable, reason): the binary exists and knows `validate`."""
    if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        return False, f"{binary} does not exist or is not executable (build it: make build)"
    try:
        probe = subprocess.run([binary, "validate", "--help"], capture_output=True, text=True, timeout=OUR_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, f"{binary} cannot be run: {error}"
    if probe.returncode != 0:
        first = (probe.stderr or probe.stdout).strip().splitlines()
        return (
            False,
            f"{binary} has no 'validate' subcommand yet ({first[0] if first else 'exit ' + str(probe.returncode)})",
        )
    return True, ""


def our_validate(binary: str, path: str) -> dict[str, Any]:
    try:
        run = subprocess.run(
            [binary, "validate", "--output", "json", path],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=OUR_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return {"exit_code": None, "accepted": None, "problem": f"timed out after {OUR_TIMEOUT_S} s"}
    result: dict[str, Any] = {"exit_code": run.returncode, "stderr": run.stderr.strip()}
    report = None
    try:
        report = json.loads(run.stdout)
    except ValueError:
        pass
    result["report"] = report
    code = run.returncode
    if code not in (0, 1, 2):
        result.update(accepted=None, problem=f"exited {code} (crash or unexpected status)")
        return result
    result["accepted"] = code == 0
    if code in (0, 1):
        if not isinstance(report, dict) or not isinstance(report.get("ok"), bool):
            result["problem"] = "stdout is not a JSON report with a boolean 'ok'"
        elif report["ok"] != (code == 0):
            result["problem"] = f"exit {code} but report says ok={str(report['ok']).lower()}"
    return result


def error_codes(ours: dict[str, Any]) -> list[str]:
    report = ours.get("report")
    if not isinstance(report, dict):
        return []
    return [
        str(d.get("code"))
        for d in report.get("diagnostics", [])
        if isinstance(d, dict) and d.get("severity") == "error"
    ]


# --------------------------------------------------------------------------- driver


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _rel(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="v2 compute YAML case files")
    parser.add_argument(
        "--write-sdk-snapshot",
        action="store_true",
        help=f"rewrite {_rel(str(SNAPSHOT))} from this run's SDK verdicts",
    )
    args = parser.parse_args()

    started = time.monotonic()
    import azure.ai.ml  # noqa: F401 - the expensive import, once for all files

    sdk_version = metadata.version("azure-ai-ml")
    binary = os.environ.get("AMLATTACH") or str(REPO / "target" / "release" / "amlattach")
    ours_usable, skip_reason = probe_ours(binary)
    sdk_only = os.environ.get("CONTRACT_SDK_ONLY") == "1"

    snapshot: dict[str, Any] = {}
    if SNAPSHOT.is_file():
        snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))

    cases = []
    for file in args.files:
        path = _rel(file)  # relative paths keep the SDK's messages stable
        case: dict[str, Any] = {"case": Path(path).name, "path": path}
        case["sdk"] = sdk_load(path)
        if ours_usable:
            case["ours"] = our_validate(binary, path)
            sdk_ok, ours = case["sdk"]["accepted"], case["ours"]
            if ours.get("problem"):
                case["verdict"] = "tool-error"
            elif not sdk_ok and ours["accepted"]:
                case["verdict"] = "violation"
            else:
                case["verdict"] = "pass"
            case["stricter"] = bool(sdk_ok and ours["accepted"] is False)
        else:
            case["ours"] = None
            case["verdict"] = "skipped"
        recorded = snapshot.get("cases", {}).get(case["case"])
        verdict_now = _snapshot_entry(case["sdk"])
        if snapshot and recorded != verdict_now:
            case["sdk_drift"] = {"recorded": recorded, "now": verdict_now}
        cases.append(case)

    # ---- table
    rows = [("case", "sdk", "ours", "sdk error (type: detail)")]
    for c in cases:
        sdk = c["sdk"]
        ours = c["ours"]
        if ours is None:
            our_cell = "skipped"
        elif ours.get("problem"):
            our_cell = "ERROR"
        else:
            our_cell = "accept" if ours["accepted"] else "reject"
        mark = {"violation": "  <-- VIOLATION", "tool-error": "  <-- TOOL ERROR"}.get(c["verdict"], "")
        error = ""
        if not sdk["accepted"]:
            error = f"{sdk['error_type'].rsplit('.', 1)[-1]}: {sdk['error_detail']}"
        rows.append((c["case"], "accept" if sdk["accepted"] else "REJECT", our_cell, _short(error, 110) + mark))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for i, row in enumerate(rows):
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip())
        if i == 0:
            print("-" * (sum(widths) + 6 + 40))

    # ---- details worth reading below the table
    for c in cases:
        sdk = c["sdk"]
        if sdk.get("warnings") or sdk.get("logs"):
            print(f"sdk warnings while loading {c['case']}: {sdk.get('warnings', []) + sdk.get('logs', [])}")
        dry = sdk.get("attach_dry_run") or {}
        if dry.get("logs") or dry.get("error"):
            print(f"sdk on attach (dry run) {c['case']}: {dry.get('logs') or dry.get('error')}")
        if c["verdict"] == "violation":
            print(
                f"VIOLATION {c['case']}: the SDK rejects it ({_short(sdk['error_detail'], 160)}) "
                "but amlattach accepts it"
            )
        if c["verdict"] == "tool-error":
            ours = c["ours"]
            print(f"TOOL ERROR {c['case']}: amlattach {ours['problem']}; stderr: {_short(ours.get('stderr', ''), 200)}")
        if c.get("sdk_drift"):
            d = c["sdk_drift"]
            if d["recorded"] is None:
                print(f"sdk snapshot: {c['case']} is new (not in {_rel(str(SNAPSHOT))}); this run: {d['now']}")
            else:
                print(
                    f"sdk drift {c['case']}: {_rel(str(SNAPSHOT))} (azure-ai-ml {snapshot.get('azure-ai-ml')}) "
                    f"says {d['recorded']}, this run {d['now']}"
                )

    sdk_rejected = [c["case"] for c in cases if not c["sdk"]["accepted"]]
    passed = sum(1 for c in cases if c["verdict"] == "pass")
    failed = sum(1 for c in cases if c["verdict"] in ("violation", "tool-error"))
    stricter = [c["case"] for c in cases if c.get("stricter")]

    results = {
        "sdk": {
            "package": "azure-ai-ml",
            "version": sdk_version,
            "marshmallow": metadata.version("marshmallow"),
            "pyyaml": metadata.version("PyYAML"),
            "python": platform.python_version(),
        },
        "amlattach": {"path": binary, "ran": ours_usable, "skipped_reason": skip_reason or None},
        "summary": {
            "cases": len(cases),
            "passed": passed,
            "failed": failed,
            "violations": [c["case"] for c in cases if c["verdict"] == "violation"],
            "tool_errors": [c["case"] for c in cases if c["verdict"] == "tool-error"],
            "sdk_rejected": sdk_rejected,
            "stricter_than_sdk": stricter,
            "sdk_drift": [c["case"] for c in cases if c.get("sdk_drift")],
            "seconds": round(time.monotonic() - started, 2),
        },
        "cases": cases,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    if args.write_sdk_snapshot:
        # Merge, so a run over a few files updates only their entries; entries of cases that no
        # longer exist are dropped; a new SDK version starts afresh.
        entries = dict(snapshot.get("cases", {})) if snapshot.get("azure-ai-ml") == sdk_version else {}
        entries.update({c["case"]: _snapshot_entry(c["sdk"]) for c in cases})
        entries = {k: v for k, v in entries.items() if (CASES_DIR / k).is_file()}
        SNAPSHOT.write_text(
            json.dumps(
                {
                    "azure-ai-ml": sdk_version,
                    "note": "SDK verdict per case, written by --write-sdk-snapshot; review the diff on a pin change",
                    "cases": dict(sorted(entries.items())),
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {_rel(str(SNAPSHOT))}")

    print()
    print(
        f"azure-ai-ml {sdk_version}: accepts {len(cases) - len(sdk_rejected)}, "
        f"rejects {len(sdk_rejected)} of {len(cases)} cases"
    )
    print(f"details: {_rel(str(RESULTS))}")
    if not ours_usable:
        print(f"contract: OUR HALF SKIPPED: {skip_reason}")
        if sdk_only:
            print("contract: SDK verdicts only (CONTRACT_SDK_ONLY=1); nothing was compared")
            return 0
        print("contract: nothing was compared; set CONTRACT_SDK_ONLY=1 to accept an SDK-only run")
        return 1
    if stricter:
        print(f"stricter than the SDK (allowed) on {len(stricter)} cases: {', '.join(stricter)}")
    print(f"contract: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def _snapshot_entry(sdk: dict[str, Any]) -> str:
    if sdk["accepted"]:
        return "accept"
    detail = re.sub(r"\s+", " ", sdk["error_detail"])
    return f"reject: {sdk['error_type'].rsplit('.', 1)[-1]}: {detail}"


if __name__ == "__main__":
    sys.exit(main())

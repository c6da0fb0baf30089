#!/usr/bin/env bash
# Checks the deployment files, idempotently:
#   - deploy/cloudformation.yaml passes cfn-lint (installed into $FLEET_VENV when missing),
#   - every deploy/iam/*.json is a JSON IAM policy document: Version 2012-10-17 and a
#     non-empty Statement list whose entries have a Sid, an Effect, an Action and a Resource.
# Prints what failed and exits 1 if anything did. Needs no AWS account and no network once
# cfn-lint is installed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

log() { printf '[check-deploy] %s\n' "$*"; }
failures=()

template=$FLEET_ROOT/deploy/cloudformation.yaml
policies=$FLEET_ROOT/deploy/iam

# cfn-lint, into the project's Python environment (created here if it does not exist yet;
# compose/lib/install.sh adds moto and Tansu to the same environment later).
if [ ! -x "$FLEET_VENV/bin/cfn-lint" ]; then
  if [ ! -x "$FLEET_VENV/bin/pip" ]; then
    log "creating python environment in $FLEET_VENV"
    python3 -m venv "$FLEET_VENV"
  fi
  log "installing cfn-lint into $FLEET_VENV"
  "$FLEET_VENV/bin/pip" install -q cfn-lint
fi

if [ ! -f "$template" ]; then
  failures+=("missing $template")
elif output=$("$FLEET_VENV/bin/cfn-lint" "$template" 2>&1); then
  log "cfn-lint $(cd "$FLEET_ROOT" && realpath --relative-to=. "$template"): ok ($("$FLEET_VENV/bin/cfn-lint" --version 2>&1))"
else
  printf '%s\n' "$output"
  failures+=("cfn-lint $template")
fi

shopt -s nullglob
documents=("$policies"/*.json)
if [ ${#documents[@]} -eq 0 ]; then
  failures+=("no policy documents in $policies")
fi
for document in "${documents[@]}"; do
  if problem=$(python3 - "$document" <<'PY' 2>&1
import json, sys
path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as f:
        policy = json.load(f)
except (OSError, ValueError) as e:
    sys.exit(f"not JSON: {e}")
if not isinstance(policy, dict):
    sys.exit("not a JSON object")
if policy.get("Version") != "2012-10-17":
    sys.exit(f"Version is {policy.get('Version')!r}, not '2012-10-17'")
statements = policy.get("Statement")
if not isinstance(statements, list) or not statements:
    sys.exit("Statement is not a non-empty list")
sids = set()
for i, s in enumerate(statements):
    if not isinstance(s, dict):
        sys.exit(f"Statement[{i}] is not an object")
    sid = s.get("Sid")
    if not isinstance(sid, str) or not sid.isalnum():
        sys.exit(f"Statement[{i}] has no alphanumeric Sid")
    if sid in sids:
        sys.exit(f"Sid {sid} appears twice")
    sids.add(sid)
    if s.get("Effect") not in ("Allow", "Deny"):
        sys.exit(f"{sid}: Effect is neither Allow nor Deny")
    for field in ("Action", "Resource"):
        value = s.get(field)
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
            sys.exit(f"{sid}: {field} is not a string or a non-empty list of strings")
    actions = [s["Action"]] if isinstance(s["Action"], str) else s["Action"]
    for action in actions:
        if action == "*" or action.endswith(":*"):
            sys.exit(f"{sid}: wildcard action {action} is not least privilege")
PY
  ); then
    log "policy $(basename "$document"): ok"
  else
    printf '%s: %s\n' "$document" "$problem" >&2
    failures+=("policy $document")
  fi
done

# Each role's inline policy in the template must grant what deploy/iam/<PolicyName>.json
# grants: same statements, actions and resources, once the template's ARNs of the
# bucket, queue and table are replaced by the placeholders the JSON files use.
# (setup.json has no role: the template replaces `invoice-fleet setup` on AWS.)
if [ -f "$template" ]; then
  if problem=$("$FLEET_VENV/bin/python" - "$template" "$policies" <<'PY' 2>&1
import json, os, re, sys
from cfnlint.decode import decode

template, matches = decode(sys.argv[1])
if template is None:
    sys.exit(f"cannot read the template: {matches}")
placeholders = {
    "InvoiceBucket": "arn:aws:s3:::invoices",
    "UploadsQueue": "arn:aws:sqs:*:*:invoice-uploads",
    "InvoiceTable": "arn:aws:dynamodb:*:*:table/Invoices",
}

def resource(value):
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        name, attribute = value["Fn::GetAtt"] if isinstance(value["Fn::GetAtt"], list) else value["Fn::GetAtt"].split(".", 1)
        if attribute == "Arn" and name in placeholders:
            return placeholders[name]
    if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str):
        text = re.sub(r"\$\{(\w+)\.Arn\}", lambda m: placeholders.get(m.group(1), m.group(0)), value["Fn::Sub"])
        if "${" not in text:
            return text
    raise SystemExit(f"resource {value!r} does not resolve to a placeholder ARN")

def as_list(value):
    return [value] if isinstance(value, (str, dict)) else list(value)

def canonical(statements, convert):
    return sorted(
        (s["Sid"], s["Effect"], tuple(sorted(as_list(s["Action"]))), tuple(sorted(convert(r) for r in as_list(s["Resource"]))))
        for s in statements
    )

problems, roles = [], 0
for name, body in template.get("Resources", {}).items():
    if body.get("Type") != "AWS::IAM::Role":
        continue
    for inline in body.get("Properties", {}).get("Policies", []):
        roles += 1
        path = os.path.join(sys.argv[2], f"{inline['PolicyName']}.json")
        if not os.path.exists(path):
            problems.append(f"{name}: no {path} for its policy {inline['PolicyName']}")
            continue
        try:
            with open(path, encoding="utf-8") as f:
                expected = canonical(json.load(f)["Statement"], lambda r: r)
        except (OSError, ValueError, KeyError, TypeError) as e:
            problems.append(f"{name}: cannot compare with {path}: {e!r}")
            continue
        actual = canonical(inline["PolicyDocument"]["Statement"], resource)
        if actual != expected:
            problems.append(f"{name} grants {actual}\n  but {os.path.basename(path)} grants {expected}")
if roles == 0:
    problems.append("the template has no role with an inline policy")

# Every action of every JSON document (setup.json included) must be a real IAM action,
# by cfn-lint's own list (the template's are checked by cfn-lint rule W3037).
from cfnlint.data import AdditionalSpecs
from cfnlint.helpers import load_resource
known = load_resource(AdditionalSpecs, "Policies.json")
for file in sorted(os.listdir(sys.argv[2])):
    if not file.endswith(".json"):
        continue
    try:
        with open(os.path.join(sys.argv[2], file), encoding="utf-8") as f:
            statements = json.load(f)["Statement"]
        actions = [a for s in statements for a in as_list(s["Action"])]
    except (OSError, ValueError, KeyError, TypeError):
        continue  # reported by the document check
    for action in actions:
        service, _, permission = action.partition(":")
        if permission.lower() not in known.get(service.lower(), {}).get("Actions", {}):
            problems.append(f"{file}: {action} is not an IAM action")
if problems:
    sys.exit("\n".join(problems))
print(roles)
PY
  ); then
    log "template roles grant what deploy/iam/*.json grant, all actions exist: ok ($problem roles)"
  else
    printf '%s\n' "$problem" >&2
    failures+=("template roles vs deploy/iam/*.json, or unknown IAM actions (see above)")
  fi
fi

if [ ${#failures[@]} -gt 0 ]; then
  for failure in "${failures[@]}"; do log "FAILED: $failure"; done
  exit 1
fi
log "all deployment checks passed"

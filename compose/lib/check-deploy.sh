#!/usr/bin/env bash
# Checks the deployment files, idempotently:
#   - deploy/cloudformation.yaml passes cfn-lint (installed into $FLEET_VENV when missing),
#   - every deploy/iam/*.json is a JSON IAM policy document: Version 2012-10-17 and a
#     non-empty Statement list whose entries have a Sid, an Effect, an Action and a Resource,
#   - each role of the template grants what its deploy/iam/*.json grants,
#   - each kustomization under deploy/kubernetes (base, overlays/*, setup-topics) renders;
#     the rendered resources pass kubernetes-validate --strict against Kubernetes
#     $K8S_VALIDATE_VERSIONS (1.30 and 1.37), and the KEDA ScaledObject, which has no schema
#     there, passes a structural check of its own, with the fleet's cross-checks
#     (maxReplicaCount = KAFKA_UPLOADS_PARTITIONS, probes on each component's port, …),
#   - checkov passes on the rendered manifests (framework kubernetes), on the template
#     (cloudformation) and on compose/Dockerfile (dockerfile), offline, every skip
#     justified in place (checkov.io/skip annotations, Metadata.checkov.skip, a
#     `# checkov:skip=` comment); there is no global skip list.
# Prints what failed and exits 1 if anything did. Needs no AWS account, no cluster and no
# network once the tools are installed: cfn-lint and kubernetes-validate go into
# $FLEET_VENV; checkov into a venv of its own ($FLEET_CHECKOV_VENV, default
# $FLEET_VENV-checkov), because it pins boto3, botocore and networkx to versions older
# than the ones moto runs on in $FLEET_VENV.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

log() { printf '[check-deploy] %s\n' "$*"; }
failures=()

template=$FLEET_ROOT/deploy/cloudformation.yaml
policies=$FLEET_ROOT/deploy/iam

# Installs PACKAGE into the Python environment VENV (created if missing) unless its
# executable COMMAND is there already: pip_tool VENV PACKAGE [COMMAND] [NOTE].
pip_tool() {
  local venv=$1 package=$2 command=${3:-$2} note=${4:-}
  [ -x "$venv/bin/$command" ] && return 0
  if [ ! -x "$venv/bin/pip" ]; then
    log "creating python environment in $venv"
    python3 -m venv "$venv"
  fi
  log "installing $package into $venv$note"
  "$venv/bin/pip" install -q "$package"
}

# cfn-lint, into the project's Python environment (compose/lib/install.sh adds moto and
# Tansu to the same environment later).
pip_tool "$FLEET_VENV" cfn-lint

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

# ---------------------------------------------------------------- Kubernetes manifests
kubernetes=$FLEET_ROOT/deploy/kubernetes
K8S_VALIDATE_VERSIONS=${K8S_VALIDATE_VERSIONS:-1.30.0 1.37.0}
checkov_venv=${FLEET_CHECKOV_VENV:-$FLEET_VENV-checkov}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pip_tool "$FLEET_VENV" kubernetes-validate
pip_tool "$checkov_venv" checkov checkov " (a few minutes the first time)"

# Renders a kustomization: resources (files, and directories with a kustomization.yaml),
# images (newName, newTag, digest) and patches from files (strategic merge, lists of
# named items merged by name; or JSON 6902 with a target). That is all the fleet's
# kustomizations use, and anything else stops it. Where kubectl exists, its own
# `kubectl kustomize` renders too and the two must agree, so that a machine without
# kubectl checks exactly what kubectl would apply.
renderer=$(cat <<'PY'
import copy, os, sys, yaml

def documents(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]

def split_image(image):
    name, digest = (image.split("@", 1) + [None])[:2]
    tag = None
    if ":" in name.rsplit("/", 1)[-1]:
        name, tag = name.rsplit(":", 1)
    return name, tag, digest

def containers(resource):
    spec = resource.get("spec", {})
    pod = spec.get("template", {}).get("spec") or spec.get("jobTemplate", {}).get("spec", {}).get("template", {}).get("spec") or {}
    return pod.get("initContainers", []) + pod.get("containers", [])

def merge(target, patch):
    for key, value in patch.items():
        old = target.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merge(old, value)
        elif (isinstance(old, list) and isinstance(value, list) and value
              and all(isinstance(i, dict) and "name" in i for i in old + value)):
            by_name = {i["name"]: i for i in old}
            for item in value:
                if item["name"] in by_name:
                    merge(by_name[item["name"]], item)
                else:
                    old.append(item)
        else:
            target[key] = copy.deepcopy(value)

def json6902(resource, operations):
    for op in operations:
        *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].lstrip("/").split("/")]
        node = resource
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        key = int(last) if isinstance(node, list) and last != "-" else last
        if op["op"] in ("replace", "add"):
            if isinstance(node, list) and op["op"] == "add":
                node.append(op["value"]) if key == "-" else node.insert(key, op["value"])
            else:
                if op["op"] == "replace" and (key not in node if isinstance(node, dict) else key >= len(node)):
                    raise SystemExit(f"replace of a missing {op['path']}")
                node[key] = op["value"]
        elif op["op"] == "remove":
            del node[key]
        else:
            raise SystemExit(f"JSON 6902 op {op['op']} is beyond this renderer")

def render(directory):
    path = os.path.join(directory, "kustomization.yaml")
    with open(path, encoding="utf-8") as f:
        k = yaml.safe_load(f)
    beyond = set(k) - {"apiVersion", "kind", "resources", "images", "patches"}
    if beyond:
        raise SystemExit(f"{path}: {', '.join(sorted(beyond))} is beyond this renderer: use kubectl kustomize")
    out = []
    for entry in k.get("resources", []):
        p = os.path.normpath(os.path.join(directory, entry))
        out += render(p) if os.path.isdir(p) else documents(p)
    for patch in k.get("patches", []):
        if set(patch) - {"path", "target"}:
            raise SystemExit(f"{path}: only patches with a path (and a target) are rendered here")
        for doc in documents(os.path.join(directory, patch["path"])):
            if isinstance(doc, list):
                t = patch.get("target") or {}
                hits = [r for r in out if r["kind"] == t.get("kind") and r["metadata"]["name"] == t.get("name")
                        and ("group" not in t or r["apiVersion"].split("/")[0] == t["group"])]
                if len(hits) != 1:
                    raise SystemExit(f"{path}: the target of {patch['path']} matches {len(hits)} resources")
                json6902(hits[0], doc)
            else:
                hits = [r for r in out if r["kind"] == doc["kind"] and r["metadata"]["name"] == doc["metadata"]["name"]]
                if len(hits) != 1:
                    raise SystemExit(f"{path}: {patch['path']} ({doc['kind']}/{doc['metadata']['name']}) matches {len(hits)} resources")
                merge(hits[0], doc)
    for image in k.get("images", []):
        for resource in out:
            for c in containers(resource):
                name, tag, digest = split_image(c["image"])
                if name != image["name"]:
                    continue
                name = image.get("newName", name)
                tag = image.get("newTag", tag)
                digest = image.get("digest", digest)
                c["image"] = name + (f"@{digest}" if digest else f":{tag}" if tag else "")
    return out

def key(r):
    return (r["apiVersion"], r["kind"], r["metadata"].get("namespace", ""), r["metadata"]["name"])

if sys.argv[1] == "render":
    yaml.safe_dump_all(render(sys.argv[2]), sys.stdout, sort_keys=True)
else:  # compare ours theirs
    ours, theirs = ({key(r): r for r in documents(p)} for p in sys.argv[2:4])
    problems = [f"only in kubectl's: {k}" for k in theirs.keys() - ours.keys()]
    problems += [f"only in ours: {k}" for k in ours.keys() - theirs.keys()]
    problems += [f"differs: {k}" for k in ours.keys() & theirs.keys() if ours[k] != theirs[k]]
    if problems:
        sys.exit("\n".join(sorted(problems)))
PY
)

# KUBECTL=none renders without kubectl even where it exists (as a machine without it would).
kubectl=${KUBECTL:-kubectl}
kubectl_version=""
if command -v "$kubectl" > /dev/null 2>&1 && "$kubectl" kustomize --help > /dev/null 2>&1; then
  kubectl_version=$("$kubectl" version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')
  kubectl_version=${kubectl_version:-unknown}
fi
renders=()
for kustomization in "$kubernetes"/base "$kubernetes"/overlays/* "$kubernetes"/setup-topics; do
  [ -f "$kustomization/kustomization.yaml" ] || continue
  name=$(realpath --relative-to="$kubernetes" "$kustomization" | tr / -)
  out=$work/$name.yaml
  if ! problem=$("$FLEET_VENV/bin/python" -c "$renderer" render "$kustomization" 2>&1 > "$out"); then
    printf '%s\n' "$problem" >&2
    failures+=("render $kustomization")
    continue
  fi
  how="rendered"
  if [ -n "$kubectl_version" ]; then
    if ! "$kubectl" kustomize "$kustomization" > "$work/$name.kubectl.yaml" 2> "$work/$name.kubectl.err"; then
      cat "$work/$name.kubectl.err" >&2
      failures+=("kubectl kustomize $kustomization")
      continue
    elif ! problem=$("$FLEET_VENV/bin/python" -c "$renderer" compare "$out" "$work/$name.kubectl.yaml" 2>&1); then
      printf '%s\n' "$problem" >&2
      failures+=("$kustomization: this script's rendering differs from kubectl kustomize's")
      continue
    fi
    how="rendered, same as kubectl kustomize (kustomize $kubectl_version)"
  else
    how="rendered without kubectl (none found)"
  fi
  renders+=("$out")
  log "kustomization ${kustomization#"$FLEET_ROOT"/}: $how, $(grep -c '^kind:' "$out") resource(s)"
done

# kubernetes-validate knows the built-in kinds only: KEDA's resources (keda.sh) are set
# aside for the structural check below, and a schema it cannot find for anything else (a
# misspelt kind or apiVersion, another CRD) is a failure, not the warning it prints by
# default.
if [ ${#renders[@]} -gt 0 ]; then
  k8s_args=()
  for version in $K8S_VALIDATE_VERSIONS; do k8s_args+=(-k "$version"); done
  for render in "${renders[@]}"; do
    core=${render%.yaml}.core
    "$FLEET_VENV/bin/python" - "$render" "$core" <<'PY'
import sys, yaml
with open(sys.argv[1], encoding="utf-8") as f:
    docs = [d for d in yaml.safe_load_all(f) if d]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    yaml.safe_dump_all([d for d in docs if not str(d.get("apiVersion", "")).startswith("keda.sh/")], f)
PY
    count=$(grep -c '^kind:' "$core" || true)
    if output=$("$FLEET_VENV/bin/kubernetes-validate" --strict --quiet "${k8s_args[@]}" "$core" 2>&1) \
      && ! grep -q '^WARN\|^ERROR\|^FATAL' <<<"$output"; then
      log "kubernetes-validate --strict $(basename "$render" .yaml): ok ($count resource(s) x Kubernetes ${K8S_VALIDATE_VERSIONS// /, }; kubernetes-validate $("$FLEET_VENV/bin/kubernetes-validate" --version))"
    else
      printf '%s\n' "$output" >&2
      failures+=("kubernetes-validate $(basename "$render") (see above)")
    fi
  done

  # The ScaledObject's structure (KEDA v2 fields, by keda.sh/v1alpha1's CRD; its HPA
  # behaviour is validated as an autoscaling/v2 HPA's by kubernetes-validate's schema),
  # and the fleet's own rules across the rendered resources.
  for render in "${renders[@]}"; do
    if problem=$("$FLEET_VENV/bin/python" - "$render" "${renders[0]}" "$K8S_VALIDATE_VERSIONS" <<'PY' 2>&1
import sys, yaml
import kubernetes_validate

def load(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]

render, base, versions = sys.argv[1], sys.argv[2], sys.argv[3].split()
docs = load(render)
# A kustomization that refers to the base's objects (setup-topics) finds them there.
known = {(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]): d for d in load(base) + docs}
problems, checked = [], []

def fields(where, value, allowed):
    if not isinstance(value, dict):
        problems.append(f"{where} is not a mapping")
        return {}
    extra = set(value) - set(allowed)
    if extra:
        problems.append(f"{where}: unknown field(s) {', '.join(sorted(extra))}")
    return value

def pod_spec(d):
    return d.get("spec", {}).get("template", {}).get("spec", {})

def env_of(c):
    return {e["name"]: e for e in c.get("env", [])}

for d in docs:
    ns, name = d["metadata"].get("namespace"), d["metadata"]["name"]
    if d["kind"] == "ScaledObject":
        where = f"ScaledObject {name}"
        spec = fields(where + ".spec", d.get("spec"), [
            "scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount",
            "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers"])
        ref = fields(where + ".spec.scaleTargetRef", spec.get("scaleTargetRef"), ["apiVersion", "kind", "name", "envSourceContainerName"])
        target = known.get((ref.get("kind"), ns, ref.get("name")))
        if target is None or target.get("apiVersion") != ref.get("apiVersion"):
            problems.append(f"{where}: scaleTargetRef {ref} names no resource of this rendering")
            continue
        for field in ("pollingInterval", "cooldownPeriod", "minReplicaCount", "maxReplicaCount"):
            if field in spec and (not isinstance(spec[field], int) or spec[field] < 0):
                problems.append(f"{where}: {field} is not a whole number")
        low, high = spec.get("minReplicaCount", 0), spec.get("maxReplicaCount", 100)
        if not 1 <= low <= high:
            problems.append(f"{where}: needs 1 <= minReplicaCount <= maxReplicaCount, has {low} and {high}")
        # Never more workers than partitions: the extra members would get none.
        partitions = set()
        for c in pod_spec(target).get("containers", []):
            for source in c.get("envFrom", []):
                cm = known.get(("ConfigMap", ns, source.get("configMapRef", {}).get("name")))
                if cm and "KAFKA_UPLOADS_PARTITIONS" in cm.get("data", {}):
                    partitions.add(int(cm["data"]["KAFKA_UPLOADS_PARTITIONS"]))
            if "KAFKA_UPLOADS_PARTITIONS" in env_of(c):
                partitions.add(int(env_of(c)["KAFKA_UPLOADS_PARTITIONS"]["value"]))
        if partitions != {high}:
            problems.append(f"{where}: maxReplicaCount {high} is not the uploads topic's partition count (KAFKA_UPLOADS_PARTITIONS {sorted(partitions)})")
        triggers = spec.get("triggers")
        if not isinstance(triggers, list) or not triggers:
            problems.append(f"{where}: no triggers")
            triggers = []
        names = [t.get("name") for t in triggers]
        if len(set(names)) != len(names) or None in names:
            problems.append(f"{where}: every trigger needs a name of its own")
        for t in triggers:
            tw = f"{where} trigger {t.get('name')}"
            fields(tw, t, ["type", "name", "metadata", "authenticationRef", "metricType", "useCachedMetrics"])
            if t.get("type") != "prometheus":
                problems.append(f"{tw}: type {t.get('type')!r}, not prometheus")
            if t.get("metricType", "AverageValue") not in ("AverageValue", "Value", "Utilization"):
                problems.append(f"{tw}: metricType {t.get('metricType')!r}")
            m = fields(tw + ".metadata", t.get("metadata"), [
                "serverAddress", "query", "threshold", "activationThreshold", "namespace", "customHeaders",
                "ignoreNullValues", "unsafeSsl", "queryParameters", "authModes"])
            if not all(isinstance(v, str) for v in m.values()):
                problems.append(f"{tw}: metadata values must be strings")
            if not str(m.get("serverAddress", "")).startswith(("http://", "https://")):
                problems.append(f"{tw}: serverAddress is not an http(s) URL")
            if "worker_partition_lag_" not in str(m.get("query", "")):
                problems.append(f"{tw}: the query does not read the workers' lag gauges")
            try:
                assert float(m.get("threshold")) > 0
            except (TypeError, ValueError, AssertionError):
                problems.append(f"{tw}: threshold is not a positive number")
        if "fallback" in spec:
            fb = fields(where + ".spec.fallback", spec["fallback"], ["failureThreshold", "replicas", "behavior"])
            if any(t.get("metricType", "AverageValue") != "AverageValue" for t in triggers):
                problems.append(f"{where}: KEDA's fallback works only with AverageValue triggers")
            if not low <= fb.get("replicas", -1) <= high:
                problems.append(f"{where}: fallback replicas outside minReplicaCount..maxReplicaCount")
        advanced = fields(where + ".spec.advanced", spec.get("advanced", {}), ["restoreToOriginalReplicaCount", "horizontalPodAutoscalerConfig", "scalingModifiers"])
        hpa = fields(where + ".spec.advanced.horizontalPodAutoscalerConfig", advanced.get("horizontalPodAutoscalerConfig", {}), ["name", "behavior"])
        if "behavior" in hpa:
            probe = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": name},
                     "spec": {"scaleTargetRef": {"kind": ref["kind"], "name": ref["name"], "apiVersion": ref["apiVersion"]},
                              "maxReplicas": high, "behavior": hpa["behavior"]}}
            for version in versions:
                try:
                    kubernetes_validate.validate(probe, version, strict=True)
                except kubernetes_validate.ValidationError as e:
                    problems.append(f"{where}: HPA behavior: {'.'.join(map(str, e.path))}: {e.message}")
        checked.append(f"ScaledObject {name} (max {high} = partitions)")

    # Every workload: its ServiceAccount and ConfigMaps exist; each component listens where
    # its probes, its containerPort and its prometheus.io/port say.
    if d["kind"] in ("Deployment", "StatefulSet", "Job"):
        spec, template = pod_spec(d), d["spec"]["template"]
        sa = spec.get("serviceAccountName")
        if ("ServiceAccount", ns, sa) not in known:
            problems.append(f"{d['kind']} {name}: ServiceAccount {sa} is not in the rendering")
        component = d["metadata"]["labels"].get("app.kubernetes.io/component")
        port_setting = {"worker": "WORKER_METRICS_PORT", "relay": "RELAY_METRICS_PORT", "api": "API_PORT"}.get(component)
        for c in spec.get("containers", []):
            for source in c.get("envFrom", []):
                if ("ConfigMap", ns, source.get("configMapRef", {}).get("name")) not in known:
                    problems.append(f"{name}: ConfigMap {source} is not in the rendering")
            if not port_setting:
                continue
            env = env_of(c)
            port = int(env.get(port_setting, {}).get("value", "0"))
            ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                get = c.get(probe, {}).get("httpGet", {})
                if get.get("path") != "/health" or ports.get(get.get("port"), get.get("port")) != port:
                    problems.append(f"{name}: {probe} is not /health on {port_setting} ({port})")
            if template["metadata"].get("annotations", {}).get("prometheus.io/port") != str(port):
                problems.append(f"{name}: prometheus.io/port is not {port_setting} ({port})")
            if component == "worker":
                if env.get("WORKER_ID", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") != "metadata.name":
                    problems.append(f"{name}: WORKER_ID is not the pod's name")
                if env.get("WORKER_STATIC_MEMBERSHIP", {}).get("value") != "true" or d["kind"] != "StatefulSet":
                    problems.append(f"{name}: workers are a StatefulSet of static members")
        checked.append(f"{d['kind']} {name}")
if problems:
    sys.exit("\n".join(problems))
print("; ".join(checked))
PY
    ); then
      log "structure and cross-checks $(basename "$render" .yaml): ok ($problem)"
    else
      printf '%s\n' "$problem" >&2
      failures+=("structure and cross-checks of $(basename "$render")")
    fi
  done
fi

# checkov, offline (--skip-download: no policy or guideline download; no API key, so no
# upload): the rendered manifests, the template, the Dockerfile. The rendered files, not
# deploy/kubernetes itself, because an overlay's patches are partial resources that a
# directory scan would judge as if they were whole. Each skip and its reason are printed.
checkov_summary=$(cat <<'PY'
import json, sys
reports = json.load(sys.stdin)
reports = reports if isinstance(reports, list) else [reports]
failed = 0
for r in reports:
    s = r.get("summary", {})
    print(f"{r.get('check_type')}: {s.get('passed', 0)} passed, {s.get('failed', 0)} failed, {s.get('skipped', 0)} skipped, {s.get('parsing_errors', 0)} parsing errors")
    failed += s.get("failed", 0) + s.get("parsing_errors", 0)
    for c in r.get("results", {}).get("failed_checks", []):
        print(f"  FAILED {c['check_id']} {c['resource']}: {c['check_name']} ({c['file_path']}:{c['file_line_range'][0]})")
    for c in r.get("results", {}).get("skipped_checks", []):
        print(f"  skipped {c['check_id']} {c['resource']}: {c['check_result'].get('suppress_comment')}")
sys.exit(1 if failed or not reports else 0)
PY
)
run_checkov() {  # run_checkov FRAMEWORK LABEL FILE…
  local framework=$1 label=$2 rc=0 report summary
  shift 2
  local args=()
  for file in "$@"; do args+=(-f "$file"); done
  report=$(cd "$work" && "$checkov_venv/bin/checkov" "${args[@]}" --framework "$framework" \
    --skip-download --compact -o json 2> "$work/checkov.err") || rc=$?
  if summary=$("$FLEET_VENV/bin/python" -c "$checkov_summary" <<<"$report" 2>&1) && [ "$rc" -eq 0 ]; then
    log "checkov $label: ok ($(head -n1 <<<"$summary"))"
    tail -n +2 <<<"$summary" | while IFS= read -r line; do log "  $line"; done
  else
    printf '%s\n' "$summary" >&2
    tail -n 20 "$work/checkov.err" >&2
    failures+=("checkov $label (exit $rc)")
  fi
}
if [ -x "$checkov_venv/bin/checkov" ]; then
  log "checkov $("$checkov_venv/bin/checkov" --version 2>/dev/null)"
  if [ ${#renders[@]} -gt 0 ]; then
    run_checkov kubernetes "deploy/kubernetes (rendered: $(for r in "${renders[@]}"; do basename "$r" .yaml; done | paste -sd, -))" "${renders[@]}"
  fi
  run_checkov cloudformation deploy/cloudformation.yaml "$template"
  run_checkov dockerfile compose/Dockerfile "$FLEET_ROOT/compose/Dockerfile"
else
  failures+=("checkov is not installed in $checkov_venv")
fi

if [ ${#failures[@]} -gt 0 ]; then
  for failure in "${failures[@]}"; do log "FAILED: $failure"; done
  exit 1
fi
log "all deployment checks passed"

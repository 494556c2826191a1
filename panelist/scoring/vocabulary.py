"""Words the scorer treats as concrete: named tools, protocols and reliability terms."""

from __future__ import annotations

_TOOL_TEXT = """
prometheus alertmanager grafana datadog pagerduty opsgenie kubernetes k8s kubectl helm
terraform ansible puppet chef docker jenkins gitlab github argo argocd spinnaker flux
elasticsearch kibana loki splunk jaeger opentelemetry zipkin nginx envoy istio linkerd
consul vault etcd redis kafka rabbitmq postgres postgresql mysql aws gcp azure ec2 s3
lambda cloudwatch bash python go java strace tcpdump perf iostat vmstat top htop netstat
dig curl git slo sli sla mttr mttd p99 p95 p50 tcp udp dns http https tls ssl ip bgp
"""
TOOL_WORDS = frozenset(_TOOL_TEXT.split())  # named tools and terms: concrete, not fluff

{{/*
Checks the schema cannot express (they compare values with each other). Included once, from configmap.yaml.
*/}}
{{- define "pedigree.validate" -}}
{{- if and .Values.temporal.tls.enabled (not .Values.temporal.tls.existingSecret) }}
{{- fail "temporal.tls.enabled needs temporal.tls.existingSecret: a Secret with the client certificate and key" }}
{{- end }}
{{- if .Values.artifacts.volume.enabled }}
{{- if not .Values.artifacts.volume.existingClaim }}
{{- fail "artifacts.volume.enabled needs artifacts.volume.existingClaim: a ReadWriteMany claim shared by the API and the workers" }}
{{- end }}
{{- if not (hasPrefix "/" .Values.artifacts.location) }}
{{- fail "artifacts.volume.enabled needs artifacts.location to be an absolute directory path (the mount point)" }}
{{- end }}
{{- end }}
{{- $seen := dict }}
{{- range .Values.workers.classes }}
{{- if hasKey $seen .name }}
{{- fail (printf "workers.classes: the class name %q is used twice" .name) }}
{{- end }}
{{- $_ := set $seen .name true }}
{{- $s := include "pedigree.worker.settings" (dict "root" $ "class" .) | fromYaml }}
{{- if ge (int $s.shutdownGraceSeconds) (int $s.terminationGracePeriodSeconds) }}
{{- fail (printf "workers.classes[%s]: shutdownGraceSeconds (%v) must be below terminationGracePeriodSeconds (%v) so the checkpoint finishes before SIGKILL" .name $s.shutdownGraceSeconds $s.terminationGracePeriodSeconds) }}
{{- end }}
{{- end }}
{{- end }}

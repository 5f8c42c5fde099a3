{{/*
Shared environment blocks. Plain settings come from the ConfigMap, credentials from Secrets
(the release Secret or the user's existingSecret); no credential is ever written into a ConfigMap.
*/}}

{{- define "pedigree.env.fromConfig" -}}
- name: {{ .name }}
  valueFrom:
    configMapKeyRef:
      name: {{ include "pedigree.configMapName" .root }}
      key: {{ .name }}
{{- end }}

{{/* JVM and filesystem: the root filesystem is read-only, so home, tmp and native caches live on emptyDirs. */}}
{{- define "pedigree.env.runtime" -}}
- name: PEDIGREE_HOME
  value: {{ .root.Values.home | quote }}
- name: HOME
  value: {{ .root.Values.home | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "-Duser.home=%s -Djava.io.tmpdir=/tmp %s" .root.Values.home .javaOpts | trim | quote }}
{{- end }}

{{/* Database for the API: URL and user from the ConfigMap, password from a Secret. */}}
{{- define "pedigree.env.database" -}}
{{ include "pedigree.env.fromConfig" (dict "root" . "name" "PEDIGREE_DB_URL") }}
{{ include "pedigree.env.fromConfig" (dict "root" . "name" "PEDIGREE_DB_USER") }}
- name: PEDIGREE_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- include "pedigree.postgresql.passwordRef" . | trim | nindent 6 }}
{{- end }}

{{/* Temporal connection; TLS is on when the client certificate and key paths are set. */}}
{{- define "pedigree.env.temporal" -}}
{{ include "pedigree.env.fromConfig" (dict "root" . "name" "PEDIGREE_TEMPORAL_TARGET") }}
{{ include "pedigree.env.fromConfig" (dict "root" . "name" "PEDIGREE_TEMPORAL_NAMESPACE") }}
{{- if .Values.temporal.tls.enabled }}
{{- $dir := include "pedigree.temporal.tlsDir" . }}
- name: PEDIGREE_TEMPORAL_TLS_CERT
  value: {{ printf "%s/%s" $dir .Values.temporal.tls.certKey | quote }}
- name: PEDIGREE_TEMPORAL_TLS_KEY
  value: {{ printf "%s/%s" $dir .Values.temporal.tls.keyKey | quote }}
{{- if .Values.temporal.tls.caKey }}
- name: PEDIGREE_TEMPORAL_TLS_CA
  value: {{ printf "%s/%s" $dir .Values.temporal.tls.caKey | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Artifact store: location, S3 endpoint and region from the ConfigMap, keys from a Secret when given. */}}
{{- define "pedigree.env.artifacts" -}}
{{ include "pedigree.env.fromConfig" (dict "root" . "name" "PEDIGREE_ARTIFACTS") }}
{{ include "pedigree.env.fromConfig" (dict "root" . "name" "AWS_REGION") }}
{{- if .Values.s3.endpoint }}
{{ include "pedigree.env.fromConfig" (dict "root" . "name" "PEDIGREE_S3_ENDPOINT") }}
{{- end }}
{{- if include "pedigree.s3.hasKeys" . }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ include "pedigree.s3.secretName" . }}
      key: {{ ternary .Values.s3.existingSecretAccessKeyIdKey "s3-access-key-id" (not (empty .Values.s3.existingSecret)) }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "pedigree.s3.secretName" . }}
      key: {{ ternary .Values.s3.existingSecretSecretAccessKeyKey "s3-secret-access-key" (not (empty .Values.s3.existingSecret)) }}
{{- end }}
{{- end }}

{{- define "pedigree.env.adminToken" -}}
- name: PEDIGREE_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      {{- include "pedigree.auth.adminTokenRef" . | trim | nindent 6 }}
{{- end }}

{{- define "pedigree.env.workerToken" -}}
- name: PEDIGREE_WORKER_TOKEN
  valueFrom:
    secretKeyRef:
      {{- include "pedigree.auth.workerTokenRef" . | trim | nindent 6 }}
{{- end }}

{{/* The API container: database, Temporal, artifacts, both tokens (it accepts the workers' token). */}}
{{- define "pedigree.env.api" -}}
{{ include "pedigree.env.runtime" (dict "root" . "javaOpts" .Values.api.javaOpts) }}
- name: SERVER_PORT
  value: "8080"
- name: PEDIGREE_WORKER_EMBEDDED
  value: {{ .Values.api.embeddedWorker | quote }}
{{ include "pedigree.env.database" . }}
{{ include "pedigree.env.temporal" . }}
{{ include "pedigree.env.artifacts" . }}
{{ include "pedigree.env.adminToken" . }}
{{ include "pedigree.env.workerToken" . }}
- name: PEDIGREE_USAGE_CURRENCY
  value: {{ .Values.usage.currency | quote }}
{{- range $device, $price := .Values.usage.prices }}
- name: {{ printf "PEDIGREE_USAGE_PRICES_%s" (upper $device) }}
  value: {{ $price | toString | quote }}
{{- end }}
{{- with .Values.api.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* A compute worker container: no database credentials, by design. Call with (dict "root" $ "class" $class "settings" $settings). */}}
{{- define "pedigree.env.worker" -}}
{{- $root := .root }}
{{- include "pedigree.env.runtime" (dict "root" $root "javaOpts" $root.Values.workers.javaOpts) }}
{{ include "pedigree.env.temporal" $root }}
{{ include "pedigree.env.artifacts" $root }}
{{ include "pedigree.env.fromConfig" (dict "root" $root "name" "PEDIGREE_API_URL") }}
{{ include "pedigree.env.workerToken" $root }}
- name: PEDIGREE_WORKER_QUEUE
  value: {{ .settings.queue | quote }}
- name: PEDIGREE_WORKER_DEVICE
  value: {{ .settings.device | quote }}
- name: PEDIGREE_WORKER_SHUTDOWN_GRACE
  value: {{ .settings.shutdownGraceSeconds | quote }}
- name: PEDIGREE_WORKER_HEALTH_PORT
  value: {{ $root.Values.workers.healthPort | quote }}
{{- with $root.Values.workers.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with .class.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The migration hook: it may run before the ConfigMap exists (pre-install), so its settings are inline.
*/}}
{{- define "pedigree.env.migrations" -}}
{{ include "pedigree.env.runtime" (dict "root" . "javaOpts" "-XX:MaxRAMPercentage=75") }}
- name: PEDIGREE_DB_URL
  value: {{ include "pedigree.postgresql.jdbcUrl" . | quote }}
- name: PEDIGREE_DB_USER
  value: {{ .Values.postgresql.user | quote }}
- name: PEDIGREE_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- include "pedigree.migrations.passwordRef" . | trim | nindent 6 }}
{{- end }}

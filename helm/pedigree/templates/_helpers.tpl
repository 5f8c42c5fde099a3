{{/*
Names, labels, images and the settings several templates share.
*/}}

{{- define "pedigree.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-prefixed name; component names append "-api", "-worker-<class>", … so keep room for them. */}}
{{- define "pedigree.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "pedigree.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pedigree.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pedigree.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pedigree.labels" -}}
helm.sh/chart: {{ include "pedigree.chart" . }}
{{ include "pedigree.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: pedigree
{{- end }}

{{/* Selector labels of one component. Call with (dict "root" $ "component" "api"). */}}
{{- define "pedigree.componentSelectorLabels" -}}
{{ include "pedigree.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* All labels of one component. Call with (dict "root" $ "component" "api"). */}}
{{- define "pedigree.componentLabels" -}}
{{ include "pedigree.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "pedigree.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pedigree.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* "repository:tag", the tag defaulting to appVersion. Call with (dict "root" $ "image" .Values.api.image). */}}
{{- define "pedigree.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag | toString) }}
{{- end }}

{{/* The chart-managed Secret (tokens, and passwords given inline). */}}
{{- define "pedigree.secretName" -}}
{{- include "pedigree.fullname" . }}
{{- end }}

{{- define "pedigree.configMapName" -}}
{{- include "pedigree.fullname" . }}
{{- end }}

{{- define "pedigree.apiName" -}}
{{- printf "%s-api" (include "pedigree.fullname" .) }}
{{- end }}

{{/* In-cluster URL of the API, as the compute workers reach it. */}}
{{- define "pedigree.apiUrl" -}}
{{- printf "http://%s:%v" (include "pedigree.apiName" .) .Values.api.service.port }}
{{- end }}

{{/* ---- Postgres ---- */}}

{{- define "pedigree.postgresql.devName" -}}
{{- printf "%s-postgresql" (include "pedigree.fullname" .) }}
{{- end }}

{{- define "pedigree.postgresql.jdbcUrl" -}}
{{- $pg := .Values.postgresql }}
{{- if and $pg.url (not $pg.dev.enabled) }}
{{- $pg.url }}
{{- else }}
{{- $host := ternary (include "pedigree.postgresql.devName" .) $pg.host $pg.dev.enabled }}
{{- $url := printf "jdbc:postgresql://%s:%v/%s" $host $pg.port $pg.database }}
{{- if $pg.jdbcParams }}
{{- $url = printf "%s?%s" $url $pg.jdbcParams }}
{{- end }}
{{- $url }}
{{- end }}
{{- end }}

{{/*
Where each credential lives, as the body of a secretKeyRef ("name: …" and "key: …"): the user's
existingSecret, else the release Secret when the value is given inline, else the generated Secret.
*/}}
{{- define "pedigree.postgresql.passwordRef" -}}
{{- $pg := .Values.postgresql }}
{{- if $pg.existingSecret }}
name: {{ $pg.existingSecret }}
key: {{ $pg.existingSecretPasswordKey }}
{{- else if and $pg.dev.enabled (not $pg.password) }}
name: {{ include "pedigree.generatedSecretName" . }}
key: db-password
{{- else }}
name: {{ include "pedigree.secretName" . }}
key: db-password
{{- end }}
{{- end }}

{{/*
The migration hook's password. A pre-install hook runs before the release Secret exists, so with an external
database and an inline password it reads a hook Secret of its own. The dev Postgres is part of the release,
so there the hook runs post-install and reads the same Secret as the database.
*/}}
{{- define "pedigree.migrations.passwordRef" -}}
{{- if or .Values.postgresql.existingSecret .Values.postgresql.dev.enabled }}
{{- include "pedigree.postgresql.passwordRef" . }}
{{- else }}
name: {{ include "pedigree.fullname" . }}-migrations
key: db-password
{{- end }}
{{- end }}

{{/* ---- Temporal ---- */}}

{{- define "pedigree.temporal.devName" -}}
{{- printf "%s-temporal" (include "pedigree.fullname" .) }}
{{- end }}

{{- define "pedigree.temporal.address" -}}
{{- if .Values.temporal.dev.enabled }}
{{- printf "%s:7233" (include "pedigree.temporal.devName" .) }}
{{- else }}
{{- .Values.temporal.address }}
{{- end }}
{{- end }}

{{- define "pedigree.temporal.tlsDir" -}}
/etc/pedigree/temporal-tls
{{- end }}

{{/* ---- S3 and tokens ---- */}}

{{/* Whether the pods get AWS keys at all (otherwise the SDK falls back to the pod identity). */}}
{{- define "pedigree.s3.hasKeys" -}}
{{- if or .Values.s3.existingSecret .Values.s3.accessKeyId }}true{{- end }}
{{- end }}

{{- define "pedigree.s3.secretName" -}}
{{- default (include "pedigree.secretName" .) .Values.s3.existingSecret }}
{{- end }}

{{/*
Secrets generated once, at install: a pre-install hook Secret, so upgrades never regenerate (and never
rotate) them. Holds the tokens and the dev database password that were left empty.
*/}}
{{- define "pedigree.generatedSecretName" -}}
{{- printf "%s-generated" (include "pedigree.fullname" .) }}
{{- end }}

{{/* The generated keys, space-separated (empty when everything is given or comes from an existingSecret). */}}
{{- define "pedigree.generatedKeys" -}}
{{- $keys := list }}
{{- if not .Values.auth.existingSecret }}
{{- if not .Values.auth.adminToken }}{{ $keys = append $keys "admin-token" }}{{ end }}
{{- if not .Values.auth.workerToken }}{{ $keys = append $keys "worker-token" }}{{ end }}
{{- end }}
{{- if and .Values.postgresql.dev.enabled (not .Values.postgresql.existingSecret) (not .Values.postgresql.password) }}
{{- $keys = append $keys "db-password" }}
{{- end }}
{{- join " " $keys }}
{{- end }}

{{/* A token's secretKeyRef body. Call with (dict "root" $ "key" "admin-token" "value" .Values.auth.adminToken "existingKey" …). */}}
{{- define "pedigree.auth.tokenRef" -}}
{{- if .root.Values.auth.existingSecret }}
name: {{ .root.Values.auth.existingSecret }}
key: {{ .existingKey }}
{{- else if .value }}
name: {{ include "pedigree.secretName" .root }}
key: {{ .key }}
{{- else }}
name: {{ include "pedigree.generatedSecretName" .root }}
key: {{ .key }}
{{- end }}
{{- end }}

{{- define "pedigree.auth.adminTokenRef" -}}
{{- include "pedigree.auth.tokenRef" (dict "root" . "key" "admin-token" "value" .Values.auth.adminToken "existingKey" .Values.auth.existingSecretAdminTokenKey) }}
{{- end }}

{{- define "pedigree.auth.workerTokenRef" -}}
{{- include "pedigree.auth.tokenRef" (dict "root" . "key" "worker-token" "value" .Values.auth.workerToken "existingKey" .Values.auth.existingSecretWorkerTokenKey) }}
{{- end }}

{{/* ---- Workers ---- */}}

{{/* The effective settings of one worker class. Call with (dict "root" $ "class" $class); returns YAML. */}}
{{- define "pedigree.worker.settings" -}}
{{- $w := .root.Values.workers }}
{{- $c := .class }}
{{- $gpus := int (default 0 $c.gpus) }}
gpus: {{ $gpus }}
device: {{ ternary "cuda" "cpu" (gt $gpus 0) }}
queue: {{ default (ternary "pedigree-gpu" "pedigree-cpu" (gt $gpus 0)) $c.queue }}
terminationGracePeriodSeconds: {{ default $w.terminationGracePeriodSeconds $c.terminationGracePeriodSeconds }}
shutdownGraceSeconds: {{ default $w.shutdownGraceSeconds $c.shutdownGraceSeconds }}
{{- end }}

{{- define "pedigree.worker.name" -}}
{{- printf "%s-worker-%s" (include "pedigree.fullname" .root) .class.name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* ---- Pods ---- */}}

{{/* Volumes every Pedigree JVM pod needs: a writable home and /tmp, Temporal TLS, the shared artifact claim. */}}
{{- define "pedigree.runtimeVolumes" -}}
- name: home
  emptyDir: {}
- name: tmp
  emptyDir: {}
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  secret:
    secretName: {{ .Values.temporal.tls.existingSecret }}
    defaultMode: 0440
{{- end }}
{{- if .Values.artifacts.volume.enabled }}
- name: artifacts
  persistentVolumeClaim:
    claimName: {{ .Values.artifacts.volume.existingClaim }}
{{- end }}
{{- end }}

{{- define "pedigree.runtimeVolumeMounts" -}}
- name: home
  mountPath: {{ .Values.home }}
- name: tmp
  mountPath: /tmp
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  mountPath: {{ include "pedigree.temporal.tlsDir" . }}
  readOnly: true
{{- end }}
{{- if .Values.artifacts.volume.enabled }}
- name: artifacts
  mountPath: {{ .Values.artifacts.location }}
{{- end }}
{{- end }}

{{/* Checksums that roll the pods when their configuration changes. */}}
{{- define "pedigree.configChecksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}

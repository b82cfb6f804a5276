{{/*
Chart name, truncated to 63 characters (a DNS label).
*/}}
{{- define "seqbind.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name prefix of every resource: <release>-<chart> unless the release name already holds the chart name.
*/}}
{{- define "seqbind.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "seqbind.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of a component's resources: <fullname>-<component>. Argument: (dict "ctx" $ "component" "scorer").
*/}}
{{- define "seqbind.componentName" -}}
{{- $base := include "seqbind.fullname" .ctx | trunc (int (sub 62 (len .component))) | trimSuffix "-" }}
{{- printf "%s-%s" $base .component }}
{{- end }}

{{/*
Labels of every resource of the release.
*/}}
{{- define "seqbind.labels" -}}
helm.sh/chart: {{ include "seqbind.chart" . }}
app.kubernetes.io/name: {{ include "seqbind.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: seqbind
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels of a component. Argument: (dict "ctx" $ "component" "scorer").
*/}}
{{- define "seqbind.selectorLabels" -}}
app.kubernetes.io/name: {{ include "seqbind.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
All labels of a component's resources. Argument: (dict "ctx" $ "component" "scorer").
*/}}
{{- define "seqbind.componentLabels" -}}
{{ include "seqbind.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
ServiceAccount name.
*/}}
{{- define "seqbind.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "seqbind.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference. Argument: (dict "ctx" $ "image" .Values.scorer.image); the tag defaults to appVersion.
*/}}
{{- define "seqbind.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag | toString) }}
{{- end }}

{{/*
PVC names.
*/}}
{{- define "seqbind.storeClaimName" -}}
{{- default (printf "%s-store" (include "seqbind.fullname" .)) .Values.persistence.store.existingClaim }}
{{- end }}

{{- define "seqbind.trainerDataClaimName" -}}
{{- default (printf "%s-trainer-data" (include "seqbind.fullname" .)) .Values.persistence.trainerData.existingClaim }}
{{- end }}

{{/*
Comma-separated data roots (seqbind.*.data-roots); empty means unrestricted.
*/}}
{{- define "seqbind.dataRoots" -}}
{{- if .Values.data.dataRoots }}
{{- join "," .Values.data.dataRoots }}
{{- else if .Values.data.enabled }}
{{- .Values.data.mountPath }}
{{- end }}
{{- end }}

{{/*
Where the variant service finds the scorer: this release's headless scorer Service (every scorer pod's
address, so that the client's round_robin policy spreads calls over all replicas; a ClusterIP Service would
pin each long-lived HTTP/2 connection to one pod) unless variant.scorer.host is set.
*/}}
{{- define "seqbind.scorerHost" -}}
{{- default (printf "%s-pods" (include "seqbind.componentName" (dict "ctx" . "component" "scorer"))) .Values.variant.scorer.host }}
{{- end }}

{{- define "seqbind.scorerPort" -}}
{{- /* Compare as a number: helm may hand numbers to templates as json.Number, where "0" is truthy. */}}
{{- if gt (.Values.variant.scorer.port | int) 0 }}
{{- .Values.variant.scorer.port | int }}
{{- else }}
{{- .Values.scorer.service.port | int }}
{{- end }}
{{- end }}

{{/*
Quarkus environment variable of a property: non-alphanumerics become "_", upper case
(seqbind.scorer.threads.inter-op -> SEQBIND_SCORER_THREADS_INTER_OP).
*/}}
{{- define "seqbind.envName" -}}
{{- regexReplaceAll "[^A-Za-z0-9]" . "_" | upper }}
{{- end }}

{{/*
The Secret with tls.crt, tls.key and ca.crt: security.tls.existingSecret, else the one the cert-manager
Certificate writes.
*/}}
{{- define "seqbind.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "seqbind.fullname" .)) .Values.security.tls.existingSecret }}
{{- end }}

{{/*
Checks that the schema cannot express.
*/}}
{{- define "seqbind.validate" -}}
{{- if and .Values.variant.enabled (not .Values.scorer.enabled) (not .Values.variant.scorer.host) }}
{{- fail "variant.enabled needs scorer.enabled or variant.scorer.host (the variant service scores through a scorer)" }}
{{- end }}
{{- if and .Values.data.enabled (not .Values.data.existingClaim) (not .Values.data.volume) }}
{{- fail "data.enabled needs data.existingClaim or data.volume" }}
{{- end }}
{{- if and .Values.data.enabled .Values.data.existingClaim .Values.data.volume }}
{{- fail "data: set data.existingClaim or data.volume, not both" }}
{{- end }}
{{- end }}

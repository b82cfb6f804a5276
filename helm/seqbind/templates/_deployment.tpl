{{/*
One service's Deployment. Argument: (dict "ctx" $ "component" "scorer" "replicas" 1 "strategy" (dict ...)
"volumes" (list ...) "mounts" (list ...) "autoscaled" false); autoscaled leaves replicas to the HPA. The port is named grpc: it serves gRPC and HTTP (health,
metrics) alike.
*/}}
{{- define "seqbind.deployment" -}}
{{- $ctx := .ctx }}
{{- $component := .component }}
{{- $v := index $ctx.Values $component }}
{{- $name := include "seqbind.componentName" (dict "ctx" $ctx "component" $component) }}
{{- $gpu := $v.gpu | default (dict "enabled" false) }}
{{- $mounts := .mounts }}
{{- $volumes := .volumes }}
{{- $probes := dict }}
{{- /* With TLS the probes speak HTTPS: the kubelet does not verify the certificate and needs none of its own
(the services ask for client certificates but check them only on gRPC calls), so they keep working with TLS
and mutual TLS on. gRPC probes cannot do TLS at all. */}}
{{- $scheme := ternary "HTTPS" "HTTP" $ctx.Values.security.tls.enabled }}
{{- range $kind := list "startup" "liveness" "readiness" }}
{{- $_ := set $probes $kind (merge (deepCopy (index ($v.probes | default dict) $kind | default dict)) (index $ctx.Values.probes $kind)) }}
{{- end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- include "seqbind.componentLabels" (dict "ctx" $ctx "component" $component) | nindent 4 }}
spec:
  {{- if not .autoscaled }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  {{- with .strategy }}
  strategy:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "seqbind.selectorLabels" (dict "ctx" $ctx "component" $component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "seqbind.selectorLabels" (dict "ctx" $ctx "component" $component) | nindent 8 }}
        app.kubernetes.io/version: {{ $ctx.Chart.AppVersion | quote }}
        app.kubernetes.io/part-of: seqbind
        {{- with $ctx.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include (printf "seqbind.%s.config" $component) $ctx | sha256sum }}
        {{- if $ctx.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $v.port | int | toString | quote }}
        prometheus.io/path: /q/metrics
        prometheus.io/scheme: {{ lower $scheme }}
        {{- end }}
        {{- with (merge (deepCopy ($v.podAnnotations | default dict)) $ctx.Values.podAnnotations) }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "seqbind.serviceAccountName" $ctx }}
      automountServiceAccountToken: {{ $ctx.Values.serviceAccount.automountServiceAccountToken }}
      {{- with $ctx.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $ctx.Values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- if and $gpu.enabled $gpu.runtimeClassName }}
      runtimeClassName: {{ $gpu.runtimeClassName }}
      {{- end }}
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds | int }}
      containers:
        - name: {{ $component }}
          image: {{ include "seqbind.image" (dict "ctx" $ctx "image" $v.image) | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          {{- with $ctx.Values.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            - name: grpc
              containerPort: {{ $v.port | int }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $name }}
          {{- with (concat $ctx.Values.extraEnv $v.extraEnv) }}
          env:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          startupProbe:
            httpGet:
              path: /q/health/live
              port: grpc
              scheme: {{ $scheme }}
            {{- toYaml $probes.startup | nindent 12 }}
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: grpc
              scheme: {{ $scheme }}
            {{- toYaml $probes.liveness | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: grpc
              scheme: {{ $scheme }}
            {{- toYaml $probes.readiness | nindent 12 }}
          {{- $resources := deepCopy ($v.resources | default dict) }}
          {{- if $gpu.enabled }}
          {{- $limits := $resources.limits | default dict }}
          {{- $_ := set $limits $gpu.resourceName ($gpu.count | int) }}
          {{- $_ := set $resources "limits" $limits }}
          {{- end }}
          {{- with $resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with $mounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- if $ctx.Values.security.tls.enabled }}
            - name: tls
              mountPath: /etc/seqbind/tls
              readOnly: true
            {{- end }}
            {{- if $ctx.Values.security.auth.enabled }}
            - name: auth
              mountPath: /etc/seqbind/auth
              readOnly: true
            {{- end }}
            {{- with $v.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        {{- $tmp := dict }}
        {{- with $ctx.Values.tmpDir.medium }}{{ $_ := set $tmp "medium" . }}{{ end }}
        {{- with $ctx.Values.tmpDir.sizeLimit }}{{ $_ := set $tmp "sizeLimit" . }}{{ end }}
        - name: tmp
          emptyDir: {{ toJson $tmp }}
        {{- with $volumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- if $ctx.Values.security.tls.enabled }}
        - name: tls
          secret:
            secretName: {{ include "seqbind.tlsSecretName" $ctx }}
            defaultMode: 0440
        {{- end }}
        {{- if $ctx.Values.security.auth.enabled }}
        - name: auth
          secret:
            secretName: {{ $ctx.Values.security.auth.existingSecret }}
            defaultMode: 0440
        {{- end }}
        {{- with $v.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- $nodeSelector := deepCopy ($v.nodeSelector | default dict) }}
      {{- if $gpu.enabled }}
      {{- $nodeSelector = merge $nodeSelector ($gpu.nodeSelector | default dict) }}
      {{- end }}
      {{- with $nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- $tolerations := $v.tolerations | default list }}
      {{- if $gpu.enabled }}
      {{- $tolerations = concat $tolerations ($gpu.tolerations | default list) }}
      {{- end }}
      {{- with $tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- $spread := list }}
      {{- $selector := dict "matchLabels" (include "seqbind.selectorLabels" (dict "ctx" $ctx "component" $component) | fromYaml) }}
      {{- if $v.topologySpreadConstraints }}
      {{- range $v.topologySpreadConstraints }}
      {{- $spread = append $spread (merge (deepCopy .) (dict "labelSelector" $selector)) }}
      {{- end }}
      {{- else if $ctx.Values.topologySpread.enabled }}
      {{- range $ctx.Values.topologySpread.topologyKeys }}
      {{- $spread = append $spread (dict "maxSkew" ($ctx.Values.topologySpread.maxSkew | int) "topologyKey" . "whenUnsatisfiable" $ctx.Values.topologySpread.whenUnsatisfiable "labelSelector" $selector) }}
      {{- end }}
      {{- end }}
      {{- with $spread }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/*
The model store volume (shared by the three services).
*/}}
{{- define "seqbind.storeVolume" -}}
name: store
{{- if .Values.persistence.store.enabled }}
persistentVolumeClaim:
  claimName: {{ include "seqbind.storeClaimName" . }}
{{- else }}
emptyDir: {}
{{- end }}
{{- end }}

{{/*
The optional data volume.
*/}}
{{- define "seqbind.dataVolume" -}}
{{- if .Values.data.existingClaim }}
{{- toYaml (dict "name" "data" "persistentVolumeClaim" (dict "claimName" .Values.data.existingClaim "readOnly" .Values.data.readOnly)) }}
{{- else }}
{{- toYaml (merge (dict "name" "data") (deepCopy .Values.data.volume)) }}
{{- end }}
{{- end }}

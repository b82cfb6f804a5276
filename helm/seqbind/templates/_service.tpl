{{/*
One service's Service. Argument: (dict "ctx" $ "component" "scorer"), plus "headless" true and a name
"suffix" for a headless Service, whose DNS name resolves to every ready pod.
*/}}
{{- define "seqbind.service" -}}
{{- $v := index .ctx.Values .component }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "seqbind.componentName" . }}{{ .suffix }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "seqbind.componentLabels" . | nindent 4 }}
    {{- if .headless }}
    # The ServiceMonitor skips it: its pods are scraped once, through the ClusterIP Service.
    seqbind.io/headless: "true"
    {{- end }}
  {{- with $v.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- if .headless }}
  clusterIP: None
  {{- else }}
  type: {{ $v.service.type }}
  {{- end }}
  ports:
    # gRPC and HTTP (/q/health, /q/metrics) share the port.
    - name: grpc
      port: {{ $v.service.port | int }}
      targetPort: grpc
      protocol: TCP
  selector:
    {{- include "seqbind.selectorLabels" . | nindent 4 }}
{{- end }}

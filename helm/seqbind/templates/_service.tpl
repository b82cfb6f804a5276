{{/*
One service's Service. Argument: (dict "ctx" $ "component" "scorer").
*/}}
{{- define "seqbind.service" -}}
{{- $v := index .ctx.Values .component }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "seqbind.componentName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "seqbind.componentLabels" . | nindent 4 }}
  {{- with $v.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $v.service.type }}
  ports:
    # gRPC and HTTP (/q/health, /q/metrics) share the port.
    - name: grpc
      port: {{ $v.service.port | int }}
      targetPort: grpc
      protocol: TCP
  selector:
    {{- include "seqbind.selectorLabels" . | nindent 4 }}
{{- end }}

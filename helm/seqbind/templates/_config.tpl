{{/*
Environment (ConfigMap data) of each service, as YAML: Quarkus reads SEQBIND_FOO_BAR as seqbind.foo.bar.
A service's `config` map is applied last and so wins over the chart's own keys.
*/}}
{{- define "seqbind.trainer.config" -}}
{{- $v := .Values.trainer }}
{{- $env := dict
  "QUARKUS_HTTP_PORT" ($v.port | int | toString)
  "JAVA_OPTS" $v.javaOpts
  "SEQBIND_DATA_DIR" .Values.persistence.trainerData.mountPath
  "SEQBIND_STORE_DIR" .Values.persistence.store.mountPath
  "SEQBIND_TRAINER_QUEUE_CAPACITY" ($v.queueCapacity | int64 | toString)
  "SEQBIND_TRAINER_MAX_UPLOAD_BYTES" ($v.maxUploadBytes | int64 | toString) }}
{{- with include "seqbind.dataRoots" . }}
{{- $_ := set $env "SEQBIND_TRAINER_DATA_ROOTS" . }}
{{- end }}
{{- if $v.preloadJsig }}
{{- $_ := set $env "LD_PRELOAD" $v.jsigPath }}
{{- end }}
{{- include "seqbind.securityEnv" (dict "ctx" . "component" "trainer" "env" $env) }}
{{- include "seqbind.withConfig" (dict "env" $env "config" $v.config) }}
{{- end }}

{{- define "seqbind.scorer.config" -}}
{{- $v := .Values.scorer }}
{{- $env := dict
  "QUARKUS_HTTP_PORT" ($v.port | int | toString)
  "JAVA_OPTS" $v.javaOpts
  "SEQBIND_STORE_DIR" .Values.persistence.store.mountPath
  "SEQBIND_SCORER_BATCHING_MAX_BATCH_SIZE" ($v.batching.maxBatchSize | int64 | toString)
  "SEQBIND_SCORER_BATCHING_MAX_WAIT" $v.batching.maxWait
  "SEQBIND_SCORER_CACHE_CAPACITY" ($v.cache.capacity | int64 | toString)
  "SEQBIND_SCORER_CACHE_MAX_BYTES" ($v.cache.maxBytes | int64 | toString)
  "SEQBIND_SCORER_THREADS_INTRA_OP" ($v.threads.intraOp | int64 | toString)
  "SEQBIND_SCORER_CUDA" ($v.cuda | toString)
  "SEQBIND_SCORER_STORE_REFRESH" $v.storeRefresh
  "SEQBIND_SCORER_STALL_TIMEOUT" $v.stallTimeout }}
{{- include "seqbind.securityEnv" (dict "ctx" . "component" "scorer" "env" $env) }}
{{- include "seqbind.withConfig" (dict "env" $env "config" $v.config) }}
{{- end }}

{{- define "seqbind.variant.config" -}}
{{- $v := .Values.variant }}
{{- $env := dict
  "QUARKUS_HTTP_PORT" ($v.port | int | toString)
  "JAVA_OPTS" $v.javaOpts
  "SEQBIND_STORE_DIR" .Values.persistence.store.mountPath
  "QUARKUS_GRPC_CLIENTS_SCORER_HOST" (include "seqbind.scorerHost" .)
  "QUARKUS_GRPC_CLIENTS_SCORER_PORT" (include "seqbind.scorerPort" .)
  "SEQBIND_VARIANT_CHUNK_SIZE" ($v.chunkSize | int64 | toString)
  "SEQBIND_VARIANT_STALL_TIMEOUT" $v.stallTimeout }}
{{- with include "seqbind.dataRoots" . }}
{{- $_ := set $env "SEQBIND_VARIANT_DATA_ROOTS" . }}
{{- end }}
{{- include "seqbind.securityEnv" (dict "ctx" . "component" "variant" "env" $env) }}
{{- include "seqbind.withConfig" (dict "env" $env "config" $v.config) }}
{{- end }}

{{/*
Adds a service's `config` ({property: value}) to its environment and renders it as sorted YAML. Whole
numbers print without an exponent (YAML numbers reach templates as float64).
*/}}
{{- define "seqbind.withConfig" -}}
{{- $env := .env }}
{{- range $k, $val := .config }}
{{- $s := toString $val }}
{{- if and (kindIs "float64" $val) (eq $val (float64 (int64 $val))) }}
{{- $s = int64 $val | toString }}
{{- end }}
{{- $_ := set $env (include "seqbind.envName" $k) $s }}
{{- end }}
{{- toYaml $env }}
{{- end }}


{{/*
Security settings of one service, added to its environment `env` (README "Security"): TLS from the mounted
Secret (re-read every reloadPeriod), mutual TLS, the tokens file; for the variant service also how it reaches
the scorer (the Secret's CA, its certificate when the scorer wants one, its own token).
*/}}
{{- define "seqbind.securityEnv" -}}
{{- $ctx := .ctx }}
{{- $env := .env }}
{{- $tls := $ctx.Values.security.tls }}
{{- $auth := $ctx.Values.security.auth }}
{{- $dir := "/etc/seqbind/tls" }}
{{- if $tls.enabled }}
{{- $_ := set $env "QUARKUS_TLS_KEY_STORE_PEM_A_CERT" (printf "%s/tls.crt" $dir) }}
{{- $_ := set $env "QUARKUS_TLS_KEY_STORE_PEM_A_KEY" (printf "%s/tls.key" $dir) }}
{{- $_ := set $env "QUARKUS_TLS_RELOAD_PERIOD" $tls.reloadPeriod }}
{{- $_ := set $env "QUARKUS_HTTP_SSL_PORT" ((index $ctx.Values .component).port | int | toString) }}
{{- $_ := set $env "QUARKUS_HTTP_INSECURE_REQUESTS" "disabled" }}
{{- if index $tls.requireClientCertificate .component }}
{{- $_ := set $env "QUARKUS_TLS_TRUST_STORE_PEM_CERTS" (printf "%s/ca.crt" $dir) }}
{{- $_ := set $env "SEQBIND_TLS_REQUIRE_CLIENT_CERTIFICATE" "true" }}
{{- end }}
{{- if eq .component "variant" }}
{{- $_ := set $env "QUARKUS_GRPC_CLIENTS_SCORER_SSL_TRUST_STORE" (printf "%s/ca.crt" $dir) }}
{{- if $tls.requireClientCertificate.scorer }}
{{- $_ := set $env "QUARKUS_GRPC_CLIENTS_SCORER_SSL_CERTIFICATE" (printf "%s/tls.crt" $dir) }}
{{- $_ := set $env "QUARKUS_GRPC_CLIENTS_SCORER_SSL_KEY" (printf "%s/tls.key" $dir) }}
{{- end }}
{{- end }}
{{- end }}
{{- if $auth.enabled }}
{{- $_ := set $env "SEQBIND_AUTH_TOKENS_FILE" (printf "/etc/seqbind/auth/%s" $auth.tokensKey) }}
{{- if eq .component "variant" }}
{{- $_ := set $env "SEQBIND_AUTH_CLIENT_TOKEN_FILE" (printf "/etc/seqbind/auth/%s" $auth.variantTokenKey) }}
{{- end }}
{{- end }}
{{- end }}

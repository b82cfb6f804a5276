// TRAIN: train (and optionally calibrate) one model per training set (seqbind train).
// The model store lives in the task directory (--store), the bundle (model.onnx + manifest.json) is the output.
process TRAIN {
    tag "${meta.name}"
    label 'process_medium'
    publishDir "${params.outdir}/${meta.name}", mode: params.publish_dir_mode,
        saveAs: { fn -> fn == 'versions.yml' ? null : fn }

    input:
    tuple val(meta), path(train_seq), path(test_seq)

    output:
    tuple val(meta), path('model')             , emit: model
    tuple val(meta), path("${meta.name}.train.log"), emit: log
    path 'versions.yml'                        , emit: versions

    script:
    def test_arg  = test_seq ? "--test ${test_seq}" : ''
    def calibrate = params.calibrate ? "--calibrate ${params.calibrate} --calibration-steps ${params.calibration_steps}" : ''
    def ensemble  = params.ensemble ? "--ensemble ${params.ensemble}" : ''
    def arch      = params.arch ? "--arch ${params.arch}" : ''
    def heap      = task.memory ? "-Xmx${(task.memory.toMega() * 0.75) as long}m" : ''
    """
    export SEQBIND_JAVA_OPTS="${heap} -XX:ActiveProcessorCount=${task.cpus}"
    ${params.seqbind} train \\
        --input ${train_seq} \\
        ${test_arg} \\
        ${arch} \\
        ${calibrate} \\
        ${ensemble} \\
        --device ${params.device} \\
        --seed ${params.seed} \\
        --name ${meta.name} \\
        --model-version ${params.model_version} \\
        --out model \\
        --store "\$PWD/store" \\
        ${task.ext.args ?: ''} \\
        2>&1 | tee ${meta.name}.train.log

    test -s model/model.onnx

    cat <<END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(${params.seqbind} --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    """
    mkdir -p model
    touch model/model.onnx model/manifest.json ${meta.name}.train.log
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

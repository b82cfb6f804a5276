// TRAIN: train (and optionally calibrate) one model per training set (seqbind train). The input is a DeepBind
// .seq[.gz] table, or BED/narrowPeak peaks read as windows of the genome (given as [fasta, fai]; [] for
// tables). The model store lives in the task folder; the bundle (model.onnx + manifest.json) is the output.
// Outputs sit under PREFIX/ (the model's name), the layout published into --outdir.
process TRAIN {
    tag "${meta.id}"
    label 'process_medium'
    container "seqbind/cli:${workflow.manifest.version}"

    input:
    tuple val(meta), path(train), path(test)
    tuple path(fasta), path(fai)

    output:
    tuple val(meta), path("${prefix}/model")                , emit: model
    tuple val(meta), path("${prefix}/${prefix}.train.log")  , emit: log
    path 'versions.yml'                            , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: ''
    prefix     = task.ext.prefix ?: "${meta.id}"
    def test_arg   = test ? "--test ${test}" : ''
    // peak input: windows of ext.window bp read from the genome (a table row ignores the genome)
    def is_peaks   = train.name ==~ /.*\.(bed|narrowPeak)(\.gz)?$/
    def genome_arg = is_peaks ? "--genome ${fasta}" + (task.ext.window ? " --window ${task.ext.window}" : '') : ''
    """
    mkdir -p ${prefix}
    seqbind train \\
        --input ${train} \\
        ${test_arg} \\
        ${genome_arg} \\
        --name ${meta.id} \\
        --out ${prefix}/model \\
        --store "\$PWD/store" \\
        ${args} \\
        2>&1 | tee ${prefix}/${prefix}.train.log
    test -s ${prefix}/model/model.onnx

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(seqbind --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    mkdir -p ${prefix}/model
    touch ${prefix}/model/model.onnx ${prefix}/model/manifest.json ${prefix}/${prefix}.train.log
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

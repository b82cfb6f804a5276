// EVALUATE: AUC / average precision (or regression metrics) of a model on its test set (seqbind evaluate),
// and every test sequence's label and score for the report's curves. With --endpoint in ext.args the
// deployed scorer scores (the model by its id; the service's store must hold it).
process EVALUATE {
    tag "${meta.id}"
    label 'process_low'
    container "seqbind/cli:${workflow.manifest.version}"

    input:
    tuple val(meta), path(model), path(test)
    tuple path(fasta), path(fai)

    output:
    tuple val(meta), path("${prefix}/evaluate/${prefix}.evaluate.txt"), emit: metrics
    tuple val(meta), path("${prefix}/evaluate/${prefix}.scores.tsv")  , emit: scores
    path 'versions.yml'                            , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: ''
    prefix     = task.ext.prefix ?: "${meta.id}"
    def remote = args.contains('--endpoint')
    // peak input: windows of ext.window bp read from the genome (a table row ignores the genome)
    def is_peaks   = test.name ==~ /.*\.(bed|narrowPeak)(\.gz)?$/
    def genome_arg = is_peaks ? "--genome ${fasta}" + (task.ext.window ? " --window ${task.ext.window}" : '') : ''
    """
    mkdir -p ${prefix}/evaluate
    seqbind evaluate \\
        --model ${remote ? "\$(model_id.sh ${model})" : model} \\
        --input ${test} \\
        ${genome_arg} \\
        --scores ${prefix}/evaluate/${prefix}.scores.tsv \\
        ${remote ? '' : '--store "$PWD/store"'} \\
        ${args} \\
        > evaluate.out
    cat evaluate.out
    # the metrics line is the last key=value line, e.g. "auc=0.99 ap=0.98 n=40"
    grep -E '^[a-z_]+=' evaluate.out | tail -n 1 > ${prefix}/evaluate/${prefix}.evaluate.txt
    test -s ${prefix}/evaluate/${prefix}.evaluate.txt

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(seqbind --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    mkdir -p ${prefix}/evaluate
    echo 'auc=1 ap=1 n=0' > ${prefix}/evaluate/${prefix}.evaluate.txt
    printf 'id\\tlabel:stub\\tscore:stub\\n' > ${prefix}/evaluate/${prefix}.scores.tsv
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

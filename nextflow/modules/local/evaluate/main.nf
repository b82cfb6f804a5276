// EVALUATE: AUC / average precision (or regression metrics) of a model on its test set (seqbind evaluate).
process EVALUATE {
    tag "${meta.name}"
    label 'process_low'
    publishDir "${params.outdir}/${meta.name}/evaluate", mode: params.publish_dir_mode,
        saveAs: { fn -> fn == 'versions.yml' ? null : fn }

    input:
    tuple val(meta), path(model), path(test_seq)

    output:
    tuple val(meta), path("${meta.name}.evaluate.txt"), emit: metrics
    path 'versions.yml'                               , emit: versions

    script:
    def heap = task.memory ? "-Xmx${(task.memory.toMega() * 0.75) as long}m" : ''
    """
    export SEQBIND_JAVA_OPTS="${heap} -XX:ActiveProcessorCount=${task.cpus}"
    ${params.seqbind} evaluate \\
        --model ${model} \\
        --input ${test_seq} \\
        --store "\$PWD/store" \\
        ${task.ext.args ?: ''} \\
        > evaluate.out
    cat evaluate.out
    # the metrics line is the last key=value line, e.g. "auc=0.99 ap=0.98 n=40"
    grep -E '^[a-z_]+=' evaluate.out | tail -n 1 > ${meta.name}.evaluate.txt
    test -s ${meta.name}.evaluate.txt

    cat <<END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(${params.seqbind} --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    """
    echo 'auc=1 ap=1 n=0' > ${meta.name}.evaluate.txt
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

// MUTMAP: in-silico mutagenesis maps (SVG, TSV, JSON) around the first variants (seqbind mutmap).
process MUTMAP {
    tag "${meta.name}"
    label 'process_low'
    publishDir "${params.outdir}/${meta.name}", mode: params.publish_dir_mode,
        saveAs: { fn -> fn == 'versions.yml' ? null : fn }

    input:
    tuple val(meta), path(model), path(vcf), path(fasta), path(fai)

    output:
    tuple val(meta), path('mutmap'), emit: maps
    path 'versions.yml'            , emit: versions

    script:
    def heap = task.memory ? "-Xmx${(task.memory.toMega() * 0.75) as long}m" : ''
    """
    export SEQBIND_JAVA_OPTS="${heap} -XX:ActiveProcessorCount=${task.cpus}"
    ${params.seqbind} mutmap \\
        --model ${model} \\
        --vcf ${vcf} \\
        --genome ${fasta} \\
        --limit ${params.mutmap_limit} \\
        --out mutmap \\
        --store "\$PWD/store" \\
        ${task.ext.args ?: ''}

    cat <<END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(${params.seqbind} --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    """
    mkdir -p mutmap
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

// MUTMAP: in-silico mutagenesis maps (SVG, TSV, JSON) around the first variants (seqbind mutmap; how many:
// --limit in ext.args).
process MUTMAP {
    tag "${meta.id}"
    label 'process_low'
    container "seqbind/cli:${workflow.manifest.version}"

    input:
    tuple val(meta), path(model), path(vcf), path(fasta), path(fai)

    output:
    tuple val(meta), path("${prefix}/mutmap"), emit: maps
    path 'versions.yml'            , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}"
    """
    seqbind mutmap \\
        --model ${model} \\
        --vcf ${vcf} \\
        --genome ${fasta} \\
        --out ${prefix}/mutmap \\
        --store "\$PWD/store" \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(seqbind --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    mkdir -p ${prefix}/mutmap
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

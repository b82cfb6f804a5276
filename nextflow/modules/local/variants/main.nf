// VARIANTS: ref/alt scores, delta and log-odds ratio for each VCF allele (seqbind variants).
process VARIANTS {
    tag "${meta.name}"
    label 'process_low'
    publishDir "${params.outdir}/${meta.name}/variants", mode: params.publish_dir_mode,
        saveAs: { fn -> fn == 'versions.yml' ? null : fn }

    input:
    tuple val(meta), path(model), path(vcf), path(fasta), path(fai)

    output:
    tuple val(meta), path("${meta.name}.effects.tsv"), emit: effects
    path 'versions.yml'                              , emit: versions

    script:
    def heap = task.memory ? "-Xmx${(task.memory.toMega() * 0.75) as long}m" : ''
    """
    export SEQBIND_JAVA_OPTS="${heap} -XX:ActiveProcessorCount=${task.cpus}"
    ${params.seqbind} variants \\
        --model ${model} \\
        --vcf ${vcf} \\
        --genome ${fasta} \\
        --strand ${params.strand} \\
        --out ${meta.name}.effects.tsv \\
        --store "\$PWD/store" \\
        ${task.ext.args ?: ''}

    cat <<END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(${params.seqbind} --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    """
    touch ${meta.name}.effects.tsv
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

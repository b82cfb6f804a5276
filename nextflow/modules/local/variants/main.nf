// VARIANTS: ref/alt scores, delta and log-odds ratio for each VCF allele (seqbind variants). With --endpoint
// in ext.args the deployed scorer scores (the model by its id; the service's store must hold it).
process VARIANTS {
    tag "${meta.id}"
    label 'process_low'
    container "seqbind/cli:${workflow.manifest.version}"

    input:
    tuple val(meta), path(model), path(vcf), path(fasta), path(fai)

    output:
    tuple val(meta), path("${prefix}/variants/${prefix}.effects.tsv"), emit: effects
    path 'versions.yml'                           , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: ''
    prefix     = task.ext.prefix ?: "${meta.id}"
    def remote = args.contains('--endpoint')
    """
    mkdir -p ${prefix}/variants
    seqbind variants \\
        --model ${remote ? "\$(model_id.sh ${model})" : model} \\
        --vcf ${vcf} \\
        --genome ${fasta} \\
        --out ${prefix}/variants/${prefix}.effects.tsv \\
        ${remote ? '' : '--store "$PWD/store"'} \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(seqbind --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    mkdir -p ${prefix}/variants
    touch ${prefix}/variants/${prefix}.effects.tsv
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

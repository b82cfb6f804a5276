// SIMULATE: a demo data set with planted binding sites (seqbind simulate): DeepBind tables, a genome with its
// index, narrowPeak peaks and a VCF. Seed, count, length and motifs come in ext.args (conf/modules.config).
process SIMULATE {
    tag "${meta.id}"
    label 'process_single'
    container "seqbind/cli:${workflow.manifest.version}"

    input:
    val meta

    output:
    tuple val(meta), path("${prefix}/train.seq.gz")                       , emit: train
    tuple val(meta), path("${prefix}/test.seq.gz")                        , emit: test
    path "${prefix}/variants.vcf"                                        , emit: vcf
    tuple path("${prefix}/genome.fa"), path("${prefix}/genome.fa.fai")    , emit: genome
    path "${prefix}"                                                     , emit: dir
    path 'versions.yml'                                                  , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: 'simulated'
    """
    seqbind simulate --out ${prefix} ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(seqbind --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: 'simulated'
    """
    mkdir -p ${prefix}
    echo | gzip > ${prefix}/train.seq.gz
    echo | gzip > ${prefix}/test.seq.gz
    touch ${prefix}/variants.vcf ${prefix}/genome.fa ${prefix}/genome.fa.fai
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

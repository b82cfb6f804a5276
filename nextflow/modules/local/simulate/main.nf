// SIMULATE: a demo data set with planted binding sites (seqbind simulate).
process SIMULATE {
    tag "seed ${seed}"
    label 'process_single'
    publishDir "${params.outdir}", mode: params.publish_dir_mode,
        saveAs: { fn -> fn == 'versions.yml' ? null : fn }

    input:
    val seed

    output:
    path 'simulated/train.seq.gz'                                  , emit: train
    path 'simulated/test.seq.gz'                                   , emit: test
    path 'simulated/variants.vcf'                                  , emit: vcf
    tuple path('simulated/genome.fa'), path('simulated/genome.fa.fai'), emit: genome
    path 'simulated'                                               , emit: dir
    path 'versions.yml'                                            , emit: versions

    script:
    def motifs = params.simulate_motifs ? "--motif ${params.simulate_motifs}" : ''
    def heap   = task.memory ? "-Xmx${(task.memory.toMega() * 0.75) as long}m" : ''
    """
    export SEQBIND_JAVA_OPTS="${heap} -XX:ActiveProcessorCount=${task.cpus}"
    ${params.seqbind} simulate \\
        --out simulated \\
        --seed ${seed} \\
        ${motifs} \\
        --count ${params.simulate_count} \\
        --length ${params.simulate_length} \\
        ${task.ext.args ?: ''}

    cat <<END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(${params.seqbind} --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    """
    mkdir -p simulated
    touch simulated/train.seq.gz simulated/test.seq.gz simulated/variants.vcf simulated/genome.fa simulated/genome.fa.fai
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

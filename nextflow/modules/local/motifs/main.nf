// MOTIFS: first-layer filters as MEME motifs and SVG logos (seqbind motifs), scanned over the positives
// of the training set (a .seq[.gz] table is turned into a FASTA of its positive rows by bin/seq2fasta.sh).
process MOTIFS {
    tag "${meta.name}"
    label 'process_low'
    publishDir "${params.outdir}/${meta.name}", mode: params.publish_dir_mode,
        saveAs: { fn -> fn == 'versions.yml' ? null : fn }

    input:
    tuple val(meta), path(model), path(train_seq)

    output:
    tuple val(meta), path('motifs'), emit: motifs
    path 'versions.yml'            , emit: versions

    script:
    def heap     = task.memory ? "-Xmx${(task.memory.toMega() * 0.75) as long}m" : ''
    def is_fasta = train_seq.name ==~ /.*\.(fa|fasta|fna)(\.gz)?$/
    """
    export SEQBIND_JAVA_OPTS="${heap} -XX:ActiveProcessorCount=${task.cpus}"
    ${is_fasta ? "ln -s ${train_seq} positives.fa" : "seq2fasta.sh ${train_seq} > positives.fa"}
    test -s positives.fa
    ${params.seqbind} motifs \\
        --model ${model} \\
        --input positives.fa \\
        --out motifs \\
        --store "\$PWD/store" \\
        ${task.ext.args ?: ''}

    cat <<END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(${params.seqbind} --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    """
    mkdir -p motifs
    touch motifs/motifs.meme
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

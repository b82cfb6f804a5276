// MOTIFS: first-layer filters as MEME motifs and SVG logos (seqbind motifs), scanned over the positives of the
// training set: the positive rows of a .seq[.gz] table (bin/seq2fasta.sh), a FASTA as it is, or for
// BED/narrowPeak input the summit-centred windows of the genome (seqbind motifs --genome; --window in ext.args).
process MOTIFS {
    tag "${meta.id}"
    label 'process_low'
    container "seqbind/cli:${workflow.manifest.version}"

    input:
    tuple val(meta), path(model), path(train)
    tuple path(fasta), path(fai)

    output:
    tuple val(meta), path("${prefix}/motifs"), emit: motifs
    path 'versions.yml'            , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args     = task.ext.args ?: ''
    prefix       = task.ext.prefix ?: "${meta.id}"
    def is_fasta = train.name ==~ /.*\.(fa|fasta|fna)(\.gz)?$/
    def is_table = train.name ==~ /.*\.seq(\.gz)?$/
    def is_peaks = !is_fasta && !is_table
    def to_fasta = is_fasta ? "ln -s ${train} positives.fa" : is_table ? "seq2fasta.sh ${train} > positives.fa" : ''
    """
    ${to_fasta}
    seqbind motifs \\
        --model ${model} \\
        --input ${is_peaks ? "${train} --genome ${fasta}" : 'positives.fa'} \\
        --out ${prefix}/motifs \\
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
    mkdir -p ${prefix}/motifs
    touch ${prefix}/motifs/motifs.meme
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

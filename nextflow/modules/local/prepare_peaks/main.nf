// PREPARE_PEAKS: the strongest peaks of a row (--top in ext.args), split into training and test peaks
// (--split: DeepBind's odd/even signal ranks, held-out chromosomes, or none when the row gives test peaks).
process PREPARE_PEAKS {
    tag "${meta.id}"
    label 'process_single'
    container "seqbind/cli:${workflow.manifest.version}"

    input:
    tuple val(meta), path(peaks)

    output:
    tuple val(meta), path("${prefix}/peaks/${prefix}.train.*"), path("${prefix}/peaks/${prefix}.test.*"), emit: peaks
    path 'versions.yml'                                                , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args  = task.ext.args ?: ''
    prefix    = task.ext.prefix ?: "${meta.id}"
    // a row that gives its own test peaks is not split
    def split = meta.test ? 'none' : (task.ext.split ?: 'odd_even')
    """
    mkdir -p ${prefix}/peaks
    split_peaks.sh ${args} --split ${split} ${peaks} ${prefix}/peaks/${prefix}
    wc -l ${prefix}/peaks/*

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        awk: \$(awk -W version 2>&1 | head -n 1 | sed 's/[[:space:]]*\$//')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    mkdir -p ${prefix}/peaks
    touch ${prefix}/peaks/${prefix}.train.bed ${prefix}/peaks/${prefix}.test.bed
    printf '"%s":\\n    awk: stub\\n' "${task.process}" > versions.yml
    """
}

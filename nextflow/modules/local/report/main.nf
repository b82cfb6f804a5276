// REPORT: one self-contained HTML report of every model (seqbind report). Each model's outputs come as one
// tuple [meta, model, train log, test scores, effects, mutation maps, motifs], absent ones as assets/NO_FILE;
// they are staged in numbered folders and linked into the results layout seqbind report reads
// (results/ID/model, ID.train.log, evaluate/, variants/, mutmap/, motifs/).
process REPORT {
    tag "${metas.size()} models"
    label 'process_single'
    container "seqbind/cli:${workflow.manifest.version}"

    input:
    val metas
    path models , stageAs: 'in/model*/*'
    path logs   , stageAs: 'in/log*/*'
    path scores , stageAs: 'in/scores*/*'
    path effects, stageAs: 'in/effects*/*'
    path mutmaps, stageAs: 'in/mutmap*/*'
    path motifs , stageAs: 'in/motifs*/*'

    output:
    path "${prefix}.html", emit: html
    path 'versions.yml'  , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args  = task.ext.args ?: ''
    prefix    = task.ext.prefix ?: 'report'
    def links = []
    metas.eachWithIndex { meta, i ->
        def id = meta.id
        links << "mkdir -p results/${id}/evaluate results/${id}/variants"
        [[[models].flatten()[i], 'model'], [[logs].flatten()[i], "${id}.train.log"], [[scores].flatten()[i], "evaluate/${id}.scores.tsv"],
         [[effects].flatten()[i], "variants/${id}.effects.tsv"], [[mutmaps].flatten()[i], 'mutmap'], [[motifs].flatten()[i], 'motifs']]
            .findAll { staged, _name -> staged.name != 'NO_FILE' }
            .each { staged, name -> links << "ln -s \"\$PWD/${staged}\" results/${id}/${name}" }
    }
    """
    ${links.join('\n    ')}
    seqbind report --out ${prefix}.html ${args} results

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        seqbind: \$(seqbind --version | sed 's/^seqbind //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: 'report'
    """
    echo '<!DOCTYPE html><title>stub</title>' > ${prefix}.html
    printf '"%s":\\n    seqbind: stub\\n' "${task.process}" > versions.yml
    """
}

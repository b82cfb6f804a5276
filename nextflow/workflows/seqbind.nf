/*
 * SEQBIND: train one model per training set, then evaluate it, score variant effects, draw mutation maps
 * and extract motifs. Input modes (checked before anything runs):
 *   --input sheet.csv        samplesheet with columns name,train,test (one model per row, trained in parallel)
 *   --train X.seq.gz [--test Y.seq.gz]
 *   nothing                  SIMULATE writes a demo data set (train/test tables, genome, VCF)
 * --vcf with --genome (indexed FASTA) adds VARIANTS and MUTMAP; in the simulated mode they default to the
 * simulated VCF and genome.
 */
include { SIMULATE } from '../modules/local/simulate/main'
include { TRAIN    } from '../modules/local/train/main'
include { EVALUATE } from '../modules/local/evaluate/main'
include { VARIANTS } from '../modules/local/variants/main'
include { MUTMAP   } from '../modules/local/mutmap/main'
include { MOTIFS   } from '../modules/local/motifs/main'

// An existing file for a command-line option, else stop the run with one clear line.
def existingFile(String option, value) {
    if (value == null || value == true || value.toString().trim().isEmpty()) {
        error "seqbind: ${option} needs a file path"
    }
    def f = file(value.toString())
    if (!f.exists()) {
        error "seqbind: ${option} file not found: ${value}"
    }
    if (f.isDirectory()) {
        error "seqbind: ${option} is a directory, expected a file: ${value}"
    }
    return f
}

// Rows of the samplesheet as [meta, train, test]; relative paths are resolved against the sheet's folder.
def readSamplesheet(sheetPath) {
    def sheet = existingFile('--input', sheetPath)
    def rows = sheet.splitCsv(header: true, strip: true)
    if (rows.isEmpty()) {
        error "seqbind: samplesheet ${sheetPath} has no rows (expected header name,train,test)"
    }
    def missing = ['name', 'train'].findAll { !rows[0].containsKey(it) }
    if (missing) {
        error "seqbind: samplesheet ${sheetPath} lacks column(s) ${missing.join(', ')} (expected name,train,test)"
    }
    def resolve = { String p -> (p.startsWith('/') || p.contains('://')) ? file(p) : sheet.parent.resolve(p) }
    def seen = [] as Set
    def sets = []
    rows.eachWithIndex { row, i ->
        def line = i + 2
        def name = row.name ?: ''
        if (!(name ==~ /[A-Za-z0-9][A-Za-z0-9_.-]*/)) {
            error "seqbind: samplesheet line ${line}: name '${name}' must be letters, digits, '_', '.' or '-'"
        }
        if (!seen.add(name)) {
            error "seqbind: samplesheet line ${line}: duplicate name '${name}'"
        }
        if (!row.train) {
            error "seqbind: samplesheet line ${line}: empty train column"
        }
        def train = resolve(row.train)
        if (!train.exists()) {
            error "seqbind: samplesheet line ${line}: train file not found: ${row.train}"
        }
        def test = []
        if (row.test) {
            test = resolve(row.test)
            if (!test.exists()) {
                error "seqbind: samplesheet line ${line}: test file not found: ${row.test}"
            }
        }
        sets << [[name: name], train, test]
    }
    return sets
}

workflow SEQBIND {
    main:
    ch_versions = Channel.empty()

    // ---- inputs: fail fast on a bad path, before any task starts
    def given_vcf    = params.vcf    ? existingFile('--vcf', params.vcf) : null
    def given_genome = params.genome ? existingFile('--genome', params.genome) : null
    if ((given_vcf == null) != (given_genome == null)) {
        error "seqbind: --vcf and --genome go together (variant windows are read from the indexed genome)"
    }
    def given_fai = null
    if (given_genome) {
        given_fai = file("${given_genome}.fai")
        if (!given_fai.exists()) {
            error "seqbind: --genome needs a FASTA index beside it: ${given_genome}.fai (samtools faidx)"
        }
    }
    if (params.input && params.train) {
        error "seqbind: give either --input (samplesheet) or --train, not both"
    }
    if (params.test && !params.train) {
        error "seqbind: --test needs --train"
    }
    if (params.train && !(params.name ==~ /[A-Za-z0-9][A-Za-z0-9_.-]*/)) {
        error "seqbind: --name '${params.name}' must be letters, digits, '_', '.' or '-'"
    }

    if (params.input) {
        ch_sets = Channel.fromList(readSamplesheet(params.input))
    } else if (params.train) {
        def train = existingFile('--train', params.train)
        def test  = params.test ? existingFile('--test', params.test) : []
        ch_sets = Channel.of([[name: params.name], train, test])
    } else {
        log.info "seqbind: no --input/--train given, simulating a data set (seed ${params.simulate_seed})"
        SIMULATE(params.simulate_seed)
        ch_versions = ch_versions.mix(SIMULATE.out.versions)
        ch_sets = SIMULATE.out.train
            .combine(SIMULATE.out.test)
            .map { train, test -> [[name: params.name], train, test] }
    }

    // VCF + genome: the given ones, else (simulated mode only) the simulated ones
    ch_vcf    = Channel.empty()
    ch_genome = Channel.empty()
    if (given_vcf) {
        ch_vcf    = Channel.value(given_vcf)
        ch_genome = Channel.value([given_genome, given_fai])
    } else if (!params.input && !params.train) {
        ch_vcf    = SIMULATE.out.vcf
        ch_genome = SIMULATE.out.genome
    }

    // ---- train one model per set
    TRAIN(ch_sets)
    ch_versions = ch_versions.mix(TRAIN.out.versions.first())
    ch_models = TRAIN.out.model   // [meta, model]

    // ---- evaluate on the test set (sets without one are skipped)
    ch_eval_in = ch_models
        .join(ch_sets.map { meta, train, test -> [meta, test] })
        .filter { meta, model, test -> test }
    EVALUATE(ch_eval_in)
    ch_versions = ch_versions.mix(EVALUATE.out.versions.first())

    // one table of metrics for all models
    EVALUATE.out.metrics
        .map { meta, txt ->
            def kv = txt.text.trim().split(/\s+/).collectEntries { it.contains('=') ? [(it.split('=', 2)[0]): it.split('=', 2)[1]] : [:] }
            "${meta.name}\t${kv.auc ?: 'NA'}\t${kv.ap ?: 'NA'}\t${kv.n ?: 'NA'}\t${txt.text.trim()}\n"
        }
        .collectFile(name: 'evaluation.tsv', storeDir: "${params.outdir}/summary", sort: true,
                     seed: "name\tauc\tap\tn\tmetrics\n")

    // ---- variant effects and mutation maps (when a VCF and genome are known)
    ch_var_in = ch_models
        .combine(ch_vcf)
        .combine(ch_genome)   // [meta, model, vcf, fasta, fai]
    if (!params.skip_variants) {
        VARIANTS(ch_var_in)
        ch_versions = ch_versions.mix(VARIANTS.out.versions.first())
    }
    if (!params.skip_mutmap) {
        MUTMAP(ch_var_in)
        ch_versions = ch_versions.mix(MUTMAP.out.versions.first())
    }

    // ---- motifs from the first-layer filters, scanned over the training positives
    if (!params.skip_motifs) {
        MOTIFS(ch_models.join(ch_sets.map { meta, train, test -> [meta, train] }))
        ch_versions = ch_versions.mix(MOTIFS.out.versions.first())
    }

    // ---- software versions, one entry per process
    ch_versions
        .map { it.text.trim() }
        .unique()
        .collectFile(name: 'software_versions.yml', storeDir: "${params.outdir}/pipeline_info",
                     newLine: true, sort: true)

    emit:
    models   = ch_models
    versions = ch_versions
}

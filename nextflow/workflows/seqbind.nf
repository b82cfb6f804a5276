/*
 * SEQBIND: train one model per training set, then evaluate it, score variant effects, draw mutation maps,
 * extract motifs, and write one HTML report. Input modes (all checked before any task starts):
 *   --input sheet.csv        samplesheet: name,train,test (DeepBind tables) and/or name,peaks,test (BED or
 *                            narrowPeak with --genome; the strongest --top_peaks, split by --peak_split)
 *   --train X.seq.gz [--test Y.seq.gz]
 *   nothing                  SIMULATE writes a demo data set (train/test tables, genome, VCF)
 * --vcf with --genome (indexed FASTA) adds VARIANTS and MUTMAP; in the simulated mode they default to the
 * simulated VCF and genome.
 */
include { SIMULATE      } from '../modules/local/simulate/main'
include { PREPARE_PEAKS } from '../modules/local/prepare_peaks/main'
include { TRAIN         } from '../modules/local/train/main'
include { EVALUATE      } from '../modules/local/evaluate/main'
include { VARIANTS      } from '../modules/local/variants/main'
include { MUTMAP        } from '../modules/local/mutmap/main'
include { MOTIFS        } from '../modules/local/motifs/main'
include { REPORT        } from '../modules/local/report/main'
include { validateParameters; existingFile; readSamplesheet; faiContigs } from '../subworkflows/local/inputs/main'

workflow SEQBIND {
    main:
    ch_versions = Channel.empty()
    def no_file = file("${projectDir}/assets/NO_FILE")

    // ---- inputs: fail fast on a bad parameter or path, before any task starts
    validateParameters(params, "${projectDir}/nextflow_schema.json")
    def given_vcf    = params.vcf    ? existingFile('--vcf', params.vcf) : null
    def given_genome = params.genome ? existingFile('--genome', params.genome) : null
    if (given_vcf && !given_genome) {
        error "seqbind: --vcf needs --genome (variant windows are read from the indexed genome)"
    }
    if (params.input && params.train) {
        error "seqbind: give either --input (samplesheet) or --train, not both"
    }
    if (params.test && !params.train) {
        error "seqbind: --test needs --train"
    }

    // the samplesheet first: a peaks row names itself (line and column) when the genome's index is missing
    def sheet_rows = params.input ? readSamplesheet(params.input, given_genome) : null
    def given_fai = null
    if (given_genome) {
        faiContigs(given_genome, '--genome')
        given_fai = file("${given_genome}.fai")
    }
    ch_genome_opt = Channel.value(given_genome ? [given_genome, given_fai] : [[], []])
    if (params.input) {
        ch_rows = Channel.fromList(sheet_rows)
    } else if (params.train) {
        def train = existingFile('--train', params.train)
        def test  = params.test ? existingFile('--test', params.test) : []
        ch_rows = Channel.of([[id: params.name, peaks: false, test: !!test], train, test])
    } else {
        log.info "seqbind: no --input/--train given, simulating a data set (seed ${params.simulate_seed})"
        SIMULATE([id: 'simulated'])
        ch_versions = ch_versions.mix(SIMULATE.out.versions)
        ch_rows = SIMULATE.out.train
            .combine(SIMULATE.out.test)
            .map { _m1, train, _m2, test -> [[id: params.name, peaks: false, test: true], train, test] }
    }

    // ---- peak rows: top peaks and the train/test split; table rows go straight to TRAIN
    ch_branch = ch_rows.branch { meta, _train, _test ->
        peaks: meta.peaks
        table: true
    }
    PREPARE_PEAKS(ch_branch.peaks.map { meta, peaks, _test -> [meta, peaks] })
    ch_versions = ch_versions.mix(PREPARE_PEAKS.out.versions.first())
    ch_sets = ch_branch.table.mix(
        PREPARE_PEAKS.out.peaks
            .join(ch_branch.peaks.map { meta, _peaks, test -> [meta, test] })
            .map { meta, train, split_test, given_test -> [meta, train, meta.test ? given_test : split_test] })

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
    TRAIN(ch_sets, ch_genome_opt)
    ch_versions = ch_versions.mix(TRAIN.out.versions.first())
    ch_models = TRAIN.out.model   // [meta, model]

    // ---- evaluate on the test set (sets without one are skipped)
    ch_eval_in = ch_models
        .join(ch_sets.map { meta, _train, test -> [meta, test] })
        .filter { _meta, _model, test -> test }
    EVALUATE(ch_eval_in, ch_genome_opt)
    ch_versions = ch_versions.mix(EVALUATE.out.versions.first())

    // one table of metrics for all models
    EVALUATE.out.metrics
        .map { meta, txt ->
            def kv = txt.text.trim().split(/\s+/).collectEntries { it.contains('=') ? [(it.split('=', 2)[0]): it.split('=', 2)[1]] : [:] }
            "${meta.id}\t${kv.auc ?: 'NA'}\t${kv.ap ?: 'NA'}\t${kv.n ?: 'NA'}\t${txt.text.trim()}\n"
        }
        .collectFile(name: 'evaluation.tsv', storeDir: "${params.outdir}/summary", sort: true,
                     seed: "name\tauc\tap\tn\tmetrics\n")

    // ---- variant effects and mutation maps (when a VCF and genome are known)
    ch_var_in = ch_models
        .combine(ch_vcf)
        .combine(ch_genome)   // [meta, model, vcf, fasta, fai]
    ch_effects = Channel.empty()
    ch_mutmaps = Channel.empty()
    ch_motifs  = Channel.empty()
    if (!params.skip_variants) {
        VARIANTS(ch_var_in)
        ch_versions = ch_versions.mix(VARIANTS.out.versions.first())
        ch_effects = VARIANTS.out.effects
    }
    if (!params.skip_mutmap) {
        MUTMAP(ch_var_in)
        ch_versions = ch_versions.mix(MUTMAP.out.versions.first())
        ch_mutmaps = MUTMAP.out.maps
    }

    // ---- motifs from the first-layer filters, scanned over the training positives
    if (!params.skip_motifs) {
        MOTIFS(ch_models.join(ch_sets.map { meta, train, _test -> [meta, train] }), ch_genome_opt)
        ch_versions = ch_versions.mix(MOTIFS.out.versions.first())
        ch_motifs = MOTIFS.out.motifs
    }

    // ---- one HTML report: every model's outputs in one tuple, absent ones as NO_FILE, in model order
    if (!params.skip_report) {
        ch_report = ch_models
            .join(TRAIN.out.log)
            .join(EVALUATE.out.scores, remainder: true)
            .join(ch_effects, remainder: true)
            .join(ch_mutmaps, remainder: true)
            .join(ch_motifs, remainder: true)
            .filter { it[1] != null }
            .map { meta, model, log, scores, effects, mutmap, motifs ->
                [meta, model, log, scores ?: no_file, effects ?: no_file, mutmap ?: no_file, motifs ?: no_file] }
            .toSortedList { a, b -> a[0].id <=> b[0].id }
            .filter { it }
        REPORT(
            ch_report.map { rows -> rows.collect { it[0] } },
            ch_report.map { rows -> rows.collect { it[1] } },
            ch_report.map { rows -> rows.collect { it[2] } },
            ch_report.map { rows -> rows.collect { it[3] } },
            ch_report.map { rows -> rows.collect { it[4] } },
            ch_report.map { rows -> rows.collect { it[5] } },
            ch_report.map { rows -> rows.collect { it[6] } })
        ch_versions = ch_versions.mix(REPORT.out.versions)
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

#!/usr/bin/env nextflow
/*
 * seqbind pipeline: simulate (optional) -> train -> evaluate / variants / mutmap / motifs.
 * Run: nextflow run main.nf -profile test   (see README.md)
 */
nextflow.enable.dsl = 2

include { SEQBIND } from './workflows/seqbind'

def helpText() {
    return """
    seqbind pipeline

    Usage:
      nextflow run main.nf -profile test
      nextflow run main.nf --train train.seq.gz --test test.seq.gz [--vcf v.vcf --genome g.fa] --outdir results
      nextflow run main.nf --input samplesheet.csv [--vcf v.vcf --genome g.fa] --outdir results

    Inputs (one of):
      --input CSV            samplesheet name,train,test (DeepBind tables) or name,peaks,test (BED/narrowPeak + --genome)
      --train FILE           DeepBind .seq[.gz] training table (with --test FILE, --name NAME)
      (none)                 simulate a demo data set (--simulate_seed, --simulate_count, --simulate_motifs)
    Variants:
      --vcf FILE --genome FASTA   score variant effects and draw mutation maps (FASTA needs .fai)
    Training:
      --calibrate N --calibration_steps S --ensemble N --device auto|java --seed N --arch NAME
    Other:
      --outdir DIR (${params.outdir})  --seqbind PATH (${params.seqbind})
      --skip_variants --skip_mutmap --skip_motifs  --mutmap_limit N  --strand model|both
    """.stripIndent()
}

workflow {
    // the handler runs with WorkflowMetadata as its delegate: take what it needs from here
    def run = workflow
    def outdir = params.outdir
    def logger = log
    run.onComplete {
        if (run.success) {
            logger.info "seqbind: done, results in ${outdir}"
        } else {
            logger.info "seqbind: failed: ${run.errorMessage ?: 'see .nextflow.log'}"
        }
    }
    if (params.help) {
        log.info helpText()
        return
    }
    SEQBIND()
}

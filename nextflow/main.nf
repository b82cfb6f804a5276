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
      --input CSV            samplesheet with header name,train,test: one model per row
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
    if (params.help) {
        log.info helpText()
        return
    }
    SEQBIND()
}

workflow.onComplete {
    if (workflow.success) {
        log.info "seqbind: done, results in ${params.outdir}"
    } else {
        log.info "seqbind: failed: ${workflow.errorMessage ?: 'see .nextflow.log'}"
    }
}

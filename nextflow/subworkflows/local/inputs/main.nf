/*
 * Input checks that run before any task: parameters against nextflow_schema.json, file paths, and the
 * samplesheet row by row. Every failure stops the run with one line naming the parameter, or the samplesheet
 * line and column, and what was expected.
 */

// ---- parameters against nextflow_schema.json (types, enums, patterns, minimum; unknown names)
def validateParameters(Map given, schemaPath) {
    def schema = new groovy.json.JsonSlurper().parse(file(schemaPath).toFile())
    def props = [:]
    schema.definitions.each { _group, definition -> props.putAll(definition.properties ?: [:]) }
    def problems = []
    given.each { name, value ->
        if (name.contains('-')) {
            return  // Nextflow also stores --foo_bar as fooBar / foo-bar; checked under its snake_case name
        }
        def p = props[name]
        if (p == null) {
            if (!(name ==~ /[a-z][a-zA-Z0-9]*[A-Z].*/)) {
                problems << "unknown parameter --${name} (see nextflow_schema.json)"
            }
            return
        }
        if (value == null) {
            return
        }
        if (p.type == 'integer') {
            if (!(value instanceof Integer || value instanceof Long || value.toString() ==~ /-?\d+/)) {
                problems << "--${name} must be an integer, got '${value}'"
            } else if (p.minimum != null && (value.toString() as long) < (p.minimum as long)) {
                problems << "--${name} must be >= ${p.minimum}, got ${value}"
            }
        } else if (p.type == 'number') {
            if (!(value instanceof Number || value.toString().isNumber())) {
                problems << "--${name} must be a number, got '${value}'"
            }
        } else if (p.type == 'boolean') {
            if (!(value instanceof Boolean)) {
                problems << "--${name} is a flag (true/false), got '${value}'"
            }
        } else if (value instanceof Boolean) {
            problems << "--${name} needs a value"
        } else if (p['enum'] && !(value.toString() in p['enum'])) {
            problems << "--${name} must be one of ${p['enum'].join(', ')}, got '${value}'"
        } else if (p.pattern && !(value.toString() ==~ p.pattern)) {
            problems << "--${name} '${value}' does not match ${p.pattern}"
        }
    }
    if (problems) {
        error "seqbind: invalid parameters: ${problems.join('; ')}"
    }
}

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

// The contig names of a FASTA index (.fai), or a one-line stop naming who needs it.
def faiContigs(genome, String who) {
    def fai = file("${genome}.fai")
    if (!fai.exists()) {
        error "seqbind: ${who}: --genome ${genome} has no index ${genome}.fai beside it (samtools faidx)"
    }
    return fai.readLines().findAll { it }.collect { it.split('\t')[0] } as Set
}

// Problems of a peaks file (BED/narrowPeak): empty, malformed, or contigs the genome lacks; null when fine.
def peaksProblem(peaks, Set contigs) {
    def n = 0
    def unknown = [] as Set
    def bad = null
    def lines = peaks.name.endsWith('.gz') ? new java.util.zip.GZIPInputStream(peaks.newInputStream()).readLines()
        : peaks.readLines()
    lines.eachWithIndex { line, i ->
        if (!line.trim() || line.startsWith('#') || line.startsWith('track') || line.startsWith('browser')) {
            return
        }
        def f = line.split('\t')
        if (f.size() < 3 || !(f[1] ==~ /\d+/) || !(f[2] ==~ /\d+/) || (f[1] as long) >= (f[2] as long)) {
            bad = bad ?: "line ${i + 1} is not 'chrom<TAB>start<TAB>end' with start < end"
            return
        }
        n += 1
        if (!(f[0] in contigs)) {
            unknown << f[0]
        }
    }
    if (bad) {
        return bad
    }
    if (n == 0) {
        return "${peaks.name} has no peaks"
    }
    if (unknown) {
        def shown = unknown.take(3).join(', ')
        return "contig(s) ${shown}${unknown.size() > 3 ? ', ...' : ''} not in the genome (${contigs.take(5).join(', ')}${contigs.size() > 5 ? ', ...' : ''})"
    }
    return null
}

// A samplesheet path: absolute or a URL as given, else relative to the sheet's folder.
def sheetFile(sheet, String p) {
    return (p.startsWith('/') || p.contains('://')) ? file(p) : sheet.parent.resolve(p)
}

/*
 * The samplesheet's rows as [meta, train, test]: meta.id from the name column, meta.peaks when the row gives
 * a peaks file (then train/test are peak files, test [] when the pipeline splits them), meta.test when a
 * test file was given. Relative paths are resolved against the sheet's folder.
 */
def readSamplesheet(sheetPath, genome) {
    def sheet = existingFile('--input', sheetPath)
    def rows = sheet.splitCsv(header: true, strip: true)
    if (rows.isEmpty()) {
        error "seqbind: samplesheet ${sheetPath} has no rows (expected header name,train,test or name,peaks,test)"
    }
    def columns = rows[0].keySet()
    if (!('name' in columns) || !(('train' in columns) || ('peaks' in columns))) {
        error "seqbind: samplesheet ${sheetPath} line 1: needs columns name and train and/or peaks (found ${columns.join(',')})"
    }
    def contigs = null
    def seen = [] as Set
    def sets = []
    rows.eachWithIndex { row, i ->
        def line = i + 2
        def where = "samplesheet ${sheet.name} line ${line}"
        def name = row.name ?: ''
        if (!(name ==~ /[A-Za-z0-9][A-Za-z0-9_.-]*/)) {
            error "seqbind: ${where}, column name: '${name}' must be letters, digits, '_', '.' or '-'"
        }
        if (!seen.add(name)) {
            error "seqbind: ${where}, column name: duplicate name '${name}'"
        }
        if (!!row.train == !!row.peaks) {
            error "seqbind: ${where}: give exactly one of the columns train (DeepBind .seq table) and peaks (BED/narrowPeak)"
        }
        def column = row.train ? 'train' : 'peaks'
        def main = sheetFile(sheet, row[column])
        if (!main.exists() || main.isDirectory()) {
            error "seqbind: ${where}, column ${column}: file not found: ${row[column]}"
        }
        def test = []
        if (row.test) {
            test = sheetFile(sheet, row.test)
            if (!test.exists() || test.isDirectory()) {
                error "seqbind: ${where}, column test: file not found: ${row.test}"
            }
        }
        if (row.peaks) {
            if (genome == null) {
                error "seqbind: ${where}, column peaks: peak rows need --genome (indexed FASTA)"
            }
            contigs = contigs ?: faiContigs(genome, "${where}, column peaks")
            [[column, main, row[column]], ['test', test, row.test]].each { col, f, given ->
                def problem = f ? peaksProblem(f, contigs) : null
                if (problem) {
                    error "seqbind: ${where}, column ${col} (${given}): ${problem}"
                }
            }
        } else if (main.name ==~ /.*\.(bed|narrowPeak)(\.gz)?$/) {
            error "seqbind: ${where}, column train: ${row.train} is a peak file: put it in the peaks column"
        }
        sets << [[id: name, peaks: !!row.peaks, test: !!row.test], main, test]
    }
    return sets
}

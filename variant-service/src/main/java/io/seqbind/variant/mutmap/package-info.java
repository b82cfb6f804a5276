/** In silico mutagenesis: every single-base substitution of a sequence scored against the wild type. */
package io.seqbind.variant.mutmap;

/** Motifs of first-layer convolution filters from their strongest activations, and MEME output. */
package io.seqbind.variant.motifs;

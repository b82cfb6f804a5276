/** SVG pictures: mutation maps (DeepBind Fig. 4 style) and sequence logos. */
package io.seqbind.variant.render;

/** The thin gRPC layer of the VariantService over the plain classes; not wired into Quarkus here. */
package io.seqbind.variant.grpc;

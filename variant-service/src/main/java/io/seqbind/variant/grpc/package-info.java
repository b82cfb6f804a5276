/**
 * The VariantService: {@link io.seqbind.variant.grpc.VariantGrpcService} maps messages to the plain classes
 * beside it (request fields, the ScoreVariants session, mutation map targets, motif inputs) and their
 * exceptions to statuses; Quarkus serves it as a bean, the CLI hosts it in-process.
 */
package io.seqbind.variant.grpc;

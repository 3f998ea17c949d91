/**
 * Benchmarks of the R2DBC stores (H2 and PostgreSQL). References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.benchmarks.r2dbc;

import org.jspecify.annotations.NullMarked;

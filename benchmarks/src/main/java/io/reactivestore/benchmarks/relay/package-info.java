/**
 * Relay benchmarks over loopback WebSockets: ingest, REQ, fan-out, hostile clients, cluster. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.benchmarks.relay;

import org.jspecify.annotations.NullMarked;

package io.reactivestore.store.layered;

/**
 * What one run of the L1 collector did.
 *
 * @param eventsBefore events indexed in L1 when the run started
 * @param bytesBefore their JSON bytes
 * @param evicted events the run removed from L1
 * @param eventsAfter events indexed in L1 when the run ended
 * @param bytesAfter their JSON bytes
 */
public record CollectionReport(long eventsBefore, long bytesBefore, long evicted, long eventsAfter, long bytesAfter) {
}

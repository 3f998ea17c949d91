package io.reactivestore.relay.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Ready-made {@link EventPolicy event policies} for common needs, to pass to
 * {@code RelayOptions.Builder.rejectEvent}. Each one is immutable, thread-safe and
 * allocation-free when it lets an event through.
 */
public final class Policies {

    private Policies() {
    }

    /**
     * Accepts only events whose kind is in {@code kinds}; others get {@code blocked:}.
     *
     * @param kinds event kinds (0-65535)
     * @return the policy
     */
    public static EventPolicy allowKinds(Collection<Integer> kinds) {
        Set<Integer> allowed = Set.copyOf(kinds);
        return (event, session) -> allowed.contains(event.kind()) ? Optional.empty()
                : Optional.of(Rejection.blocked("kind " + event.kind() + " is not accepted here"));
    }

    /**
     * Refuses events whose kind is in {@code kinds} with {@code blocked:}.
     *
     * @param kinds event kinds (0-65535)
     * @return the policy
     */
    public static EventPolicy denyKinds(Collection<Integer> kinds) {
        Set<Integer> denied = Set.copyOf(kinds);
        return (event, session) -> denied.contains(event.kind())
                ? Optional.of(Rejection.blocked("kind " + event.kind() + " is not accepted here")) : Optional.empty();
    }

    /**
     * Accepts only events written by one of {@code pubkeys}; others get {@code blocked:}.
     *
     * @param pubkeys public keys (64 lowercase hex characters each)
     * @return the policy
     */
    public static EventPolicy allowPubkeys(Collection<String> pubkeys) {
        Set<String> allowed = Set.copyOf(pubkeys);
        return (event, session) -> allowed.contains(event.pubkey()) ? Optional.empty()
                : Optional.of(Rejection.blocked("this pubkey may not write here"));
    }

    /**
     * Refuses events written by one of {@code pubkeys} with {@code blocked:}.
     *
     * @param pubkeys public keys (64 lowercase hex characters each)
     * @return the policy
     */
    public static EventPolicy denyPubkeys(Collection<String> pubkeys) {
        Set<String> denied = Set.copyOf(pubkeys);
        return (event, session) -> denied.contains(event.pubkey())
                ? Optional.of(Rejection.blocked("this pubkey is banned")) : Optional.empty();
    }

    /**
     * Refuses events whose {@code content} has more than {@code maxCharacters} Unicode characters, with {@code invalid:}.
     *
     * @param maxCharacters the most Unicode characters allowed
     * @return the policy
     */
    public static EventPolicy maxContentLength(int maxCharacters) {
        return (event, session) -> {
            String content = event.content();
            if (content.length() <= maxCharacters
                    || content.codePointCount(0, content.length()) <= maxCharacters) {
                return Optional.empty();
            }
            return Optional.of(Rejection.invalid("content is longer than " + maxCharacters + " characters"));
        };
    }

    /**
     * Refuses events with more than {@code maxTags} tags, with {@code invalid:}.
     *
     * @param maxTags the most tags allowed
     * @return the policy
     */
    public static EventPolicy maxTags(int maxTags) {
        return (event, session) -> event.tags().size() <= maxTags ? Optional.empty()
                : Optional.of(Rejection.invalid("more than " + maxTags + " tags"));
    }

    /**
     * Refuses events whose {@code created_at} lies more than {@code past} before or {@code future} after
     * the clock's now, with {@code invalid:}; a {@code null} bound is no bound.
     *
     * @param clock the clock
     * @param past how far before the clock's time {@code created_at} may be
     * @param future how far after the clock's time {@code created_at} may be
     * @return the policy
     */
    public static EventPolicy createdAtWindow(@Nullable Duration past, @Nullable Duration future, Clock clock) {
        long pastSeconds = past == null ? Long.MAX_VALUE : past.getSeconds();
        long futureSeconds = future == null ? Long.MAX_VALUE : future.getSeconds();
        return (event, session) -> {
            long now = clock.millis() / 1000;
            long at = event.createdAt();
            if (at > now && at - now > futureSeconds) {
                return Optional.of(Rejection.invalid("created_at is more than " + futureSeconds
                        + " seconds in the future"));
            }
            if (at < now && now - at > pastSeconds) {
                return Optional.of(Rejection.invalid("created_at is more than " + pastSeconds + " seconds in the past"));
            }
            return Optional.empty();
        };
    }

    /**
     * NIP-13: refuses events whose id has fewer than {@code minDifficulty} leading zero bits, or whose
     * {@code nonce} tag commits to a lower target, with {@code pow:}.
     *
     * @param minDifficulty the fewest leading zero bits of the id (NIP-13)
     * @return NIP-13: refuses events whose id has fewer than {@code minDifficulty} leading zero bits, or whose {@code nonce} tag commits to a lower target, with {@code pow:}
     */
    public static EventPolicy proofOfWork(int minDifficulty) {
        return (event, session) -> {
            int difficulty = ProofOfWork.difficulty(event.id());
            if (difficulty < minDifficulty) {
                return Optional.of(Rejection.of(Rejection.Reason.POW,
                        "difficulty " + difficulty + " is less than " + minDifficulty));
            }
            Integer committed = ProofOfWork.committedTarget(event);
            if (committed != null && committed < minDifficulty) {
                return Optional.of(Rejection.of(Rejection.Reason.POW,
                        "committed target " + committed + " is less than " + minDifficulty));
            }
            return Optional.empty();
        };
    }

    /**
     * An event policy that applies {@code policies} in order; the first rejection wins.
     *
     * @param policies the policies, applied in order
     * @return an event policy that applies {@code policies} in order; the first rejection wins
     */
    public static EventPolicy all(Collection<EventPolicy> policies) {
        EventPolicy[] chain = policies.toArray(new EventPolicy[0]);
        return (event, session) -> {
            for (EventPolicy policy : chain) {
                Optional<Rejection> verdict = policy.check(event, session);
                if (verdict.isPresent()) {
                    return verdict;
                }
            }
            return Optional.empty();
        };
    }
}

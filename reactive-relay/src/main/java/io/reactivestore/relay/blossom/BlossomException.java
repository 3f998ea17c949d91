package io.reactivestore.relay.blossom;

/** A refusal with its HTTP status and the {@code X-Reason} text; signalled, never thrown past the server. */
final class BlossomException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    BlossomException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static BlossomException unauthorized(String reason) {
        return new BlossomException(401, reason);
    }
}

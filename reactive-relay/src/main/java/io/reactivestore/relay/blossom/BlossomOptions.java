package io.reactivestore.relay.blossom;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link BlossomServer} allows: immutable, made by {@link #builder()}. Defaults: uploads and
 * deletes need a BUD-11 token, GET, HEAD and list do not; any pubkey, any MIME type, 100 MiB per blob,
 * no quota; the public URL and the server name come from each request's {@code Host} header; BUD-04
 * mirroring fetches within 60 s, following at most 5 redirects, never from private addresses.
 */
public final class BlossomOptions {

    private final @Nullable String publicUrl;
    private final @Nullable String serverName;
    private final long maxBlobBytes;
    private final long quotaBytesPerPubkey;
    private final @Nullable Set<String> allowedPubkeys;
    private final @Nullable Set<String> allowedMediaTypes;
    private final boolean authForGet;
    private final boolean authForList;
    private final Clock clock;
    private final Duration mirrorTimeout;
    private final int mirrorMaxRedirects;
    private final boolean mirrorPrivateAddresses;

    private BlossomOptions(Builder b) {
        this.publicUrl = b.publicUrl;
        this.serverName = b.serverName;
        this.maxBlobBytes = b.maxBlobBytes;
        this.quotaBytesPerPubkey = b.quotaBytesPerPubkey;
        this.allowedPubkeys = b.allowedPubkeys;
        this.allowedMediaTypes = b.allowedMediaTypes;
        this.authForGet = b.authForGet;
        this.authForList = b.authForList;
        this.clock = b.clock;
        this.mirrorTimeout = b.mirrorTimeout;
        this.mirrorMaxRedirects = b.mirrorMaxRedirects;
        this.mirrorPrivateAddresses = b.mirrorPrivateAddresses;
    }

    /** {@return a builder with the defaults in the class comment} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the base URL of blob descriptors, without trailing slash; {@code null}: from the Host header} */
    public @Nullable String publicUrl() {
        return publicUrl;
    }

    /** {@return the domain {@code server} tags must name; {@code null}: the Host header's host} */
    public @Nullable String serverName() {
        return serverName;
    }

    /** {@return the largest blob accepted, in bytes} */
    public long maxBlobBytes() {
        return maxBlobBytes;
    }

    /** {@return how many bytes one pubkey may own in total; {@link Long#MAX_VALUE} for no quota} */
    public long quotaBytesPerPubkey() {
        return quotaBytesPerPubkey;
    }

    /** {@return the pubkeys allowed to upload; {@code null} for any} */
    public @Nullable Set<String> allowedPubkeys() {
        return allowedPubkeys;
    }

    /** {@return the MIME types accepted (lowercase, no parameters); {@code null} for any} */
    public @Nullable Set<String> allowedMediaTypes() {
        return allowedMediaTypes;
    }

    /** {@return whether GET and HEAD of a blob need a token with {@code t=get}} */
    public boolean authForGet() {
        return authForGet;
    }

    /** {@return whether listing needs a token with {@code t=list}} */
    public boolean authForList() {
        return authForList;
    }

    /** {@return the clock token times are checked against and uploads are dated by} */
    public Clock clock() {
        return clock;
    }

    /** {@return how long a {@code PUT /mirror} may take to fetch its blob, redirects included} */
    public Duration mirrorTimeout() {
        return mirrorTimeout;
    }

    /** {@return how many redirects a {@code PUT /mirror} follows} */
    public int mirrorMaxRedirects() {
        return mirrorMaxRedirects;
    }

    /** {@return whether {@code PUT /mirror} may fetch from loopback, link-local and private addresses} */
    public boolean mirrorPrivateAddresses() {
        return mirrorPrivateAddresses;
    }

    /** Builds {@link BlossomOptions}; not thread-safe. */
    public static final class Builder {

        private @Nullable String publicUrl;
        private @Nullable String serverName;
        private long maxBlobBytes = 100L << 20;
        private long quotaBytesPerPubkey = Long.MAX_VALUE;
        private @Nullable Set<String> allowedPubkeys;
        private @Nullable Set<String> allowedMediaTypes;
        private boolean authForGet;
        private boolean authForList;
        private Clock clock = Clock.systemUTC();
        private Duration mirrorTimeout = Duration.ofSeconds(60);
        private int mirrorMaxRedirects = 5;
        private boolean mirrorPrivateAddresses;

        private Builder() {
        }

        /**
         * The base URL of blob descriptors ({@code https://cdn.example.com}); its host becomes the
         * server name unless {@link #serverName} is set.
         *
         * @param url an http or https URL, or {@code null} to use each request's Host header
         * @return this builder
         */
        public Builder publicUrl(@Nullable String url) {
            if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("publicUrl: must start with http:// or https://");
            }
            this.publicUrl = url == null ? null : url.replaceAll("/+$", "");
            return this;
        }

        /**
         * The domain name {@code server} tags must name.
         *
         * @param name a lowercase domain, or {@code null} for the public URL's or Host header's host
         * @return this builder
         */
        public Builder serverName(@Nullable String name) {
            this.serverName = name == null ? null : name.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * The largest blob accepted (413 beyond, checked on Content-Length and while streaming).
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxBlobBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBlobBytes: must be at least 1");
            }
            this.maxBlobBytes = bytes;
            return this;
        }

        /**
         * How many bytes one pubkey may own in total (429 beyond).
         *
         * @param bytes at least 1; {@link Long#MAX_VALUE} for no quota
         * @return this builder
         */
        public Builder quotaBytesPerPubkey(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("quotaBytesPerPubkey: must be at least 1");
            }
            this.quotaBytesPerPubkey = bytes;
            return this;
        }

        /**
         * The only pubkeys allowed to upload (403 for others).
         *
         * @param pubkeys hex pubkeys, or {@code null} for any
         * @return this builder
         */
        public Builder allowedPubkeys(@Nullable Set<String> pubkeys) {
            this.allowedPubkeys = pubkeys == null ? null : Set.copyOf(pubkeys);
            return this;
        }

        /**
         * The only MIME types accepted (415 for others), matched without parameters.
         *
         * @param types lowercase types such as {@code image/png}, or {@code null} for any
         * @return this builder
         */
        public Builder allowedMediaTypes(@Nullable Set<String> types) {
            this.allowedMediaTypes = types == null ? null : Set.copyOf(types);
            return this;
        }

        /**
         * Whether GET and HEAD of a blob need a token ({@code t=get}). Default {@code false}.
         *
         * @param required whether they do
         * @return this builder
         */
        public Builder authForGet(boolean required) {
            this.authForGet = required;
            return this;
        }

        /**
         * Whether listing needs a token ({@code t=list}). Default {@code false}.
         *
         * @param required whether it does
         * @return this builder
         */
        public Builder authForList(boolean required) {
            this.authForList = required;
            return this;
        }

        /**
         * The clock (tests fix it). Default: the system's UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long a {@code PUT /mirror} may take to fetch and store its blob, redirects included (502
         * beyond, nothing stored). Default 60 s.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder mirrorTimeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("mirrorTimeout: must be positive");
            }
            this.mirrorTimeout = timeout;
            return this;
        }

        /**
         * How many redirects a {@code PUT /mirror} follows, each to http or https only (502 beyond). Default 5.
         *
         * @param redirects at least 0
         * @return this builder
         */
        public Builder mirrorMaxRedirects(int redirects) {
            if (redirects < 0) {
                throw new IllegalArgumentException("mirrorMaxRedirects: must be at least 0");
            }
            this.mirrorMaxRedirects = redirects;
            return this;
        }

        /**
         * Whether {@code PUT /mirror} may fetch from loopback, link-local, site-local (RFC 1918) and unique
         * local addresses (403 when not). Default {@code false}: a mirror must not reach the operator's own
         * network on a client's behalf.
         *
         * @param allowed whether it may
         * @return this builder
         */
        public Builder mirrorPrivateAddresses(boolean allowed) {
            this.mirrorPrivateAddresses = allowed;
            return this;
        }

        /** {@return the options} */
        public BlossomOptions build() {
            return new BlossomOptions(this);
        }
    }
}

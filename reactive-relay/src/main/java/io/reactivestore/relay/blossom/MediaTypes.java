package io.reactivestore.relay.blossom;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** MIME types: normalising a header, guessing from a blob's first bytes, and a file extension per type. */
final class MediaTypes {

    static final String OCTET_STREAM = "application/octet-stream";

    /** How many leading bytes {@link #sniff} looks at. */
    static final int SNIFF_BYTES = 16;

    private static final Pattern TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]{1,64}/[a-z0-9!#$&^_.+-]{1,64}");

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"), Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"), Map.entry("image/svg+xml", "svg"), Map.entry("video/mp4", "mp4"),
            Map.entry("video/webm", "webm"), Map.entry("audio/mpeg", "mp3"), Map.entry("audio/ogg", "ogg"),
            Map.entry("application/pdf", "pdf"), Map.entry("text/plain", "txt"),
            Map.entry("application/json", "json"), Map.entry("application/zip", "zip"));

    private MediaTypes() {
    }

    /** The type of a header value, lowercase without parameters, or {@code null} if absent or malformed. */
    static @Nullable String normalize(String header) {
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return TYPE.matcher(type).matches() ? type : null;
    }

    /** The file extension (without dot) for {@code type}; {@code bin} when unknown. */
    static String extension(@Nullable String type) {
        return type == null ? "bin" : EXTENSIONS.getOrDefault(type, "bin");
    }

    /** The type the first bytes of a blob suggest, {@link #OCTET_STREAM} when none. */
    static String sniff(byte[] head, int length) {
        if (starts(head, length, 0, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (starts(head, length, 0, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(head, length, 0, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (starts(head, length, 0, 'R', 'I', 'F', 'F') && starts(head, length, 8, 'W', 'E', 'B', 'P')) {
            return "image/webp";
        }
        if (starts(head, length, 0, '%', 'P', 'D', 'F')) {
            return "application/pdf";
        }
        if (starts(head, length, 4, 'f', 't', 'y', 'p')) {
            return "video/mp4";
        }
        if (starts(head, length, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video/webm";
        }
        if (starts(head, length, 0, 'I', 'D', '3')) {
            return "audio/mpeg";
        }
        if (starts(head, length, 0, 'O', 'g', 'g', 'S')) {
            return "audio/ogg";
        }
        if (starts(head, length, 0, 'P', 'K', 3, 4)) {
            return "application/zip";
        }
        return OCTET_STREAM;
    }

    private static boolean starts(byte[] head, int length, int at, int... magic) {
        if (length < at + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[at + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}

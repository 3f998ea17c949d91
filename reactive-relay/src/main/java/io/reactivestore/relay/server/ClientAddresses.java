package io.reactivestore.relay.server;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who a client is: the peer of its socket, or, when that peer is a configured trusted proxy, the address
 * the proxy names in {@code X-Forwarded-For} (the right-most entry that is not itself a trusted proxy)
 * or {@code X-Real-IP}. Budgets are kept per {@linkplain #budgetKey key}: an IPv4 address, or the /64
 * of an IPv6 address (one subscriber usually holds a whole /64). Header values are parsed as IP literals
 * only, never resolved through DNS. Immutable and thread-safe.
 */
final class ClientAddresses {

    /** An address block: the first {@code prefix} bits of {@code network}. */
    record Block(byte[] network, int prefix) {

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> trusted;

  ClientAddresses(List<String> trustedProxies) {
        List<Block> blocks = new ArrayList<>(trustedProxies.size());
        for (String proxy : trustedProxies) {
            blocks.add(parseBlock(proxy));
        }
        this.trusted = List.copyOf(blocks);
    }

    /** An IP literal ({@code 10.1.2.3}) or CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}); {@code null} if neither. */
    static @Nullable Block parseBlock(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        InetAddress address = literal(slash < 0 ? value : value.substring(0, slash));
        if (address == null) {
            return null;
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > bits) {
                return null;
            }
        }
        return new Block(address.getAddress(), prefix);
    }

    /** An IP literal as an address (IPv4-mapped IPv6 as IPv4), or {@code null}; never a DNS lookup. */
    static @Nullable InetAddress literal(String text) {
        String value = text.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        return NetUtil.isValidIpV4Address(value) || NetUtil.isValidIpV6Address(value)
                ? NetUtil.createInetAddressFromIpAddressString(value) : null;
    }

    /** Whether any trusted proxy is configured. */
    boolean anyTrusted() {
        return !trusted.isEmpty();
    }

    /** Whether {@code peer} is a trusted proxy. */
    boolean isTrusted(InetAddress peer) {
        for (Block block : trusted) {
            if (block.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client behind a request from {@code peer}: {@code peer} itself unless it is a trusted proxy
     * whose headers name a valid address.
     */
    InetAddress client(InetAddress peer, HttpHeaders headers) {
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = headers.getAll("X-Forwarded-For");
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String[] hops = forwarded.get(i).split(",");
            for (int j = hops.length - 1; j >= 0; j--) {
                InetAddress hop = literal(hops[j]);
                if (hop == null) {
                    return peer;
                }
                if (!isTrusted(hop)) {
                    return hop;
                }
            }
        }
        String realIp = headers.get("X-Real-IP");
        InetAddress real = realIp == null ? null : literal(realIp);
        return real != null ? real : peer;
    }

    /** The key budgets are kept under: the address itself for IPv4, its /64 for IPv6. */
    static InetAddress budgetKey(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

import type { IncomingMessage } from "node:http";
import { addressGroup, clientAddress } from "../../src/http/client-address";

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  }) as unknown as IncomingMessage;

describe("clientAddress", () => {
  it("is the socket's peer without trusted proxies, whatever X-Forwarded-For says", () => {
    expect(clientAddress(request("10.0.0.7", "1.2.3.4"), 0)).toBe("10.0.0.7");
  });

  it("is the entry the farthest trusted proxy appended; entries to its left are the client's own words", () => {
    expect(clientAddress(request("10.0.0.1", "6.6.6.6, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientAddress(request("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
    // Fewer entries than trusted proxies: it did not come through them all.
    expect(clientAddress(request("10.0.0.1"), 1)).toBe("10.0.0.1");
  });

  it("counts an IPv6 host by its /64, and an IPv4-mapped address as IPv4", () => {
    expect(addressGroup("2001:db8:0:1::5")).toBe("2001:db8:0:1::/64");
    expect(addressGroup("2001:0db8:0000:0001:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:0:1::/64");
    expect(addressGroup("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(clientAddress(request("2001:db8:0:1::99"), 0)).toBe(clientAddress(request("2001:db8:0:1::5"), 0));
  });
});

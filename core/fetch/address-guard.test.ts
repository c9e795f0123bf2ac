import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type AddressClass,
  classifyAddress,
  isIpLiteral,
  isPublicAddress,
} from "./address-guard.ts";

const TABLE: Array<[address: string, cls: AddressClass]> = [
  // IPv4: the web
  ["93.184.216.34", "public"],
  ["8.8.8.8", "public"],
  ["1.1.1.1", "public"],
  ["172.15.255.255", "public"], // just below 172.16/12
  ["172.32.0.1", "public"], // just above it
  ["100.63.255.255", "public"], // just below CGNAT
  ["100.128.0.0", "public"], // just above it
  ["192.175.48.1", "public"], // AS112 anycast servers are public
  // IPv4: refused
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["169.254.169.254", "link-local"], // cloud metadata
  ["169.254.0.1", "link-local"],
  ["100.64.0.1", "cgnat"],
  ["100.127.255.255", "cgnat"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["255.255.255.255", "broadcast"],
  ["240.0.0.1", "reserved"],
  ["192.0.0.8", "reserved"],
  ["198.18.0.1", "reserved"],
  ["192.0.2.1", "documentation"],
  ["198.51.100.7", "documentation"],
  ["203.0.113.9", "documentation"],
  // IPv6: the web
  ["2606:4700:4700::1111", "public"],
  ["2001:4860:4860::8888", "public"],
  ["[2a00:1450:4001:82b::200e]", "public"],
  // IPv6: refused
  ["::1", "loopback"],
  ["[::1]", "loopback"],
  ["::", "unspecified"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["fc00::1", "unique-local"],
  ["fd12:3456:789a::1", "unique-local"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "documentation"],
  ["3fff::1", "documentation"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"], // Teredo
  ["100::1", "reserved"],
  ["fec0::1", "reserved"],
  ["::7f00:1", "reserved"], // IPv4-compatible, deprecated
  ["4000::1", "reserved"], // outside 2000::/3
  // IPv6 forms carrying an IPv4 address are judged by it
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:10.1.2.3", "private"],
  ["::ffff:169.254.169.254", "link-local"],
  ["::ffff:8.8.8.8", "public"],
  ["64:ff9b::7f00:1", "loopback"], // NAT64 of 127.0.0.1
  ["64:ff9b::808:808", "public"], // NAT64 of 8.8.8.8
  ["2002:a00:1::1", "private"], // 6to4 of 10.0.0.1
  ["2002:808:808::1", "public"], // 6to4 of 8.8.8.8
];

for (const [address, cls] of TABLE) {
  test(`address guard: ${address} is ${cls}`, () => {
    assert.equal(classifyAddress(address), cls);
    assert.equal(isPublicAddress(address), cls === "public");
  });
}

test("address guard: what is not an IP address is a TypeError, and never public", () => {
  for (const bad of ["example.com", "", "127.1", "0x7f.0.0.1", "2130706433", "1.2.3.4.5", "::g"]) {
    assert.throws(() => classifyAddress(bad), TypeError, bad);
    assert.equal(isPublicAddress(bad), false, bad);
  }
});

test("address guard: IP literals are told from hostnames", () => {
  assert.equal(isIpLiteral("127.0.0.1"), true);
  assert.equal(isIpLiteral("[::1]"), true);
  assert.equal(isIpLiteral("::ffff:10.0.0.1"), true);
  assert.equal(isIpLiteral("localhost"), false);
  assert.equal(isIpLiteral("example.com"), false);
  assert.equal(isIpLiteral("1.2.3.4.example"), false);
});

/**
 * Recognises hosts that point inside the machine or the local network when written literally in a
 * URL. Host names that resolve there are the server adapter's to catch (it checks after DNS).
 * Expects a WHATWG URL `hostname`: IPv4 already in dotted form, IPv6 in brackets.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.startsWith('[') && host.endsWith(']')) {
    const groups = parseIPv6(host.slice(1, -1));
    return groups === undefined || isPrivateIPv6(groups);
  }
  const ipv4 = parseIPv4(host);
  return ipv4 !== undefined && isPrivateIPv4(ipv4);
}

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function inRange(octets: readonly number[], o: { base: readonly number[]; bits: number }): boolean {
  let remaining = o.bits;
  for (let i = 0; i < 4 && remaining > 0; i++) {
    const take = Math.min(8, remaining);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((octets[i] ?? 0) & mask) !== ((o.base[i] ?? 0) & mask)) return false;
    remaining -= take;
  }
  return true;
}

const PRIVATE_IPV4: ReadonlyArray<{ base: readonly number[]; bits: number }> = [
  { base: [0, 0, 0, 0], bits: 8 }, // "this network", 0.0.0.0 included
  { base: [10, 0, 0, 0], bits: 8 },
  { base: [100, 64, 0, 0], bits: 10 }, // carrier-grade NAT
  { base: [127, 0, 0, 0], bits: 8 },
  { base: [169, 254, 0, 0], bits: 16 }, // link-local, cloud metadata endpoints
  { base: [172, 16, 0, 0], bits: 12 },
  { base: [192, 168, 0, 0], bits: 16 },
  { base: [255, 255, 255, 255], bits: 32 },
];

function isPrivateIPv4(octets: readonly number[]): boolean {
  return PRIVATE_IPV4.some((range) => inRange(octets, range));
}

/** Eight 16-bit groups, or undefined when the text is not an IPv6 address. */
function parseIPv6(text: string): number[] | undefined {
  let body = text.replace(/%.*$/, '');
  // A trailing dotted IPv4 (::ffff:127.0.0.1) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted?.[1]) {
    const octets = parseIPv4(dotted[1]);
    if (!octets) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    body = `${body.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!words.every((word) => /^[0-9a-f]{1,4}$/i.test(word))) return undefined;
  return words.map((word) => parseInt(word, 16));
}

function embeddedIPv4(groups: readonly number[]): number[] {
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

function isPrivateIPv6(groups: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0] = groups;
  // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return true;
  // IPv4-mapped ::ffff:a.b.c.d: a way around every IPv4 rule, refused whatever it holds.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return true;
  // NAT64 64:ff9b::a.b.c.d reaches the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isPrivateIPv4(embeddedIPv4(groups));
  }
  if ((g0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g0 & 0xffc0) === 0xfec0) return true; // fec0::/10 old site-local
  return false;
}

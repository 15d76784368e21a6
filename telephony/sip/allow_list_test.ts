import assert from "node:assert/strict";
import { AllowList, AllowListError } from "./allow_list.ts";

Deno.test("AllowList allows single addresses and CIDR blocks, IPv4 and IPv6", () => {
  const list = AllowList.parse("127.0.0.1, 10.20.0.0/16, 2001:db8::/32, ::1");
  for (
    const ok of [
      "127.0.0.1",
      "10.20.255.1",
      "10.20.0.0",
      "2001:db8:1::5",
      "::1",
      "::ffff:127.0.0.1",
    ]
  ) {
    assert.ok(list.allows(ok), ok);
  }
  for (const no of ["127.0.0.2", "10.21.0.1", "2001:db9::1", "::2", "", "evil", "1.2.3.4.5"]) {
    assert.ok(!list.allows(no), no);
  }
  assert.ok(AllowList.parse("0.0.0.0/0").allows("8.8.8.8"));
  assert.ok(!AllowList.parse("").allows("127.0.0.1"));
});

Deno.test("AllowList.parse() names the bad entry", () => {
  for (const bad of ["10.0.0.0/33", "300.1.1.1", "10.0.0.0/8/1", "::1/129", "abc", "10.0.0.0/x"]) {
    assert.throws(
      () => AllowList.parse(`127.0.0.1, ${bad}`),
      (e: Error) => e instanceof AllowListError && e.message.includes(bad),
    );
  }
});

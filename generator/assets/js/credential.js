/* The verification page: checks a signed certificate (an Open Badges 3.0 credential as a VC-JWT,
   EdDSA) in the browser, against the course's pinned public keys only (latih/credentials.js), with
   its dates and the revocation list shipped with the site. Nothing is sent anywhere: the credential
   comes from the URL fragment (which browsers never send), a pasted text or a scanned QR code.

   WebCrypto verifies where the page is a secure context and supports Ed25519; elsewhere (a
   plain-HTTP server on the LAN has no crypto.subtle) the vendored @noble/ed25519 does. The same
   checks, in the same order, as generator/tools/credentials.py's check(). */
(function () {
  "use strict";
  const PINNED = window.LatihCredentials || { issuer: null, keys: [], revoked: [] };
  const C = window.LatihCourse || {};
  const ui = C.ui || {};
  const fmt = (text, values) => String(text || "").replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  const TOKEN = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

  function bytes(b64url) {
    const text = atob(b64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((b64url.length + 3) % 4));
    return Uint8Array.from(text, (c) => c.charCodeAt(0));
  }
  const json = (b64url) => JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes(b64url)));
  const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

  const subtle = () => (window.isSecureContext && window.crypto && window.crypto.subtle) || null;

  // Returns [valid, method]; throws "no_crypto" when this browser can verify nothing
  async function signatureValid(jwk, data, signature) {
    if (subtle()) {
      try {
        const key = await subtle().importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
        return [await subtle().verify({ name: "Ed25519" }, key, signature, data), "webcrypto"];
      } catch (e) {
        // This browser's WebCrypto has no Ed25519: the vendored library below verifies
      }
    }
    if (window.LatihNoble) {
      try {
        return [window.LatihNoble.verify(signature, data, bytes(jwk.x)), "noble"];
      } catch (e) {
        return [false, "noble"];
      }
    }
    throw new Error("no_crypto");
  }

  async function sha256hex(text) {
    const data = new TextEncoder().encode(text);
    if (subtle()) return hex(await subtle().digest("SHA-256", data));
    return hex(window.LatihNoble.sha256(data));
  }

  async function check(token, now) {
    const parts = token.split(".");
    let header;
    try {
      header = json(parts[0]);
    } catch (e) {
      return { valid: false, reason: "credential_unreadable" };
    }
    if (!PINNED.issuer || !PINNED.keys.length) return { valid: false, reason: "credential_no_keys" };
    if (header.alg !== "EdDSA") return { valid: false, reason: "credential_bad_signature" };
    // Only a key the site pins: a key the credential carries (jwk, jku, x5c) is never used
    const key = PINNED.keys.find((k) => k.kid === header.kid);
    if (!key) return { valid: false, reason: "credential_unknown_key" };
    let valid, method;
    try {
      [valid, method] = await signatureValid(key, new TextEncoder().encode(parts[0] + "." + parts[1]), bytes(parts[2]));
    } catch (e) {
      return { valid: false, reason: "credential_no_crypto" };
    }
    if (!valid) return { valid: false, reason: "credential_bad_signature", method };
    let claims;
    try {
      claims = json(parts[1]);
    } catch (e) {
      return { valid: false, reason: "credential_unreadable", method };
    }
    const subject = claims.credentialSubject || {};
    const issuer = claims.issuer || {};
    const out = (valid, reason, values) => ({ valid, reason, claims, method, values: values || {} });
    if (typeof claims.nbf !== "number" || !claims.jti || !claims.sub || !claims.iss) return out(false, "credential_unreadable");
    if (claims.iss !== issuer.id || claims.jti !== claims.id || claims.sub !== subject.id || claims.iss !== PINNED.issuer.id)
      return out(false, "credential_inconsistent");
    const seconds = now / 1000;
    if (seconds < claims.nbf) return out(false, "credential_not_yet", { date: dateText(claims.nbf * 1000) });
    if (typeof claims.exp === "number" && seconds >= claims.exp) return out(false, "credential_expired", { date: dateText(claims.exp * 1000) });
    if ((PINNED.revoked || []).indexOf(claims.jti) >= 0) return out(false, "credential_revoked");
    return out(true, "credential_ok", { issuer: PINNED.issuer.name });
  }

  function dateText(ms) {
    try {
      return new Intl.DateTimeFormat(C.language || "id", { day: "numeric", month: "long", year: "numeric" }).format(new Date(ms));
    } catch (e) {
      return new Date(ms).toISOString().slice(0, 10);
    }
  }

  function identities(claims) {
    return ((claims.credentialSubject || {}).identifier || []).filter((i) => i && typeof i === "object");
  }

  function details(claims) {
    const subject = claims.credentialSubject || {};
    const achievement = subject.achievement || {};
    const name = identities(claims).find((i) => i.identityType === "name" && !i.hashed);
    const result = (subject.result || [])[0] || {};
    const rows = [
      [ui.verify_who, name ? name.identityHash : ""],
      [ui.verify_course, achievement.name],
      [ui.verify_version, achievement.version],
      [ui.verify_score, result.value !== undefined ? result.value + "%" : ""],
      [ui.verify_date, claims.awardedDate ? dateText(Date.parse(claims.awardedDate)) : ""],
      [ui.verify_issued, claims.validFrom ? dateText(Date.parse(claims.validFrom)) : ""],
      [ui.verify_valid_until, claims.validUntil ? dateText(Date.parse(claims.validUntil)) : ""],
      [ui.verify_issuer, (claims.issuer || {}).name],
      [ui.verify_id, claims.id],
    ];
    const list = document.createElement("dl");
    list.className = "latih-verify-details";
    for (const [label, value] of rows) {
      if (!value) continue;
      const term = document.createElement("dt");
      term.textContent = label;
      const text = document.createElement("dd");
      text.textContent = String(value);
      list.append(term, text);
    }
    return list;
  }

  function numberLabel() {
    const field = (C.participant || []).find((f) => f.id === "nip");
    return field ? field.label : "";
  }

  function showNumberCheck(box, claims) {
    const form = box.querySelector("[data-latih-number]");
    const label = numberLabel();
    if (!form || !label) return;
    const hashed = identities(claims).find((i) => i.hashed && i.identityType === "identifier");
    const say = form.querySelector("[data-latih-number-result]");
    form.querySelector("label span").textContent = fmt(ui.verify_number_label, { label });
    form.hidden = false;
    say.textContent = hashed ? "" : fmt(ui.verify_number_none, { label });
    form.querySelector("input").disabled = form.querySelector("button").disabled = !hashed;
    form.onsubmit = async (event) => {
      event.preventDefault();
      const typed = form.querySelector("input").value.trim();
      if (!typed) return;
      const digest = "sha256$" + (await sha256hex(typed + (hashed.salt || "")));
      const match = digest.toLowerCase() === String(hashed.identityHash).toLowerCase();
      say.textContent = fmt(match ? ui.verify_number_match : ui.verify_number_mismatch, { label });
      say.className = match ? "latih-verify-ok" : "latih-verify-bad";
    };
  }

  async function run(box, text) {
    const result = box.querySelector("[data-latih-verify-result]");
    const number = box.querySelector("[data-latih-number]");
    if (number) number.hidden = true;
    result.hidden = false;
    result.className = "latih-verify-result";
    result.textContent = ui.verify_checking;
    const found = TOKEN.exec(text || "");
    const outcome = found ? await check(found[0], Date.now()) : { valid: false, reason: "credential_unreadable" };
    result.textContent = "";
    result.className = "latih-verify-result " + (outcome.valid ? "is-valid" : "is-invalid");
    result.dataset.reason = outcome.reason;
    result.dataset.method = outcome.method || "";
    const heading = document.createElement("p");
    heading.className = "latih-verify-verdict";
    heading.textContent = outcome.valid ? ui.verify_valid : ui.verify_invalid;
    const why = document.createElement("p");
    why.textContent = fmt(ui[outcome.reason], outcome.values || {});
    result.append(heading, why);
    // What a credential says is shown only when the organiser's signature vouches for it
    if (outcome.claims) result.append(details(outcome.claims));
    if (outcome.valid) showNumberCheck(box, outcome.claims);
    result.focus();
  }

  function init() {
    const box = document.querySelector("[data-latih-verify]");
    if (!box) return;
    const area = box.querySelector("textarea");
    const keys = box.querySelector("[data-latih-keys]");
    if (keys && PINNED.issuer) keys.textContent = fmt(ui.verify_keys, { issuer: PINNED.issuer.name, count: PINNED.keys.length });
    box.querySelector("[data-latih-verify-form]").addEventListener("submit", (event) => {
      event.preventDefault();
      run(box, area.value);
    });
    const fromFragment = () => {
      const hash = decodeURIComponent(location.hash.slice(1));
      if (!TOKEN.test(hash)) return;
      area.value = hash;
      run(box, hash);
    };
    window.addEventListener("hashchange", fromFragment);
    fromFragment();
  }

  window.Latih = window.Latih || {};
  window.Latih.credential = { check };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

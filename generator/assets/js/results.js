/* Latih results codes: the text (and QR code) a participant hands in after a graded quiz.
 * The format of generator/results.py, described in docs/results-code.md, pinned by
 * tests/vectors/results.json. The page supplies the bank fingerprint (data-fingerprint on
 * .latih-quiz), so no SHA-256 is needed here. A classic script: Chromium refuses modules on file://. */
(function () {
  "use strict";

  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U
  const PREFIX = /[Ll][Aa][Tt][Ii][Hh]1/g; // explicit ASCII: /i could match lookalike letters
  const NEXT_ALL = /[Ll][Aa][Tt][Ii][Hh]/g;
  // What a code may hold: every ASCII letter but U (O, I, L are read as 0, 1, 1), digits, dashes
  // and whitespace, so a code survives being wrapped, spaced out or typed in lower case.
  const RUN = /^[0-9A-TV-Za-tv-z\s-]*/;
  const NUMBER = /^(0|[1-9][0-9]{0,14})$/; // at most 15 digits: exact as a JavaScript number
  const ESCAPES = { "%": "%25", "|": "%7C", "\r": "%0D", "\n": "%0A" };
  const UNESCAPES = { "%25": "%", "%7C": "|", "%0D": "\r", "%0A": "\n" };

  function fail(reason, detail) {
    throw Object.assign(new Error(reason + ": " + detail), { reason });
  }

  // CRC-32 as zlib computes it; the table is built on first use, not on every page load.
  let table;
  function crc32(bytes) {
    if (!table) {
      table = new Int32Array(256);
      for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c;
      }
    }
    let c = -1;
    for (const b of bytes) c = table[(c ^ b) & 255] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  }

  // Encoding refuses what decoding would reject, so the page never shows a code the tools refuse.
  function number(value, limit = 1e15 - 1) {
    if (!Number.isInteger(value) || value < 0 || value > limit) throw new Error("out of range: " + value);
    return String(value);
  }
  const esc = (s) => String(s || "").replace(/[%|\r\n]/g, (ch) => ESCAPES[ch]);

  function encode(o) {
    if (!/^[0-9a-f]{8}$/.test(o.fingerprint)) throw new Error("bad fingerprint: " + o.fingerprint);
    const p = o.participant || {};
    const answers = o.answers.map(([index, ids]) => {
      const chosen = [...new Set(ids)].sort();
      if (!chosen.every((id) => /^[a-z]+$/.test(id))) throw new Error("bad option ids: " + ids);
      return number(index) + ":" + chosen.join(".");
    });
    const body = new TextEncoder().encode(
      ["1", esc(o.courseId), esc(o.courseVersion), esc(o.quizId), o.fingerprint, number(o.finishedAt),
        esc(p.name), esc(p.nip), esc(p.position), esc(p.agency), number(o.displayedPercent, 100),
        answers.join(",")].join("|"));
    const n = body.length;
    if (n > 0xffff) throw new Error("payload too long");
    const bytes = new Uint8Array(n + 6);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, n);
    bytes.set(body, 2);
    view.setUint32(n + 2, crc32(bytes.subarray(0, n + 2)));
    // Most significant bit first; the last symbol is filled up with zero bits.
    let out = "", acc = 0, bits = 0;
    for (const b of bytes) {
      acc = ((acc << 8) | b) & 0xfff;
      for (bits += 8; bits >= 5; bits -= 5) out += ALPHABET[(acc >> (bits - 5)) & 31];
    }
    if (bits) out += ALPHABET[(acc << (5 - bits)) & 31];
    return "LATIH1-" + out.match(/.{1,5}/g).join("-");
  }

  // The framed bytes of the first code in a text (length, payload, CRC-32), checked.
  function frame(input) {
    PREFIX.lastIndex = 0;
    if (!PREFIX.exec(input)) fail("not_a_code", "no LATIH1 prefix");
    const values = [...RUN.exec(input.slice(PREFIX.lastIndex))[0].replace(/[\s-]/g, "")].map((c) =>
      ALPHABET.indexOf(c.toUpperCase().replace("O", "0").replace(/[IL]/, "1")));
    if (!values.length) fail("not_a_code", "nothing follows the prefix");
    if (values.length < 4) fail("truncated", "the code ends before its length");
    const n = ((values[0] << 15) | (values[1] << 10) | (values[2] << 5) | values[3]) >> 4;
    const bytes = new Uint8Array(n + 6);
    // Whatever follows the bytes the code needs (chat text on the same line) is ignored.
    const needed = Math.ceil(((n + 6) * 8) / 5);
    if (values.length < needed) fail("truncated", "fewer bytes than the length says");
    let acc = 0, bits = 0, i = 0;
    for (const v of values.slice(0, needed)) {
      acc = ((acc << 5) | v) & 0xfff; // a byte plus a symbol never need more than 12 bits
      if ((bits += 5) >= 8) bytes[i++] = (acc >> (bits -= 8)) & 255;
    }
    // An honest encoder pads with zeros; anything else is a mistyped last symbol.
    if (acc & ((1 << bits) - 1)) fail("checksum", "padding bits not zero");
    if (crc32(bytes.subarray(0, n + 2)) !== new DataView(bytes.buffer).getUint32(n + 2)) fail("checksum", "CRC");
    return { bytes, n };
  }

  // The short reference a certificate prints (generator/results.py reference): the CRC-32 in
  // seven symbols, ABCD-EFG
  function reference(code) {
    const { bytes, n } = frame(code);
    let acc = 0, bits = 0, out = "";
    for (const b of bytes.subarray(n + 2)) {
      acc = ((acc << 8) | b) & 0xfff;
      for (bits += 8; bits >= 5; bits -= 5) out += ALPHABET[(acc >> (bits - 5)) & 31];
    }
    out += ALPHABET[(acc << (5 - bits)) & 31];
    return out.slice(0, 4) + "-" + out.slice(4);
  }

  // What the QR codes of a code hold: the code, or numbered parts (generator/results.py qr_texts)
  const QR_PIECE = 1000;
  function qrTexts(code) {
    if (code.length <= QR_PIECE + 7) return [code];
    const body = code.slice(7);
    const pieces = body.match(new RegExp(".{1," + QR_PIECE + "}", "g"));
    const ref = reference(code).replace("-", "");
    return pieces.map((piece, i) => `LATIH1*${i + 1}*${pieces.length}*${ref}*${piece}`);
  }

  function decode(input) {
    const { bytes, n } = frame(input);
    let payload;
    try {
      // ignoreBOM keeps a leading U+FEFF as Python does, instead of silently dropping it.
      payload = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2, n + 2));
    } catch (e) {
      fail("malformed", "payload is not UTF-8");
    }
    return parse(payload.split("|"));
  }

  const int = (s, limit = 1e15 - 1) => (NUMBER.test(s) && +s <= limit ? +s : fail("malformed", "number " + s));
  const unesc = (s) => s.replace(/%(25|7C|0D|0A)?/g, (m) => UNESCAPES[m] || fail("malformed", "bare %"));

  function parse(f) {
    if (f[0] !== "1") fail(NUMBER.test(f[0]) ? "version" : "malformed", "format version " + f[0]);
    if (f.length < 12) fail("malformed", f.length + " fields"); // more are fine: later versions add some
    if (!/^[0-9a-f]{8}$/.test(f[4])) fail("malformed", "fingerprint");
    const answers = f[11] ? f[11].split(",").map((item) => {
      const [, index, chosen] = /^([^:]*):(.*)$/.exec(item) || fail("malformed", "answer " + item);
      const ids = chosen ? chosen.split(".") : [];
      // Canonical form only (letters, sorted, once each), so an attempt has exactly one code.
      if (!ids.every((id, k) => /^[a-z]+$/.test(id) && !(k && ids[k - 1] >= id))) fail("malformed", item);
      return [int(index), ids];
    }) : [];
    const [name, nip, position, agency] = f.slice(6, 10).map(unesc);
    return {
      courseId: unesc(f[1]), courseVersion: unesc(f[2]), quizId: unesc(f[3]), fingerprint: f[4],
      finishedAt: int(f[5]), participant: { name, nip, position, agency },
      displayedPercent: int(f[10], 100), answers,
    };
  }

  // Each code in a text: from every LATIH1 over what a code may hold, up to the next LATIH. Each
  // run is read only up to the next LATIH, so the work grows with the text, as in Python.
  function find(input) {
    const starts = [...input.matchAll(NEXT_ALL)].map((m) => m.index);
    const codes = [];
    starts.forEach((start, i) => {
      const head = input.slice(start, start + 6);
      if (!/^[Ll][Aa][Tt][Ii][Hh]1$/.test(head)) return;
      const limit = i + 1 < starts.length ? starts[i + 1] : input.length;
      codes.push((head + RUN.exec(input.slice(start + 6, limit))[0]).trim());
    });
    return codes;
  }

  // The code as a QR image (vendor/lean-qr, error correction at least M). The SVG holds numbers
  // only, so nothing the participant typed reaches the markup. Upper case lets lean-qr choose
  // alphanumeric mode, about 40% smaller than bytes.
  // Throws when the text is beyond one QR code's capacity: qrTexts splits a code first.
  function qrSvg(code) {
    const Q = window.leanQr;
    if (!Q) return "";
    const qr = Q.generate(String(code).toUpperCase(), { minCorrectionLevel: Q.correction.M });
    const size = qr.size, side = size + 8; // a quiet zone of 4 modules
    let d = "";
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (qr.get(c, r)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">` +
      `<rect width="${side}" height="${side}" fill="#fff"/><path d="${d}"/></svg>`;
  }

  window.Latih = window.Latih || {};
  window.Latih.results = { encode, decode, find, qrSvg, qrTexts, reference };
})();

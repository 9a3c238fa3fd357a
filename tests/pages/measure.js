// Run in the page: what a reader would trip over. Returns {overflow: [...], contrast: [...]}.
// overflow: text that sticks out of the window or is clipped by its box;
// contrast: every button's label against what is behind it (WCAG 2 ratio).
(() => {
  const width = document.documentElement.clientWidth;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
  };
  const skipped = (el) => el.closest(".sr, .skip, svg, option, [hidden], details:not([open]) > :not(summary)");
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : ""} “${(el.textContent || el.value || "").trim().slice(0, 40)}”`;
  const overflow = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (skipped(el) || !visible(el)) continue;
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText) continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 || r.left < -1) overflow.push(`${describe(el)} spans ${Math.round(r.left)}–${Math.round(r.right)} px of ${width}`);
    const s = getComputedStyle(el);
    if (["hidden", "clip"].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1) overflow.push(`${describe(el)} is clipped`);
  }
  if (document.documentElement.scrollWidth > width + 1) overflow.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px in ${width})`);

  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, below) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat([1]); };
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const contrast = [];
  for (const el of document.querySelectorAll("button, a.button, input[type=submit]")) {
    if (skipped(el) || !visible(el)) continue;
    const back = background(el);
    const fore = over(parse(getComputedStyle(el).color), back);
    const [hi, lo] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    contrast.push({ label: (el.textContent || el.value).trim(), ratio: Math.round(ratio * 100) / 100 });
  }
  return { overflow, contrast };
})()

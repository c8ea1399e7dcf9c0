// The structure of the CAR T vs lifelong-therapy model (docs/methods.md, "Structure") as an inline
// SVG. Two hand-placed layouts: a wide one, and a tall one for narrow screens, so that the text
// stays legible when the SVG is scaled to the width of the page (a 780-unit drawing shown 350 px
// wide would have 5 px text). The SVG scales to the width it is given.

import { svg } from "htl";

let uid = 0;

/**
 * @typedef {object} Layout
 * @property {number} width drawing units
 * @property {number} height
 * @property {{title: number, text: number, edge: number}} font sizes in drawing units
 * @property {{box: number[], label: string, at: number[]}} group
 * @property {{id: string, box: number[], lines: string[], inline?: boolean}[]} nodes
 * @property {{points: number[][], label: string[], at: number[], anchor: string}[]} edges
 */

// Boxes: [x, y, width, height]; lines: first is the state's name (bold), the others smaller.
// Edges: points of a polyline ending with an arrow head; label: lines of text at [x, y] with an anchor.
/** @type {Layout} */
const WIDE = {
  width: 780,
  height: 430,
  font: { title: 15, text: 13, edge: 12.5 },
  group: { box: [12, 26, 756, 112], label: "CAR T arms only", at: [22, 39] },
  nodes: [
    { id: "Waiting", box: [28, 48, 160, 72], lines: ["Waiting", "on SoC until the", "product is ready"] },
    { id: "Infusion", box: [298, 48, 150, 72], lines: ["Infusion", "1 month: CRS,", "ICANS, TRM"] },
    { id: "Remission", box: [566, 48, 190, 72], lines: ["Remission", "drug-free; tunnels by", "month since infusion"] },
    { id: "Controlled", box: [120, 192, 170, 52], lines: ["Controlled", "on SoC"] },
    { id: "Active", box: [420, 192, 170, 52], lines: ["Active", "on SoC"] },
    {
      id: "Damage",
      box: [28, 296, 728, 44],
      lines: ["Damage", "irreversible; on SoC; absorbing except for death"],
      inline: true,
    },
    {
      id: "Dead",
      box: [28, 376, 728, 44],
      lines: ["Dead", "from every state: life-table rate + excess by state"],
      inline: true,
    },
  ],
  edges: [
    {
      points: [
        [188, 84],
        [298, 84],
      ],
      label: ["product", "released"],
      at: [243, 72],
      anchor: "middle",
    },
    {
      points: [
        [448, 84],
        [566, 84],
      ],
      label: ["response"],
      at: [507, 78],
      anchor: "middle",
    },
    {
      points: [
        [661, 48],
        [661, 14],
        [150, 14],
        [150, 48],
      ],
      label: ["relapse, retreated (× p_retreat)"],
      at: [405, 10],
      anchor: "middle",
    },
    {
      points: [
        [130, 120],
        [175, 192],
      ],
      label: ["manufacturing", "failure, not", "remade"],
      at: [142, 152],
      anchor: "end",
    },
    {
      points: [
        [395, 120],
        [450, 192],
      ],
      label: ["no response"],
      at: [412, 160],
      anchor: "end",
    },
    {
      points: [
        [625, 120],
        [560, 192],
      ],
      label: ["relapse, not", "retreated"],
      at: [612, 158],
      anchor: "start",
    },
    {
      points: [
        [290, 206],
        [420, 206],
      ],
      label: ["flare"],
      at: [355, 200],
      anchor: "middle",
    },
    {
      points: [
        [420, 230],
        [290, 230],
      ],
      label: ["control"],
      at: [355, 243],
      anchor: "middle",
    },
    {
      points: [
        [205, 244],
        [205, 296],
      ],
      label: ["damage"],
      at: [212, 274],
      anchor: "start",
    },
    {
      points: [
        [505, 244],
        [505, 296],
      ],
      label: ["damage"],
      at: [512, 274],
      anchor: "start",
    },
    {
      points: [
        [50, 120],
        [50, 296],
      ],
      label: ["damage"],
      at: [57, 274],
      anchor: "start",
    },
    {
      points: [
        [735, 120],
        [735, 296],
      ],
      label: ["damage"],
      at: [728, 274],
      anchor: "end",
    },
    {
      points: [
        [392, 340],
        [392, 376],
      ],
      label: ["death (h_damage)"],
      at: [400, 362],
      anchor: "start",
    },
  ],
};

/** @type {Layout} */
const NARROW = {
  width: 360,
  height: 590,
  font: { title: 14, text: 12, edge: 11.5 },
  group: { box: [6, 30, 348, 274], label: "CAR T arms only", at: [8, 22] },
  nodes: [
    { id: "Waiting", box: [110, 44, 150, 60], lines: ["Waiting", "on SoC until the", "product is ready"] },
    { id: "Infusion", box: [110, 136, 150, 60], lines: ["Infusion", "1 month: CRS,", "ICANS, TRM"] },
    {
      id: "Remission",
      box: [110, 228, 150, 60],
      lines: ["Remission", "drug-free; tunnels by", "month since infusion"],
    },
    { id: "Controlled", box: [12, 350, 124, 48], lines: ["Controlled", "on SoC"] },
    { id: "Active", box: [224, 350, 124, 48], lines: ["Active", "on SoC"] },
    {
      id: "Damage",
      box: [12, 438, 336, 52],
      lines: ["Damage", "irreversible; on SoC; entered from", "every living state"],
    },
    { id: "Dead", box: [12, 526, 336, 52], lines: ["Dead", "from every state:", "life-table rate + excess by state"] },
  ],
  edges: [
    {
      points: [
        [185, 104],
        [185, 136],
      ],
      label: ["product released"],
      at: [192, 124],
      anchor: "start",
    },
    {
      points: [
        [185, 196],
        [185, 228],
      ],
      label: ["response"],
      at: [192, 216],
      anchor: "start",
    },
    {
      points: [
        [260, 258],
        [338, 258],
        [338, 74],
        [260, 74],
      ],
      label: ["relapse,", "retreated"],
      at: [299, 232],
      anchor: "middle",
    },
    {
      points: [
        [110, 74],
        [22, 74],
        [22, 350],
      ],
      label: ["manufacturing", "failure"],
      at: [64, 56],
      anchor: "middle",
    },
    {
      points: [
        [110, 166],
        [44, 166],
        [44, 350],
      ],
      label: ["no", "response"],
      at: [76, 148],
      anchor: "middle",
    },
    {
      points: [
        [210, 288],
        [260, 350],
      ],
      label: ["relapse, not", "retreated"],
      at: [244, 314],
      anchor: "start",
    },
    {
      points: [
        [136, 366],
        [224, 366],
      ],
      label: ["flare"],
      at: [180, 360],
      anchor: "middle",
    },
    {
      points: [
        [224, 386],
        [136, 386],
      ],
      label: ["control"],
      at: [180, 399],
      anchor: "middle",
    },
    {
      points: [
        [100, 398],
        [100, 438],
      ],
      label: ["damage"],
      at: [107, 422],
      anchor: "start",
    },
    {
      points: [
        [286, 398],
        [286, 438],
      ],
      label: ["damage"],
      at: [293, 422],
      anchor: "start",
    },
    {
      points: [
        [180, 490],
        [180, 526],
      ],
      label: ["death (h_damage)"],
      at: [187, 512],
      anchor: "start",
    },
  ],
};

/**
 * modelDiagram(width): an SVG of the model structure, `width` pixels wide (the layout switches to a
 * tall one below 560 px). Patients who are not infused or do not respond return to standard of care
 * in its baseline mix of Controlled and Active; the caption on the page says so.
 */
export function modelDiagram(width = 640) {
  const L = width < 560 ? NARROW : WIDE;
  const shown = Math.min(width, L === NARROW ? 480 : 900);
  const id = `model-diagram-${++uid}`;
  const g = L.group;
  const edges = L.edges.map(
    (e) =>
      svg`<polyline points=${e.points.map((p) => p.join(",")).join(" ")} style="fill: none; stroke: var(--theme-foreground-muted, #555); stroke-width: 1.4;" marker-end=${`url(#${id}-arrow)`} />`,
  );
  const nodes = L.nodes.map((n) => {
    const [x, y, w, h] = n.box;
    const box = svg`<rect x=${x} y=${y} width=${w} height=${h} rx="6" style="fill: var(--theme-background-alt, #f4f4f4); stroke: var(--theme-foreground, #222); stroke-width: 1.2;" />`;
    if (n.inline) {
      return svg.fragment`${box}<text x=${x + w / 2} y=${y + h / 2 + 5} text-anchor="middle" style="fill: var(--theme-foreground, #222);"><tspan font-size=${L.font.title} font-weight="700">${n.lines[0]}</tspan><tspan font-size=${L.font.text}>${` — ${n.lines[1]}`}</tspan></text>`;
    }
    const lineHeight = L.font.text + 3;
    const top = y + h / 2 - ((n.lines.length - 1) * lineHeight) / 2 + 5;
    const lines = n.lines.map(
      (line, i) =>
        svg`<tspan x=${x + w / 2} y=${top + i * lineHeight} font-size=${i === 0 ? L.font.title : L.font.text} font-weight=${i === 0 ? 700 : 400}>${line}</tspan>`,
    );
    return svg.fragment`${box}<text x=${x + w / 2} text-anchor="middle" style="fill: var(--theme-foreground, #222);">${lines}</text>`;
  });
  const labels = L.edges.map(
    (e) =>
      svg`<text text-anchor=${e.anchor} font-size=${L.font.edge} style="fill: var(--theme-foreground-muted, #444);">${e.label.map(
        (line, i) => svg`<tspan x=${e.at[0]} y=${e.at[1] + i * (L.font.edge + 1.5)}>${line}</tspan>`,
      )}</text>`,
  );
  return svg`<svg viewBox=${`0 0 ${L.width} ${L.height}`} width=${shown} height=${Math.round((shown * L.height) / L.width)} role="img"
    aria-labelledby=${`${id}-title ${id}-desc`}
    aria-label="Model structure: CAR T arms start in Waiting, then Infusion, then drug-free Remission; standard-of-care states Controlled and Active; irreversible Damage; Dead"
    style="max-width: 100%; height: auto; display: block; font-family: var(--sans-serif, system-ui, sans-serif);"
  ><title id=${`${id}-title`}>Structure of the CAR T vs lifelong-therapy model</title><desc id=${`${id}-desc`}>${DESCRIPTION}</desc><defs><marker id=${`${id}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" style="fill: var(--theme-foreground-muted, #555);" /></marker></defs><rect x=${g.box[0]} y=${g.box[1]} width=${g.box[2]} height=${g.box[3]} rx="8" style="fill: none; stroke: var(--theme-foreground-faint, #999); stroke-dasharray: 5 4;" /><text x=${g.at[0]} y=${g.at[1]} font-size=${L.font.edge} style="fill: var(--theme-foreground-muted, #555); font-style: italic;">${g.label}</text>${edges}${nodes}${labels}</svg>`;
}

const DESCRIPTION =
  "In the CAR T arms patients wait on standard of care until the product is released, are infused (one month, with cytokine release syndrome, neurotoxicity and treatment-related death), and reach drug-free remission if they respond. " +
  "Manufacturing failure without a second attempt and non-response return patients to standard of care (Controlled or Active). From remission, relapse leads back to Waiting for retreatment or to Active disease. " +
  "Controlled and Active disease alternate by flare and regained control. Every living state can progress to irreversible Damage, which is absorbing except for death. Death can occur from every state.";

// Data loader: the health states and transitions of every disease's model, read off the model the
// builder makes (US preset, default durability; the preset changes no state or transition), so the
// structure diagrams of the Methods page are the model's own.
import { PRESETS, buildCartModel, structureGraph } from "../cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../cart/load.js";

try {
  const evidence = loadEvidence();
  const lifeTable = loadPresetLifeTables().us;
  const diseases = evidence.diseases.map((d) => {
    const built = buildCartModel(evidence, d.disease, PRESETS.us, lifeTable);
    return { disease: d.disease, label: d.label, ...structureGraph(built.spec) };
  });
  process.stdout.write(JSON.stringify({ diseases }));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

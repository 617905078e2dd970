/**
 * Churn-risk evaluation on simulated histories with known outcomes (bench/customers/simulator.ts):
 * AUC and calibration of the model, against a baseline measured in the same run (falling engagement
 * alone), and scoring speed. Run: npx tsx bench/customers/churn.bench.ts
 */
import { churnFeatures, churnScore } from '../../src/modules/customers/churn.js';
import { SIM, auc, calibration, simulate } from './simulator.js';

const now = new Date('2026-12-01T00:00:00Z');
const population = simulate(now);
const labels = population.map((c) => c.churned);
const t0 = performance.now();
const scored = population.map((c) => churnScore(churnFeatures(c.events, now, c.unresolved)));
const ms = performance.now() - t0;
const model = scored.map((s) => s.score);
const baseline = scored.map((s) => s.features.engagementDrop);
const aucModel = auc(model, labels);
const aucBase = auc(baseline, labels);
const cal = calibration(model, labels);
const observed = labels.filter(Boolean).length / labels.length;
const meanScore = model.reduce((a, b) => a + b, 0) / model.length;
console.log(
  JSON.stringify(
    {
      customers: SIM.customers,
      churnRate: Math.round(observed * 1000) / 1000,
      silentLeavers: SIM.silentLeavers,
      aucModel: Math.round(aucModel * 1000) / 1000,
      aucBaselineEngagementOnly: Math.round(aucBase * 1000) / 1000,
      aucRatio: Math.round((aucModel / aucBase) * 100) / 100,
      meanScore: Math.round(meanScore * 1000) / 1000,
      ece: cal.ece,
      calibration: cal.rows,
      scoringPerSecond: Math.round(SIM.customers / (ms / 1000)),
    },
    null,
    1,
  ),
);

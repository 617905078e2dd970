/** Per-workspace adaptation of the text-analytics results, learned from people's corrections. */
export { Adaptation, ADAPT_SPEC, HEADS, train, estimateThresholds, type Example, type TrainOptions } from './model.js';
export { encodeAdaptation, decodeAdaptation } from './codec.js';
export { crossValidate, judge, score, figuresOf, type CrossValidation, type Figures, type TaskFigures, type Pair } from './evaluate.js';
export * from './tasks.js';

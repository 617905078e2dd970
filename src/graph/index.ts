/** Network analytics over CSR typed arrays: the public surface used by the CLI and the graph worker job. */
export { analyzeGraph, type AnalyzeOptions, type GraphAnalysis, type GraphInput } from './analyze.js';
export { betweenness, type BetweennessOptions, type BetweennessResult } from './betweenness.js';
export { CascadeParser, parseCascades, readCascadeFile, type CascadeEdges } from './cascade-parse.js';
export { analyzeCascades, topUsers, type CascadeReport, type CascadeStats, type UserMetric, type UserSpread } from './cascades.js';
export { buildCsr, buildGraph, inDegrees, outDegrees, undirectedProjection, type BuildOptions, type Csr, type Graph, type UndirectedGraph } from './csr.js';
export {
  EdgeListBuilder,
  EdgeListParser,
  edgeListFromTuples,
  parseEdgeList,
  readEdgeListFile,
  type EdgeList,
  type EdgeTuple,
  type LineError,
  type ParseOptions,
} from './edgelist.js';
export { coreness } from './kcore.js';
export { louvain, modularity, type LouvainOptions, type LouvainResult } from './louvain.js';
export { pagerank, type PageRankOptions, type PageRankResult } from './pagerank.js';
export { stronglyConnectedComponents, type Components } from './scc.js';
export { topIndices, topPairs } from './top.js';
export { GRAPH_DATA, graphDataOrFail } from './testing/fixtures.js';

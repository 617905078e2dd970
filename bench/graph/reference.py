#!/usr/bin/env python3
"""Reference timings for bench/graph: networkx or python-igraph (Debian packages) on one edge list.

Usage: reference.py --lib nx|ig --edges FILE [--pagerank-out TSV] [--betweenness]
Prints one JSON object: wall and CPU seconds per step, results (modularity, k-core, top PageRank) and peak RSS.
PageRank: alpha 0.85, edge weights, dangling mass spread uniformly (networkx: L1 change < N*1e-12;
igraph: PRPACK exact solve). k-core and Louvain on the undirected projection with weights summed over
both directions, resolution 1.
"""
import argparse
import json
import resource
import sys
import time


def timed(times, name, fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    times[name] = {"wall": time.perf_counter() - w0, "cpu": time.process_time() - c0}
    return out


def read_edges(path):
    edges = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            edges.append((parts[0], parts[1], float(parts[2]) if len(parts) > 2 else 1.0))
    return edges


def run_nx(args, times, result):
    import networkx as nx

    result["version"] = nx.__version__

    def load():
        g = nx.DiGraph()
        for s, t, w in read_edges(args.edges):
            if g.has_edge(s, t):
                g[s][t]["weight"] += w
            else:
                g.add_edge(s, t, weight=w)
        return g

    g = timed(times, "load", load)
    pr = timed(times, "pagerank", lambda: nx.pagerank(g, alpha=0.85, tol=1e-12, max_iter=10000, weight="weight"))

    def project():
        u = nx.Graph()
        u.add_nodes_from(g.nodes())
        for s, t, d in g.edges(data=True):
            if u.has_edge(s, t):
                u[s][t]["weight"] += d["weight"]
            else:
                u.add_edge(s, t, weight=d["weight"])
        return u

    u = timed(times, "projection", project)
    core = timed(times, "coreness", lambda: nx.core_number(u))
    comms = timed(times, "communities", lambda: nx.community.louvain_communities(u, weight="weight", resolution=1, seed=1))
    result["modularity"] = nx.community.modularity(u, comms, weight="weight", resolution=1)
    result["communities"] = len(comms)
    kmax = max(core.values())
    result["kcore"] = {"max": kmax, "max_core_size": sum(1 for v in core.values() if v == kmax)}
    return pr


def run_ig(args, times, result):
    import igraph as ig

    result["version"] = ig.__version__

    def load():
        edges = read_edges(args.edges)
        return ig.Graph.TupleList(edges, directed=True, weights=True)

    g = timed(times, "load", load)
    names = g.vs["name"]
    scores = timed(times, "pagerank", lambda: g.pagerank(damping=0.85, weights="weight", implementation="prpack"))
    u = timed(times, "projection", lambda: g.as_undirected(mode="collapse", combine_edges={"weight": "sum"}))
    core = timed(times, "coreness", lambda: u.coreness())
    comms = timed(times, "communities", lambda: u.community_multilevel(weights="weight"))
    result["modularity"] = u.modularity(comms.membership, weights="weight")
    result["communities"] = len(comms)
    kmax = max(core)
    result["kcore"] = {"max": kmax, "max_core_size": sum(1 for v in core if v == kmax)}
    if args.betweenness:
        n = g.vcount()
        bc = timed(times, "betweenness", lambda: g.betweenness(directed=True))
        norm = 1.0 / ((n - 1) * (n - 2))
        top = sorted(range(n), key=lambda i: -bc[i])[:100]
        result["betweenness_top"] = [[names[i], bc[i] * norm] for i in top]
    return dict(zip(names, scores))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lib", choices=["nx", "ig"], required=True)
    p.add_argument("--edges", required=True)
    p.add_argument("--pagerank-out")
    p.add_argument("--betweenness", action="store_true", help="igraph only: exact betweenness too")
    args = p.parse_args()
    times, result = {}, {"lib": args.lib, "python": sys.version.split()[0]}
    pr = (run_nx if args.lib == "nx" else run_ig)(args, times, result)
    result["nodes"] = len(pr)
    result["pagerank_top"] = sorted(pr.items(), key=lambda kv: -kv[1])[:100]
    if args.pagerank_out:
        with open(args.pagerank_out, "w") as f:
            for k, v in pr.items():
                f.write(f"{k}\t{v!r}\n")
    result["seconds"] = times
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

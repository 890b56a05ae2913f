#!/usr/bin/env python3
"""The search baseline for `cargo bench -p fayuan-search --bench search_index`: the same corpus
and queries through bm25s + jieba (tokenisation included), in a venv this script creates.

usage: search-baseline.py CORPUS.txt QUERIES.txt   (one document / query per line)
"""
import os
import subprocess
import sys
import time

VENV = os.environ.get("FAYUAN_BENCH_VENV", "/tmp/fayuan-bench-venv")


def in_venv():
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "bm25s", "jieba"], check=True)
    os.execv(python, [python] + sys.argv)


def main():
    in_venv()
    import bm25s
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    with open(sys.argv[1], encoding="utf-8") as f:
        docs = [line.rstrip("\n") for line in f]
    with open(sys.argv[2], encoding="utf-8") as f:
        queries = [line.strip() for line in f if line.strip()]

    def tokens(text):
        return [w for w in jieba.lcut_for_search(text) if w.strip()]

    started = time.perf_counter()
    corpus_tokens = [tokens(d) for d in docs]
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)
    seconds = time.perf_counter() - started
    print(f"bm25s + jieba: indexed {len(docs)} documents in {seconds:.1f} s = {len(docs) / seconds:.0f} documents/s")

    latencies = []
    for _ in range(20):
        for q in queries:
            t = time.perf_counter()
            retriever.retrieve([tokens(q)], k=10, show_progress=False)
            latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    p50 = latencies[round((len(latencies) - 1) * 0.5)]
    p99 = latencies[round((len(latencies) - 1) * 0.99)]
    print(f"bm25s + jieba: {len(latencies)} queries (no facets, no highlighting): p50 {p50:.2f} ms, p99 {p99:.2f} ms")


if __name__ == "__main__":
    main()

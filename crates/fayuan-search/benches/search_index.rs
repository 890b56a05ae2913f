//! `cargo bench -p fayuan-search --bench search_index`: indexes the real published judgments
//! (`../shared/data/judgments/judge-dev.jsonl`) replicated with varied ids to
//! `FAYUAN_BENCH_DOCS` documents (default 100,000) on disk, then runs 2–3-word queries with one
//! facet filter, facets and highlighting on, and reports documents per second, index size and
//! query latency p50/p99. With `python3` on the machine it runs the same corpus and queries
//! through `bm25s` + `jieba` (`scripts/search-baseline.py`, in a venv it creates) and prints both.
//! Last, the law-article retrieval baseline: each judgment's facts as a query against the
//! Criminal Law's articles, Recall@5/@10 of the articles it cites.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a benchmark binary

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use fayuan_domain::ports::{IndexedJudgment, SearchIndex, SearchRequest};
use fayuan_search::JudgmentIndex;
use time::macros::date;

const QUERIES: [&str; 12] = [
    "诈骗 数额巨大 年份:2018",
    "盗窃 入户 年份:2017",
    "醉酒 驾驶 年份:2019",
    "故意伤害 轻伤 年份:2018",
    "毒品 贩卖 年份:2017",
    "赌场 开设 年份:2016",
    "自首 从轻处罚 年份:2019",
    "缓刑 社区矫正 年份:2018",
    "信用卡 透支 年份:2017",
    "寻衅滋事 殴打 年份:2016",
    "罚金 退赔 被害人 年份:2019",
    "交通肇事 逃逸 年份:2018",
];

fn shared() -> PathBuf {
    std::env::var_os("FAYUAN_JUDGMENTS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/judgments"),
        PathBuf::from,
    )
}

fn source() -> Vec<serde_json::Value> {
    std::fs::read_to_string(shared().join("judge-dev.jsonl"))
        .expect("judge-dev.jsonl beside the repository (or FAYUAN_JUDGMENTS)")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The cause: the first 犯…罪 of the text.
fn cause(text: &str) -> String {
    text.find('犯')
        .and_then(|i| {
            let rest = &text[i + '犯'.len_utf8()..];
            rest.find('罪')
                .filter(|e| rest[..*e].chars().count() <= 12)
                .map(|e| format!("{}罪", &rest[..e]))
        })
        .unwrap_or_default()
}

/// The corpus: the real judgments again and again, each copy with its own id, case number and
/// date.
fn corpus(n: usize) -> Vec<IndexedJudgment> {
    let source = source();
    (0..n)
        .map(|i| {
            let doc = &source[i % source.len()];
            let text = doc["fd"].as_str().unwrap();
            let court = text
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            let year = 2015 + (i % 5) as i32;
            let day = time::Date::from_calendar_date(year, time::Month::March, 1 + (i % 28) as u8)
                .unwrap();
            IndexedJudgment {
                id: i.to_string(),
                case_number: format!("（{year}）京{:04}刑初{i}号", i % 100),
                title: format!("{court} 刑事判决书"),
                court,
                court_level: "基层".into(),
                region: String::new(),
                case_type: "刑事".into(),
                procedure: "刑事一审".into(),
                document_type: "判决书".into(),
                cause: cause(text),
                judgment_date: Some(day),
                published_on: date!(2020 - 01 - 01),
                text: text.to_owned(),
            }
        })
        .collect()
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let n: usize = std::env::var("FAYUAN_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let docs = corpus(n);
    let dir = std::env::temp_dir().join(format!("fayuan-search-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let index = JudgmentIndex::open(&dir).unwrap();
    let started = Instant::now();
    for chunk in docs.chunks(10_000) {
        index.add_all(chunk).unwrap();
    }
    index.commit().unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let size = dir_size(&dir);
    println!(
        "fayuan-search: indexed {n} documents in {seconds:.1} s = {:.0} documents/s; index {:.1} MB",
        n as f64 / seconds,
        size as f64 / 1e6
    );

    let mut latencies = Vec::new();
    let mut total_hits = 0;
    for round in 0..20 {
        for q in QUERIES {
            let t = Instant::now();
            let results = index
                .search(&SearchRequest {
                    query: q.into(),
                    limit: 10,
                    ..SearchRequest::default()
                })
                .unwrap();
            latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            if round == 0 {
                total_hits += results.total;
                assert!(!results.facets.is_empty());
            }
        }
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "fayuan-search: {} queries (2–3 words + one facet filter, facets and highlighting on), {} hits per round: p50 {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        total_hits,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );
    let _ = std::fs::remove_dir_all(&dir);

    baseline(&docs);
    law_articles();
}

/// Runs the same corpus and queries through bm25s + jieba in Python, if it can.
fn baseline(docs: &[IndexedJudgment]) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/search-baseline.py");
    let work = std::env::temp_dir().join(format!("fayuan-baseline-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let corpus = work.join("corpus.txt");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&corpus).unwrap());
    for d in docs {
        writeln!(out, "{}", d.text.replace('\n', " ")).unwrap();
    }
    out.flush().unwrap();
    let queries = work.join("queries.txt");
    let words: Vec<String> = QUERIES
        .iter()
        .map(|q| {
            q.split_whitespace()
                .filter(|w| !w.contains(':'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    std::fs::write(&queries, words.join("\n")).unwrap();
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg(&corpus)
        .arg(&queries)
        .status();
    match status {
        Ok(s) if s.success() => {}
        other => println!("baseline (bm25s + jieba) not run: {other:?}"),
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// Law-article retrieval: Recall@5 and @10 of the cited articles, facts as queries.
fn law_articles() {
    let articles = std::fs::read_to_string(shared().join("criminal-law-articles.jsonl")).unwrap();
    let index = JudgmentIndex::in_memory().unwrap();
    let docs: Vec<IndexedJudgment> = articles
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|a| IndexedJudgment {
            id: a["text_id"].as_str().unwrap().to_owned(),
            case_number: String::new(),
            title: a["name"].as_str().unwrap_or_default().to_owned(),
            court: String::new(),
            court_level: String::new(),
            region: String::new(),
            case_type: String::new(),
            procedure: String::new(),
            document_type: String::new(),
            cause: String::new(),
            judgment_date: None,
            published_on: date!(2020 - 01 - 01),
            text: a["text"].as_str().unwrap().to_owned(),
        })
        .collect();
    index.rebuild(&docs).unwrap();
    let (mut r5, mut r10, mut n) = (0.0, 0.0, 0.0);
    for doc in source() {
        let cited: HashSet<String> = doc["la"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.to_string())
            .collect();
        if cited.is_empty() {
            continue;
        }
        let found = index.similar(doc["text"].as_str().unwrap(), 10).unwrap();
        let hit = |k: usize| {
            found
                .iter()
                .take(k)
                .filter(|id| cited.contains(*id))
                .count() as f64
                / cited.len() as f64
        };
        r5 += hit(5);
        r10 += hit(10);
        n += 1.0;
    }
    println!(
        "law articles (BM25 over fayuan-search, facts → cited 刑法 articles, {n} judgments): Recall@5 {:.3}, Recall@10 {:.3}",
        r5 / n,
        r10 / n
    );
}

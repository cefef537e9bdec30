//! Event-parsing cost of the YAML parsers on crates.io, over the SDL conformance corpus.
//!
//! `cargo run --release -- [ROUNDS] [REPEATS]` reads every `sdl/*.json` vector's `sdl_yaml`
//! (from `VMC_CONFORMANCE_DIR`, else `../../../shared/conformance`), then, REPEATS times and
//! interleaved so that a drifting machine slows every parser alike, pulls every event out of
//! every file ROUNDS times with each parser. It prints per parser: µs per file (lowest and median
//! repeat), events per file and how many files it refused. Nothing is built from the events: this
//! is the floor each parser puts under `vmc sdl hash`. For instruction counts, run one parser
//! under callgrind: `valgrind --tool=callgrind target/release/yaml-parsers 1 1 saphyr`.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Events pulled from one file, or `None` when the parser refused it.
type Run = fn(&str) -> Option<usize>;

const PARSERS: &[(&str, Run)] = &[
    ("saphyr-parser 0.3.3", saphyr),
    ("yaml-rust2 0.13.0", yaml_rust2),
    ("libyaml-safer 0.3.0", libyaml_safer),
    ("unsafe-libyaml 0.2.11", unsafe_libyaml),
    ("saphyr-parser-bw 0.0.613", saphyr_bw),
    ("granit-parser 2.1.0", granit),
];

/// The parsers of the saphyr family are iterators of `Result<(Event, Span), _>`.
macro_rules! iterate {
    ($name:ident, $parser:path) => {
        fn $name(text: &str) -> Option<usize> {
            let mut n = 0;
            for ev in <$parser>::new_from_str(text) {
                ev.ok()?;
                n += 1;
            }
            Some(n)
        }
    };
}

iterate!(saphyr, saphyr_parser::Parser<saphyr_parser::StrInput>);
iterate!(
    saphyr_bw,
    saphyr_parser_bw::Parser<saphyr_parser_bw::StrInput>
);
iterate!(granit, granit_parser::Parser<granit_parser::StrInput>);

fn yaml_rust2(text: &str) -> Option<usize> {
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let mut n = 0;
    loop {
        let (ev, _) = parser.next_token().ok()?;
        n += 1;
        if ev == yaml_rust2::Event::StreamEnd {
            return Some(n);
        }
    }
}

fn libyaml_safer(text: &str) -> Option<usize> {
    let mut bytes = text.as_bytes();
    let mut parser = libyaml_safer::Parser::new();
    parser.set_input_string(&mut bytes);
    let mut n = 0;
    for ev in parser {
        ev.ok()?;
        n += 1;
    }
    Some(n)
}

fn unsafe_libyaml(text: &str) -> Option<usize> {
    use std::mem::MaybeUninit;
    // SAFETY: the libyaml C API as documented: initialize, set a borrowed input that outlives the
    // parser, parse events until the stream ends or an error, delete every event and the parser.
    unsafe {
        let mut parser = MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit();
        if !unsafe_libyaml::yaml_parser_initialize(parser.as_mut_ptr()).ok {
            return None;
        }
        let mut parser = parser.assume_init();
        unsafe_libyaml::yaml_parser_set_input_string(&mut parser, text.as_ptr(), text.len() as u64);
        let mut n = 0;
        let result = loop {
            let mut ev = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
            if !unsafe_libyaml::yaml_parser_parse(&mut parser, ev.as_mut_ptr()).ok {
                break None;
            }
            let mut ev = ev.assume_init();
            let end = ev.type_ == unsafe_libyaml::YAML_STREAM_END_EVENT;
            unsafe_libyaml::yaml_event_delete(&mut ev);
            n += 1;
            if end {
                break Some(n);
            }
        };
        unsafe_libyaml::yaml_parser_delete(&mut parser);
        result
    }
}

fn corpus() -> Vec<String> {
    let dir = std::env::var_os("VMC_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance")
        })
        .join("sdl");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (set VMC_CONFORMANCE_DIR)", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).expect("read vector"))
                    .expect("vector JSON");
            v["sdl_yaml"].as_str().expect("sdl_yaml").to_string()
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().map_or(20, |a| a.parse().expect("ROUNDS"));
    let repeats: usize = args.next().map_or(5, |a| a.parse().expect("REPEATS"));
    let only = args.next();
    let texts = corpus();
    let parsers: Vec<_> = PARSERS
        .iter()
        .filter(|(name, _)| only.as_deref().is_none_or(|o| name.starts_with(o)))
        .collect();

    // One untimed pass: events and refusals per parser.
    let counts: Vec<(usize, usize)> = parsers
        .iter()
        .map(|(_, run)| {
            texts
                .iter()
                .fold((0, 0), |(events, refused), t| match run(t) {
                    Some(n) => (events + n, refused),
                    None => (events, refused + 1),
                })
        })
        .collect();

    let mut micros: Vec<Vec<f64>> = vec![Vec::new(); parsers.len()];
    for _ in 0..repeats {
        for (i, (_, run)) in parsers.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..rounds {
                for t in &texts {
                    std::hint::black_box(run(std::hint::black_box(t)));
                }
            }
            micros[i].push(start.elapsed().as_secs_f64() * 1e6 / (rounds * texts.len()) as f64);
        }
    }

    println!(
        "{} files, {rounds} rounds x {repeats} repeats (interleaved)",
        texts.len()
    );
    println!(
        "{:<26}{:>10}{:>10}{:>13}{:>9}",
        "parser", "min µs", "median µs", "events/file", "refused"
    );
    for (i, (name, _)) in parsers.iter().enumerate() {
        let mut m = micros[i].clone();
        m.sort_by(f64::total_cmp);
        let (events, refused) = counts[i];
        println!(
            "{name:<26}{:>10.1}{:>10.1}{:>13.1}{refused:>9}",
            m[0],
            m[m.len() / 2],
            events as f64 / (texts.len() - refused).max(1) as f64
        );
    }
}

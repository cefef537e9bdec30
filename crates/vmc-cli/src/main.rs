/// mimalloc: parsing allocates many small strings, and glibc's malloc made up a quarter of the
/// time of `vmc sdl hash` (see `crates/vmc-sdl/benches/corpus.rs`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    vmc_cli::main()
}

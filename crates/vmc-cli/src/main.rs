fn main() -> std::process::ExitCode {
    vmc_cli::main()
}

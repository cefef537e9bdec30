//! Secret input and output that bypass stdout/stderr: the controlling terminal (`/dev/tty`) and
//! a piped stdin. Nothing here ever writes a secret to stdout or stderr.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};

use vmc_akash::keys::Mnemonic;
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};

/// Longest secret accepted on stdin (a 24-word phrase is under 250 bytes).
const MAX_STDIN_SECRET: u64 = 4096;

/// The controlling terminal, if the process has one.
fn open_tty() -> Option<std::fs::File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()
}

/// Whether a terminal is available for prompts and for showing a new recovery phrase.
pub fn has_tty() -> bool {
    open_tty().is_some()
}

/// Shows a new recovery phrase on the terminal only, waits for Enter, then erases it from the
/// screen. Fails (writing nothing anywhere) when there is no terminal.
pub fn show_mnemonic_once(mnemonic: &Mnemonic, wallet: &str) -> CliResult {
    let mut tty = open_tty().ok_or_else(no_tty_for_new)?;
    let phrase = mnemonic.expose_phrase();
    // Preallocated so the buffer never moves (which would leave an unzeroized copy behind).
    let mut text = Zeroizing::new(String::with_capacity(4096));
    let _ = write!(
        &mut *text,
        "\nRecovery phrase of wallet `{wallet}` ({} words). Write it down and keep it offline:\n\
         it is shown only this once, and it is the only way to recover the wallet.\n\n",
        mnemonic.word_count()
    );
    for (i, word) in phrase.split(' ').enumerate() {
        let _ = write!(&mut *text, "{:>4}. {word:<10}", i + 1);
        if i % 4 == 3 {
            text.push('\n');
        }
    }
    text.push_str("\nPress Enter once you have written it down (the words are then erased). ");
    let lines = text.matches('\n').count() + 1;
    tty.write_all(text.as_bytes())
        .and_then(|()| tty.flush())
        .map_err(|e| CliError::failure(format!("cannot write to the terminal: {e}")))?;
    let mut answer = Zeroizing::new(String::new());
    let _ = BufReader::new(&mut tty).read_line(&mut answer);
    // Move up over what was printed and clear to the end of the screen.
    let _ = write!(tty, "\x1b[{lines}A\r\x1b[J");
    let _ = tty.flush();
    Ok(())
}

/// Fails unless there is a terminal to show a new recovery phrase on.
pub fn require_tty_for_new() -> CliResult {
    if has_tty() {
        Ok(())
    } else {
        Err(no_tty_for_new())
    }
}

fn no_tty_for_new() -> CliError {
    CliError::usage("there is no terminal to show the new recovery phrase on").with_hint(
        "run `vmc wallet new` in a terminal; for scripts use `--no-show-mnemonic` (the \
             keystore file and its passphrase are then the only copy), or generate the phrase \
             elsewhere and `vmc wallet import --stdin`",
    )
}

/// Reads a secret at a hidden prompt on the terminal.
pub fn prompt_secret(prompt: &str, what: &str, hint: &str) -> CliResult<Zeroizing<String>> {
    if !has_tty() {
        return Err(
            CliError::usage(format!("there is no terminal to ask for {what}"))
                .with_hint(hint.to_string()),
        );
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| {
            CliError::usage(format!("could not read {what} from the terminal: {e}"))
                .with_hint(hint.to_string())
        })
}

/// Reads a secret from stdin (all of it, at most 4 KiB).
pub fn read_stdin_secret(what: &str) -> CliResult<Zeroizing<String>> {
    let mut buf = Zeroizing::new(Vec::with_capacity(MAX_STDIN_SECRET as usize + 1));
    std::io::stdin()
        .lock()
        .take(MAX_STDIN_SECRET + 1)
        .read_to_end(&mut buf)
        .map_err(|e| CliError::failure(format!("cannot read {what} from stdin: {e}")))?;
    if buf.len() as u64 > MAX_STDIN_SECRET {
        return Err(CliError::usage(format!(
            "stdin holds more than {MAX_STDIN_SECRET} bytes; expected only {what}"
        )));
    }
    let text = std::str::from_utf8(&buf)
        .map_err(|_| CliError::usage(format!("{what} on stdin is not UTF-8 text")))?;
    Ok(Zeroizing::new(text.to_string()))
}

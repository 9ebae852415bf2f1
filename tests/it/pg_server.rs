//! Test support: a throw-away PostgreSQL server (initdb into a temp dir, unix socket only) for the
//! PostgreSQL execution tests.

use std::fs;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// How long `start` waits for the new server to accept connections.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// A throw-away PostgreSQL server for one test run; stopped and its directory removed on drop.
pub struct PgServer {
    /// Holds `data/`, the unix socket and `server.log`; removed when dropped, after `Drop::drop`.
    dir: tempfile::TempDir,
    /// The directory holding `initdb`, `postgres` and `pg_ctl`.
    bin: PathBuf,
    /// Names the unix socket file `.s.PGSQL.<port>`; no TCP listener is opened.
    port: u16,
    /// How server programs are run: PostgreSQL refuses to run as root.
    runner: Runner,
    /// `postgres` (or `runuser`/`su` running it) as our child, so that drop can reap it.
    postmaster: Option<Child>,
}

/// How to run PostgreSQL's programs.
#[derive(Clone, Copy, PartialEq)]
enum Runner {
    /// As the current (unprivileged) user.
    Direct,
    /// We are root: `runuser -u postgres -- …`.
    Runuser,
    /// We are root and there is no `runuser`: `su postgres -s /bin/sh -c 'exec …'`.
    Su,
}

impl PgServer {
    /// Starts a fresh server (initdb into a temp dir, unix socket in that dir, free port), or returns
    /// Err(reason) if PostgreSQL binaries cannot be found or the server fails to come up (the reason
    /// then includes the server log).
    pub fn start() -> Result<PgServer, String> {
        let bin = find_bin_dir()
            .ok_or("PostgreSQL (initdb, postgres) not on PATH nor in /usr/lib/postgresql/*/bin")?;
        let runner = choose_runner()?;
        // Under /tmp, not $TMPDIR: the `postgres` user must reach it, and socket paths are short.
        let dir = tempfile::Builder::new()
            .prefix("seglang-pg-")
            .tempdir_in("/tmp")
            .map_err(|e| format!("cannot create a temp dir for PostgreSQL: {e}"))?;
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("cannot chmod {}: {e}", dir.path().display()))?;
        if runner != Runner::Direct {
            let mut chown = Command::new("chown");
            run_checked(chown.args(["-R", "postgres:postgres"]).arg(dir.path()))?;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("cannot pick a free port: {e}"))?
            .port();
        // From here on, dropping `server` stops whatever was started and removes the directory.
        let mut server = PgServer {
            dir,
            bin,
            port,
            runner,
            postmaster: None,
        };
        let data = server.path("data");
        let mut initdb = vec!["-D", &data];
        initdb.extend("-U seg --auth=trust -E UTF8 --locale=C --no-sync".split(' '));
        run_checked(&mut server.command("initdb", &initdb))?;

        // `postgres` itself rather than `pg_ctl start`, which daemonizes it: as our child it is
        // reaped on drop (no zombie left to a lax init) and it gets the terminal's Ctrl-C.
        let log = fs::File::create(server.path("server.log"))
            .and_then(|log| Ok((log.try_clone()?, log)))
            .map_err(|e| format!("cannot create the server log: {e}"))?;
        let (sock, port) = (server.path(""), port.to_string());
        let mut args = vec!["-D", &data, "-k", &sock, "-p", &port];
        args.extend("-c listen_addresses= -c fsync=off".split(' '));
        let child = server
            .command("postgres", &args)
            .stdin(Stdio::null())
            .stdout(log.0)
            .stderr(log.1)
            .spawn()
            .map_err(|e| format!("cannot start postgres: {e}"))?;
        server.postmaster = Some(child);
        server.wait_ready()?;
        Ok(server)
    }

    /// A connected client (crate `postgres` 0.19, sync API: `postgres::Client`), to database
    /// `postgres`, user `seg`. Panics if the server cannot be reached.
    pub fn connect(&self) -> postgres::Client {
        let url = self.url();
        postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to the test PostgreSQL server ({url}): {e}"))
    }

    /// A connection string usable by `postgres::Client::connect(…, NoTls)` and by `psql`; the
    /// host is the socket directory, which libpq and rust-postgres read as a unix socket.
    pub fn url(&self) -> String {
        let (dir, port) = (self.path(""), self.port);
        format!("host={dir} port={port} user=seg dbname=postgres")
    }

    /// The directory of the server's unix socket, which libpq reads as the host (a dbt profile's
    /// `host`).
    pub fn socket_dir(&self) -> String {
        self.path("")
    }

    /// The port that names the socket file.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `name` inside the server's directory, as a string (the directory is ASCII, under /tmp).
    fn path(&self, name: &str) -> String {
        let path = self.dir.path().join(name);
        path.to_string_lossy().trim_end_matches('/').to_string()
    }

    /// The server log, or a note saying why it cannot be read.
    fn log(&self) -> String {
        let log = self.path("server.log");
        let text = fs::read_to_string(&log).unwrap_or_else(|e| format!("(cannot read it: {e})"));
        format!("--- {log} ---\n{text}")
    }

    /// Polls until a connection succeeds, or fails with the last error and the server log.
    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            let error = match postgres::Client::connect(&self.url(), postgres::NoTls) {
                Ok(_) => return Ok(()),
                Err(e) => e,
            };
            let child = self.postmaster.as_mut();
            if let Some(status) = child.and_then(|child| child.try_wait().ok()?) {
                return Err(format!("postgres exited ({status})\n{}", self.log()));
            }
            if Instant::now() >= deadline {
                let waited = format!("no connection within {READY_TIMEOUT:?}: {error}");
                return Err(format!("{waited}\n{}", self.log()));
            }
            sleep(Duration::from_millis(50));
        }
    }

    /// The PostgreSQL program `program` with `args`, run as `postgres` when we are root, in the
    /// server's directory (a working directory the `postgres` user can enter).
    fn command(&self, program: &str, args: &[&str]) -> Command {
        let exe = self.bin.join(program);
        let mut command = match self.runner {
            Runner::Direct => Command::new(&exe),
            Runner::Runuser => Command::new("runuser"),
            Runner::Su => Command::new("su"),
        };
        match self.runner {
            Runner::Direct => command.args(args),
            Runner::Runuser => command.args(["-u", "postgres", "--"]).arg(&exe).args(args),
            Runner::Su => {
                let mut line = format!("exec {}", sh_quote(&exe.to_string_lossy()));
                args.iter()
                    .for_each(|arg| line = format!("{line} {}", sh_quote(arg)));
                command.args(["postgres", "-s", "/bin/sh", "-c", &line])
            }
        };
        command.current_dir(self.dir.path());
        command
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let Some(mut child) = self.postmaster.take() else {
            return;
        };
        let data = self.path("data");
        let stop = ["-D", &data, "-m", "immediate", "-w", "stop"];
        if run_checked(&mut self.command("pg_ctl", &stop)).is_err() {
            // No pg_ctl, or it failed: SIGQUIT (immediate shutdown) to the pid in postmaster.pid.
            let pid = fs::read_to_string(Path::new(&data).join("postmaster.pid"))
                .ok()
                .and_then(|text| text.lines().next()?.trim().parse::<u32>().ok());
            if let Some(pid) = pid.filter(|&pid| pid > 1) {
                let _ = Command::new("kill")
                    .args(["-QUIT", &pid.to_string()])
                    .status();
            }
        }
        // Reap it (and so runuser/su, which reap postgres); kill it if it will not go.
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
            sleep(Duration::from_millis(10));
        }
        if matches!(child.try_wait(), Ok(None)) {
            let _ = child.kill();
            let _ = child.wait();
        }
        // `self.dir` (a TempDir) then removes the directory when dropped, ignoring errors.
    }
}

/// Runs `command` to completion, failing with its output when it does not succeed.
fn run_checked(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(format!(
        "{command:?} failed ({}):\n{stdout}{stderr}",
        output.status
    ))
}

/// A directory holding both `initdb` and `postgres` (`pg_ctl` beside them is used to stop): first
/// on PATH, then the highest version in `/usr/lib/postgresql/*/bin` (Debian keeps them off PATH).
fn find_bin_dir() -> Option<PathBuf> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(dir) = std::env::split_paths(&path).find(|dir| has_both(dir)) {
        return Some(dir);
    }
    let mut versions: Vec<(Vec<u32>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let version: Option<_> = name.split('.').map(|part| part.parse().ok()).collect();
            Some((version?, entry.path().join("bin")))
        })
        .filter(|(_, bin)| has_both(bin))
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// `Direct` unless we are root; then the `postgres` user must exist, reached by runuser or su.
fn choose_runner() -> Result<Runner, String> {
    let uid = Command::new("id").arg("-u").output();
    if !uid.is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0") {
        return Ok(Runner::Direct);
    }
    let user = Command::new("id").args(["-u", "postgres"]).output();
    if !user.is_ok_and(|out| out.status.success()) {
        return Err(
            "we are root, as PostgreSQL will not run, and there is no `postgres` user".into(),
        );
    }
    let runuser = Command::new("runuser").arg("--help").output();
    Ok(if runuser.is_ok() {
        Runner::Runuser
    } else {
        Runner::Su
    })
}

/// `s` single-quoted for /bin/sh.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

//! A real S3-protocol server for the tests of the S3 evidence store: moto in server mode
//! (`$MOTO_SERVER`, installed by `install_s3_test_server` in scripts/tools.sh) on 127.0.0.1 and a
//! free port, one per test, with a fresh bucket. Its output goes to a log file under the temporary
//! folder, kept (and its path printed) only when the test fails.

use std::fs::File;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long moto may take to answer its first request (about a second on a quiet machine).
const STARTUP_LIMIT: Duration = Duration::from_secs(30);
/// How many ports to try when moto exits at once (another process took the port first).
const PORT_ATTEMPTS: usize = 3;

/// A real S3-protocol server (moto) on loopback, for one test; killed when dropped.
pub struct S3Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash: the S3 endpoint (path-style requests).
    pub endpoint: String,
    /// A bucket made for this server alone (`pledgebook-<uuid>`).
    pub bucket: String,
    log: PathBuf,
}

impl S3Server {
    /// Spawns `$MOTO_SERVER -H 127.0.0.1 -p PORT`, waits until it answers, and creates the bucket.
    pub async fn start() -> S3Server {
        let program = std::env::var_os("MOTO_SERVER")
            .filter(|program| !program.is_empty())
            .unwrap_or_else(|| panic!("MOTO_SERVER is not set: run ./scripts/test, which installs moto"));
        // Only ever loopback: no proxy from the environment, and short timeouts.
        let client = reqwest::Client::builder()
            .no_proxy()
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client");
        let bucket = format!("pledgebook-{}", uuid::Uuid::new_v4().simple());

        for attempt in 1..=PORT_ATTEMPTS {
            let port = free_port();
            let endpoint = format!("http://127.0.0.1:{port}");
            let log = std::env::temp_dir().join(format!("{bucket}-moto-{port}.log"));
            let out = File::create(&log).unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
            let err = out.try_clone().expect("a second handle on moto's log");
            let child = Command::new(&program)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .spawn()
                .unwrap_or_else(|e| {
                    let _ = std::fs::remove_file(&log);
                    panic!("cannot start MOTO_SERVER={}: {e}", program.to_string_lossy())
                });
            // From here on, a panic drops the server, which kills moto.
            let mut server = S3Server { child, endpoint, bucket: bucket.clone(), log };
            match server.wait_until_ready(&client).await {
                Ready::Yes => {
                    server.create_bucket(&client).await;
                    return server;
                }
                // Most likely the port was taken between free_port and moto's bind: try another.
                Ready::Exited(status) if attempt < PORT_ATTEMPTS => {
                    eprintln!("moto_server exited ({status}) on {}; trying another port", server.endpoint);
                }
                Ready::Exited(status) => panic!(
                    "moto_server exited ({status}) before answering, {PORT_ATTEMPTS} times; its log: {}",
                    server.log.display()
                ),
            }
        }
        unreachable!("the last attempt returns or panics")
    }

    /// The evidence store's URL for objects under `prefix` in this server's bucket.
    pub fn store_url(&self, prefix: &str) -> String {
        format!("s3://{}/{}", self.bucket, prefix.trim_start_matches('/'))
    }

    /// The variables our server reads (object_store's `AmazonS3Builder::from_env` names).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_REGION", "us-east-1".to_owned()),
            ("AWS_ACCESS_KEY_ID", "test".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "test".to_owned()),
            ("AWS_ALLOW_HTTP", "true".to_owned()),
        ]
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(10)).build().expect("an HTTP client")
    }

    /// The multipart uploads under way in the bucket (ListMultipartUploads).
    pub async fn multipart_uploads(&self) -> usize {
        let url = format!("{}/{}?uploads", self.endpoint, self.bucket);
        let body = Self::client().get(&url).send().await.unwrap().text().await.unwrap();
        body.matches("<UploadId>").count()
    }

    /// Every object's key in the bucket (ListObjectsV2).
    pub async fn object_keys(&self) -> Vec<String> {
        let url = format!("{}/{}?list-type=2", self.endpoint, self.bucket);
        let body = Self::client().get(&url).send().await.unwrap().text().await.unwrap();
        body.split("<Key>").skip(1).filter_map(|rest| rest.split("</Key>").next()).map(str::to_owned).collect()
    }

    /// A multipart upload started and never finished, as a crash mid-upload leaves it: started
    /// in the bucket at `prefix/key` and recorded (two hours ago) as the server records one.
    pub async fn start_abandoned_upload(&self, prefix_and_key: &str, db: &sea_orm::DatabaseConnection) {
        use sea_orm::{ActiveModelTrait, Set};
        let url = format!("{}/{}/{}?uploads", self.endpoint, self.bucket, prefix_and_key);
        let body = Self::client().post(&url).send().await.unwrap().text().await.unwrap();
        let upload_id = body
            .split("<UploadId>")
            .nth(1)
            .and_then(|rest| rest.split("</UploadId>").next())
            .unwrap_or_else(|| panic!("an upload id in {body}"))
            .to_owned();
        let key = prefix_and_key.rsplit('/').next().unwrap_or(prefix_and_key).to_owned();
        db::evidence_upload::ActiveModel {
            storage_key: Set(key),
            multipart_id: Set(Some(upload_id)),
            started_at: Set(chrono::Utc::now() - chrono::Duration::hours(2)),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }

    async fn wait_until_ready(&mut self, client: &reqwest::Client) -> Ready {
        let deadline = Instant::now() + STARTUP_LIMIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("moto_server's status") {
                return Ready::Exited(status);
            }
            // moto answers GET / with ListAllMyBucketsResult; anything else on the port is not ours.
            if let Ok(response) = client.get(&self.endpoint).send().await {
                let body = response.text().await.unwrap_or_default();
                if body.contains("ListAllMyBucketsResult") {
                    return Ready::Yes;
                }
            }
            if Instant::now() >= deadline {
                panic!(
                    "moto_server did not answer on {} within {} s; its log: {}",
                    self.endpoint,
                    STARTUP_LIMIT.as_secs(),
                    self.log.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// moto accepts unsigned requests, so a plain PUT makes the bucket (in us-east-1).
    async fn create_bucket(&self, client: &reqwest::Client) {
        let url = format!("{}/{}", self.endpoint, self.bucket);
        let response = client.put(&url).send().await.unwrap_or_else(|e| panic!("PUT {url}: {e}"));
        let status = response.status();
        assert!(status.is_success(), "PUT {url} answered {status}: {}", response.text().await.unwrap_or_default());
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("moto_server's log for {} is kept at {}", self.endpoint, self.log.display());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

enum Ready {
    Yes,
    Exited(std::process::ExitStatus),
}

/// A port that was free a moment ago: the OS picks it for a listener, which is then closed.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    listener.local_addr().expect("the listener's address").port()
}

//! The HTML report in a real browser: headless Chromium driven over the
//! DevTools protocol. It must load with no console errors and no network
//! requests, its filters must change what is visible, and evidence text must
//! stay text. A screenshot is written to `target/report-screenshot.png`.
//!
//! Printing: the print stylesheet (nothing pinned, parts and packs from a
//! new page, rows whole, folded tables shown, link addresses), a PDF over
//! DevTools, and `tools/report-pdf.sh`.
//!
//! Chromium is Debian's `chromium` (installed by `.ci/run`). Without it the
//! test says so and passes, unless `EVIDENT_REQUIRE_CHROMIUM=1` (set in CI).

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use super::reports::{XSS, xss_evidence};

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("which").arg(name).output().ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
}

/// Chromium, or `None` when it is not installed and the test may skip
/// (it may not when `EVIDENT_REQUIRE_CHROMIUM` is set, as in CI).
fn chromium_or_skip() -> Option<PathBuf> {
    let bin = chromium();
    if bin.is_none() {
        assert!(
            std::env::var_os("EVIDENT_REQUIRE_CHROMIUM").is_none(),
            "EVIDENT_REQUIRE_CHROMIUM is set but no chromium is installed"
        );
        eprintln!("chromium is not installed; skipping the browser test");
    }
    bin
}

struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: String,
    /// Every event received, in order.
    events: Vec<Value>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn launch(bin: &Path, profile: &Path) -> Browser {
        let mut child = Command::new(bin)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-port=0",
                "--window-size=1280,1600",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("chromium starts");
        let stderr = child.stderr.take().unwrap();
        let mut url = None;
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(u) = line.strip_prefix("DevTools listening on ") {
                url = Some(u.trim().to_string());
                break;
            }
        }
        let url = url.expect("chromium prints its DevTools address");
        // A printed report arrives as one base64 message of tens of MiB.
        let config = tungstenite::protocol::WebSocketConfig::default()
            .max_message_size(Some(256 << 20))
            .max_frame_size(Some(256 << 20));
        let (ws, _) = tungstenite::client::connect_with_config(url, Some(config), 3).expect("connect to DevTools");
        let mut b = Browser {
            child,
            ws,
            next_id: 0,
            session: String::new(),
            events: Vec::new(),
        };
        let target = b.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().unwrap().to_string();
        let attached = b.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable", "Network.enable"] {
            b.page(domain, json!({}));
        }
        b
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws.send(Message::text(msg.to_string())).unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(Instant::now() < deadline, "no answer to {method}");
            let Message::Text(text) = self.ws.read().unwrap() else {
                continue;
            };
            let v: Value = serde_json::from_str(&text).unwrap();
            if v["id"] == json!(id) {
                assert!(v.get("error").is_none(), "{method} failed: {v}");
                return v["result"].clone();
            }
            self.events.push(v);
        }
    }

    fn page(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.call(Some(&session), method, params)
    }

    /// Reads events until one named `method` arrives.
    fn wait_for(&mut self, method: &str) {
        if self.events.iter().any(|e| e["method"] == method) {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(Instant::now() < deadline, "no {method} event");
            let Message::Text(text) = self.ws.read().unwrap() else {
                continue;
            };
            let v: Value = serde_json::from_str(&text).unwrap();
            let done = v["method"] == method;
            self.events.push(v);
            if done {
                return;
            }
        }
    }

    fn eval(&mut self, expr: &str) -> Value {
        let r = self.page("Runtime.evaluate", json!({"expression": expr, "returnByValue": true}));
        assert!(r.get("exceptionDetails").is_none(), "{expr}: {r}");
        r["result"]["value"].clone()
    }
}

#[test]
fn html_report_in_headless_chromium() {
    let Some(bin) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let evidence = xss_evidence(dir.path());
    let html = dir.path().join("report.html");
    let out = assert_cmd::Command::cargo_bin("evident")
        .unwrap()
        .arg("check")
        .arg(&evidence)
        .arg("--report")
        .arg(format!("html={}", html.display()))
        .arg("-q")
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");

    let mut b = Browser::launch(&bin, &dir.path().join("profile"));
    let url = format!("file://{}", html.display());
    b.page("Page.navigate", json!({"url": url}));
    b.wait_for("Page.loadEventFired");

    // Nothing but the file itself is fetched, and nothing complains.
    let requests: Vec<String> = b
        .events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .map(|e| e["params"]["request"]["url"].as_str().unwrap_or("").to_string())
        .filter(|u| *u != url)
        .collect();
    assert!(requests.is_empty(), "the report fetched {requests:?}");
    let complaints: Vec<&Value> = b
        .events
        .iter()
        .filter(|e| {
            e["method"] == "Runtime.exceptionThrown"
                || (e["method"] == "Runtime.consoleAPICalled" && e["params"]["type"] == "error")
                || (e["method"] == "Log.entryAdded" && e["params"]["entry"]["level"] == "error")
        })
        .collect();
    assert!(complaints.is_empty(), "console errors: {complaints:?}");

    // Evidence text is text: the title shows literally and ran nothing.
    let shown = b.eval(&format!(
        "document.body.innerText.includes({})",
        serde_json::to_string(XSS).unwrap()
    ));
    assert_eq!(shown, json!(true), "the hostile title is shown as text");
    assert_eq!(
        b.eval("document.scripts.length"),
        json!(1),
        "only the report's own script"
    );
    assert!(!b.events.iter().any(|e| e["method"] == "Page.javascriptDialogOpening"));

    // The filters change what is visible.
    let visible = "Array.from(document.querySelectorAll('.f-item')).filter(e => e.offsetParent !== null).length";
    let all = b.eval(visible).as_u64().unwrap();
    let set = |b: &mut Browser, id: &str, value: &str| {
        b.eval(&format!(
            "(() => {{ const s = document.getElementById('{id}'); s.value = '{value}'; s.dispatchEvent(new Event('change')); }})()"
        ));
    };
    set(&mut b, "f-status", "pass");
    let passing = b.eval(visible).as_u64().unwrap();
    assert!(passing > 0 && passing < all, "status filter: {passing} of {all}");
    let wrong = b.eval(
        "Array.from(document.querySelectorAll('.f-item')).filter(e => e.offsetParent !== null && e.dataset.status !== 'pass').length",
    );
    assert_eq!(wrong, json!(0), "only passing items remain");
    set(&mut b, "f-status", "");
    set(&mut b, "f-severity", "critical");
    let critical = b.eval(visible).as_u64().unwrap();
    assert!(critical < all, "severity filter: {critical} of {all}");
    set(&mut b, "f-severity", "");
    let gaps = "Array.from(document.querySelectorAll('.gap')).filter(e => e.offsetParent !== null).length";
    let all_gaps = b.eval(gaps).as_u64().unwrap();
    set(&mut b, "f-site", "north");
    let north = b.eval(gaps).as_u64().unwrap();
    assert!(north < all_gaps, "site filter: {north} of {all_gaps} gaps at north");
    let other_site = b.eval(
        "Array.from(document.querySelectorAll('.gap')).filter(e => e.offsetParent !== null && e.dataset.site !== '' && !e.dataset.site.split(' ').includes('north')).length",
    );
    assert_eq!(other_site, json!(0), "no gap of another site remains");
    set(&mut b, "f-site", "");
    set(&mut b, "f-pack", "sqm-wcc");
    let sqm = b.eval(visible).as_u64().unwrap();
    assert!(sqm > 0 && sqm < all, "pack filter: {sqm} of {all}");
    let other_pack = b.eval(
        "Array.from(document.querySelectorAll('.f-item')).filter(e => e.offsetParent !== null && e.dataset.pack !== 'sqm-wcc').length",
    );
    assert_eq!(other_pack, json!(0), "only the chosen pack's items remain");
    set(&mut b, "f-pack", "");
    assert_eq!(
        b.eval(visible).as_u64().unwrap(),
        all,
        "clearing the filters shows everything"
    );

    let shot = b.page("Page.captureScreenshot", json!({"format": "png"}));
    let png = data_encoding::BASE64
        .decode(shot["data"].as_str().unwrap().as_bytes())
        .unwrap();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("report-screenshot.png"), &png).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
}

/// Pages in a PDF: its page objects (Chromium writes no object streams).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

/// The example's full HTML report in `dir`.
fn example_report(dir: &Path) -> PathBuf {
    let html = dir.join("report.html");
    let out = assert_cmd::Command::cargo_bin("evident")
        .unwrap()
        .args(["check", "examples/acme-contact-centre", "-q", "--report"])
        .arg(format!("html={}", html.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    html
}

#[test]
fn html_report_prints_to_pdf() {
    let Some(bin) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = example_report(dir.path());
    let mut b = Browser::launch(&bin, &dir.path().join("profile"));
    b.page("Page.navigate", json!({"url": format!("file://{}", html.display())}));
    b.wait_for("Page.loadEventFired");

    let pinned = "Array.from(document.querySelectorAll('*')).filter(e => ['sticky', 'fixed'].includes(getComputedStyle(e).position)).length";
    assert!(
        b.eval(pinned).as_u64().unwrap() > 0,
        "on screen the filters stay in view"
    );
    let folded = "Array.from(document.querySelectorAll('details:not([open]) table')).filter(t => t.getBoundingClientRect().height > 0).length";
    assert_eq!(b.eval(folded), json!(0), "on screen metric tables are folded");
    b.page("Emulation.setEmulatedMedia", json!({"media": "print"}));
    assert_eq!(b.eval(pinned), json!(0), "in print nothing is pinned over the content");
    assert_eq!(
        b.eval("getComputedStyle(document.getElementById('filters')).display"),
        json!("none")
    );
    let style = |b: &mut Browser, selector: &str, property: &str| {
        b.eval(&format!(
            "getComputedStyle(document.querySelector({})).{property}",
            serde_json::to_string(selector).unwrap()
        ))
    };
    assert_eq!(
        style(&mut b, "#gaps", "breakBefore"),
        json!("page"),
        "each part on a new page"
    );
    assert_eq!(
        style(&mut b, ".pack + .pack", "breakBefore"),
        json!("page"),
        "each pack on a new page"
    );
    assert_eq!(
        style(&mut b, "tbody tr", "breakInside"),
        json!("avoid"),
        "rows are not cut"
    );
    assert_eq!(
        style(&mut b, "thead", "display"),
        json!("table-header-group"),
        "headers repeat"
    );
    let tables = b.eval("document.querySelectorAll('details:not([open]) table').length");
    assert!(tables.as_u64().unwrap() > 0);
    assert_eq!(b.eval(folded), tables, "in print every metric table shows");
    let link = "(() => { const a = document.createElement('a'); a.href = 'https://example.invalid/policy'; a.textContent = 'policy'; document.querySelector('main').append(a); return getComputedStyle(a, '::after').content; })()";
    assert!(
        b.eval(link)
            .as_str()
            .unwrap()
            .contains("https://example.invalid/policy"),
        "a link's address is printed"
    );

    let printed = b.page(
        "Page.printToPDF",
        json!({"printBackground": true, "preferCSSPageSize": true}),
    );
    let pdf = data_encoding::BASE64
        .decode(printed["data"].as_str().unwrap().as_bytes())
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf_pages(&pdf) > 1, "{} pages", pdf_pages(&pdf));
    drop(b);

    // The script prints the same report without a DevTools client.
    let out_pdf = dir.path().join("report.pdf");
    let out = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/report-pdf.sh"))
        .arg(&html)
        .arg(&out_pdf)
        .env("CHROMIUM", &bin)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = std::fs::read(&out_pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "the script writes a PDF");
    assert!(pdf_pages(&pdf) > 1, "{} pages", pdf_pages(&pdf));
}

/// Without a browser the script says so and exits 2, whatever is installed.
#[test]
fn report_pdf_script_without_a_browser_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    std::fs::write(&html, "<!doctype html><title>x</title>").unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/report-pdf.sh");
    // bash found now, as the emptied PATH below would not find it.
    let bash = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join("bash"))
        .find(|p| p.is_file())
        .expect("bash is installed");
    let out = Command::new(&bash)
        .arg(&script)
        .arg(&html)
        .arg(dir.path().join("out.pdf"))
        .env("PATH", dir.path().join("no-such-folder"))
        .env_remove("CHROMIUM")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no Chromium found"), "{err}");
    assert!(!dir.path().join("out.pdf").exists());
    // Usage problems exit 2 too: a missing report, a wrong argument count.
    for args in [vec!["missing.html", "out.pdf"], vec!["only-one"]] {
        let out = Command::new("bash").arg(&script).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

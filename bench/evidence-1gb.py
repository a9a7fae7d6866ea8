#!/usr/bin/env python3
"""Memory of a node while a 1 GB evidence file is uploaded and downloaded (docs/performance.md).

Starts `lifeline serve` (the built executable) over SQLite or PostgreSQL with LIFELINE_EVIDENCE_MAX_BYTES raised past
1 GB, signs in as a reporter, uploads a 1 GB MP4 through the API (streamed: never whole in this process either),
downloads it and checks its SHA-256, and samples the server's resident size (VmRSS, /proc) every 50 ms. Prints the
idle size, the peak during each transfer, and the growth over idle.

    python3 bench/evidence-1gb.py --engine sqlite
    python3 bench/evidence-1gb.py --engine postgres --postgres "Host=127.0.0.1;Username=lifeline;Password=lifeline"
"""
import argparse, hashlib, http.client, json, os, re, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.parse, uuid

EXE = os.path.join(os.path.dirname(__file__), "..", "src", "Lifeline", "bin", "Debug", "net10.0", "lifeline")
PASSWORD = "correct horse battery staple"
EVENT = "/api/v1/situations/lachin-2022/events"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Sampler:
    def __init__(self, pid):
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_kb(self.pid))
            time.sleep(0.05)

    def __enter__(self):
        self.peak = rss_kb(self.pid)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


class Client:
    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=3600)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return connection, response


def content(length, header):
    """The file's bytes, made as they are read: an MP4 header, then 16 MiB of random bytes over and over."""
    block = os.urandom(16 * 1024 * 1024)
    yield header
    sent = len(header)
    while sent < length:
        piece = block[: min(len(block), length - sent)]
        sent += len(piece)
        yield piece


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--postgres", default="Host=127.0.0.1;Username=lifeline;Password=lifeline")
    parser.add_argument("--bytes", type=int, default=1_000_000_000)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="lifeline-evidence-1gb-")
    storage = ["--data", work]
    database = None
    if args.engine == "postgres":
        database = f"lifeline_bench_evidence_{uuid.uuid4().hex}"
        conn = dict(part.split("=", 1) for part in args.postgres.split(";") if part)
        env = dict(os.environ, PGPASSWORD=conn.get("Password", ""))
        subprocess.run(["createdb", "-h", conn.get("Host", "127.0.0.1"), "-U", conn.get("Username", "lifeline"), database], check=True, env=env)
        storage += ["--postgres", f"{args.postgres};Database={database}"]
    env = dict(os.environ, LIFELINE_EVIDENCE_MAX_BYTES=str(args.bytes + 1_000_000))
    port = free_port()
    server = subprocess.Popen([EXE, "serve", "--urls", f"http://127.0.0.1:{port}", *storage], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = Client(port)
        for _ in range(600):
            try:
                connection, response = client.request("GET", "/readyz")
                response.read()
                if response.status in (200, 404):
                    break
            except OSError:
                pass
            time.sleep(0.5)
        email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
        subprocess.run([EXE, "users", "add", "--email", email, "--role", "reporter", "--password-stdin", *storage],
                       input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
        connection, response = client.request("GET", "/account/sign-in")
        token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', response.read().decode()).group(1)
        form = urllib.parse.urlencode({"Email": email, "Password": PASSWORD, "__RequestVerificationToken": token})
        connection, response = client.request("POST", "/account/sign-in", form, {"Content-Type": "application/x-www-form-urlencoded"})
        response.read()
        assert response.status == 302, response.status
        connection, response = client.request("POST", "/api/v1/tokens", json.dumps({"name": "bench"}), {"Content-Type": "application/json"})
        secret = json.loads(response.read())["token"]
        api = Client(port)
        bearer = {"Authorization": f"Bearer {secret}"}
        # Idle: a node that has served a few pages and API calls.
        for path in ["/", "/situations/lachin-2022", EVENT, "/api/v1/ledger/checkpoint"]:
            connection, response = api.request("GET", path, headers=bearer)
            response.read()
        events = json.loads(api.request("GET", EVENT + "?pageSize=1", headers=bearer)[1].read())
        event = (events["items"] if isinstance(events, dict) else events)[0]["id"]
        time.sleep(2)
        idle = rss_kb(server.pid)

        boundary = uuid.uuid4().hex
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"video.mp4\"\r\n"
                f"Content-Type: video/mp4\r\n\r\n").encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        mp4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
        sha = hashlib.sha256()

        def body():
            yield head
            for piece in content(args.bytes, mp4):
                sha.update(piece)
                yield piece
            yield tail

        started = time.time()
        with Sampler(server.pid) as upload:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
            connection.putrequest("POST", f"{EVENT}/{event}/evidence")
            connection.putheader("Authorization", f"Bearer {secret}")
            connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
            connection.putheader("Content-Length", str(len(head) + args.bytes + len(tail)))
            connection.endheaders()
            for piece in body():
                connection.send(piece)
            response = connection.getresponse()
            answer = json.loads(response.read())
        uploaded = time.time() - started
        assert response.status == 201, (response.status, answer)
        assert answer["sha256"] == sha.hexdigest()

        started = time.time()
        with Sampler(server.pid) as download:
            connection, response = api.request("GET", f"/api/v1/situations/lachin-2022/evidence/{answer['id']}/file", headers=bearer)
            check, length = hashlib.sha256(), 0
            while piece := response.read(1024 * 1024):
                check.update(piece)
                length += len(piece)
        downloaded = time.time() - started
        assert response.status == 200 and length == args.bytes and check.hexdigest() == sha.hexdigest()

        mb = lambda kb: kb / 1024
        print(f"engine {args.engine}: file {args.bytes:,} bytes; idle {mb(idle):.0f} MiB; "
              f"upload peak {mb(upload.peak):.0f} MiB (+{mb(upload.peak - idle):.0f}) in {uploaded:.0f} s; "
              f"download peak {mb(download.peak):.0f} MiB (+{mb(download.peak - idle):.0f}) in {downloaded:.0f} s; sha256 checked")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
        if database:
            conn = dict(part.split("=", 1) for part in args.postgres.split(";") if part)
            subprocess.run(["dropdb", "-h", conn.get("Host", "127.0.0.1"), "-U", conn.get("Username", "lifeline"), database],
                           env=dict(os.environ, PGPASSWORD=conn.get("Password", "")))


if __name__ == "__main__":
    sys.exit(main())

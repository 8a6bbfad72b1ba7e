"""Drives the kscript notebook on a pseudo-terminal and reports how long its session saves take
(the notebook's own measurement, shown by `%session`). Run by `scripts/bench session`.

Usage: python3 drive.py KSCRIPT_BINARY [--data ROWS] [--rounds N]
"""
import os, pty, re, select, statistics, sys, tempfile, time

PROMPT = re.compile(rb"(^|\n)In \[\d+\]: ")


class Notebook:
    def __init__(self, binary, home):
        env = {"HOME": home, "KSCRIPT_HOME": home, "TERM": "dumb", "INPUTRC": "/dev/null", "PATH": "/usr/bin:/bin"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(home)
            os.execve(binary, [binary, "--session", "bench"], env)
        self.output = b""
        self.wait_prompt()

    def read(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                self.output += os.read(self.fd, 65536)
            except OSError:
                raise SystemExit("kscript exited:\n" + self.output.decode(errors="replace"))

    def wait_prompt(self, after=0, timeout=600):
        deadline = time.time() + timeout
        while not PROMPT.search(self.output, after):
            if time.time() > deadline:
                raise SystemExit("timed out:\n" + self.output[after:].decode(errors="replace"))
            self.read(1)

    def run(self, cell):
        mark = len(self.output)
        os.write(self.fd, cell.encode() + (b"\r\r" if "\n" in cell or cell.rstrip().endswith(":") else b"\r"))
        self.wait_prompt(mark)
        return self.output[mark:].decode(errors="replace")

    def last_save(self):
        text = self.run("%session")
        match = re.search(r"Last save: ([0-9.]+) ms, (\d+) files? written \(([0-9.]+) MB\)", text)
        if not match:
            raise SystemExit("no save statistics in:\n" + text)
        return float(match.group(1)), int(match.group(2)), float(match.group(3))

    def quit(self):
        os.write(self.fd, b"exit()\r")
        os.waitpid(self.pid, 0)


def main():
    binary = os.path.abspath(sys.argv[1])
    rows = int(sys.argv[sys.argv.index("--data") + 1]) if "--data" in sys.argv else 0
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    with tempfile.TemporaryDirectory() as home:
        nb = Notebook(binary, home)
        nb.run("import numpy as np, keras")
        nb.run("x = np.random.rand(256, 999).astype('float32'); y = np.random.rand(256, 1).astype('float32')")
        if rows:
            nb.run(f"data = np.random.rand({rows}, 1000).astype('float32')")
        nb.run("model = keras.Sequential([keras.layers.Dense(1000, activation='relu', input_shape=(999,)), keras.layers.Dense(1)])")
        nb.run("model.compile(optimizer='adam', loss='mse')")
        nb.run("model.fit(x, y, epochs=1, batch_size=64, verbose=0)")
        params = re.search(r"Out\[\d+\]: (\d+)", nb.run("model.count_params()")).group(1)
        untouched, trained = [], []
        for i in range(rounds):
            nb.run(f"counter = {i}")
            untouched.append(nb.last_save())
            nb.run("model.fit(x, y, epochs=1, batch_size=64, verbose=0)")
            trained.append(nb.last_save())
        nb.quit()
    extra = f" and a {rows}x1000 float32 array ({rows * 4000 / 1e6:.0f} MB)" if rows else ""
    print(f"session holding a {params}-parameter model (Adam){extra}; median of {rounds} saves")
    for label, saves in [("cell not touching the model", untouched), ("cell training the model", trained)]:
        ms = statistics.median(s[0] for s in saves)
        print(f"  {label:30s} {ms:8.1f} ms   files written {saves[-1][1]}, {saves[-1][2]:.1f} MB")


if __name__ == "__main__":
    main()

"""Timing shared by the benchmark scripts: one run under /usr/bin/time."""
import subprocess, tempfile


def timed(cmd):
    """(wall seconds, peak RSS in MB, exit code, tail of stderr) of one run."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tf.name] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall, rss = tf.read().split()[-2:]
        return float(wall), int(rss) / 1024, p.returncode, p.stderr[-400:]

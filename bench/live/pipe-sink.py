# Delay from ffmpeg's prft (wall clock when the fragment is muxed) to its arrival at the reader: pipe:1 vs a Unix socket
# (FFMpegCore's pipe sink), same ffmpeg arguments otherwise. Prints p50/p95 in ms per mode.
import socket, subprocess, struct, sys, time, os, statistics
NTP = 2208988800
def ffmpeg(out, seconds):
    return ['ffmpeg','-hide_banner','-loglevel','error','-re','-f','lavfi','-i','testsrc=size=320x240:rate=25','-t',str(seconds),
            '-c:v','libx264','-preset','ultrafast','-tune','zerolatency','-g','25','-bf','0','-pix_fmt','yuv420p',
            '-f','mp4','-movflags','+frag_keyframe+empty_moov+delay_moov+default_base_moof','-frag_duration','100000',
            '-write_prft','wallclock','-flush_packets','1', out]
def read_boxes(read, delays):
    buf = b''
    while True:
        while len(buf) < 8:
            b = read()
            if not b: return
            buf += b
        size, typ = struct.unpack('>I4s', buf[:8])
        while len(buf) < size:
            b = read()
            if not b: return
            buf += b
        now = time.time()
        if typ == b'prft':
            ntp = struct.unpack('>Q', buf[16:24])[0]
            delays.append((now - ((ntp >> 32) - NTP + (ntp & 0xffffffff) / 2**32)) * 1000)
        buf = buf[size:]
def run(mode, seconds):
    delays = []
    if mode == 'pipe':
        p = subprocess.Popen(ffmpeg('pipe:1', seconds), stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        read_boxes(lambda: p.stdout.read1(65536), delays); p.wait()
    else:
        path = '/tmp/ffx/lat.sock'
        if os.path.exists(path): os.unlink(path)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(path); s.listen(1)
        p = subprocess.Popen(ffmpeg('unix:' + path, seconds), stdin=subprocess.DEVNULL)
        c, _ = s.accept(); read_boxes(lambda: c.recv(65536), delays); p.wait()
    d = sorted(delays)
    return len(d), d[len(d)//2], d[int(len(d)*0.95)]
seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
for mode in ['pipe', 'unix', 'pipe', 'unix']:
    n, p50, p95 = run(mode, seconds)
    print(f'{mode}: {n} fragments, p50 {p50:.2f} ms, p95 {p95:.2f} ms', flush=True)

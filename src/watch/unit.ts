// `watch --unit`: a systemd service (and a cron @reboot line for machines without systemd) that
// runs the recorder. Printed only; installing it is the administrator's decision.
import type { Globals } from '../context.js';
import { DEFAULT_RING } from './recorder.js';

export function unitText(args: { every?: string; record?: string | boolean; recordSize?: string }, g: Globals, bin = process.argv[1] ?? 'postmortem'): string {
  const ring = typeof args.record === 'string' ? args.record : DEFAULT_RING;
  const cmd = [process.execPath, bin, '--dir', g.dir, 'watch', '--every', args.every ?? '60s', '--record', ring, ...(args.recordSize ? ['--record-size', args.recordSize] : [])].join(' ');
  return `# /etc/systemd/system/postmortem-watch.service
[Unit]
Description=postmortem flight recorder (watch --record)
After=local-fs.target

[Service]
ExecStartPre=/bin/mkdir -p ${ring.slice(0, ring.lastIndexOf('/')) || '/'}
ExecStart=${cmd}
Restart=always
RestartSec=10
Nice=10
# a few MiB of RSS; the ring file is allocated at start and never grows
MemoryMax=128M

[Install]
WantedBy=multi-user.target

# enable with: systemctl daemon-reload && systemctl enable --now postmortem-watch
# without systemd, a crontab line instead:
# @reboot mkdir -p ${ring.slice(0, ring.lastIndexOf('/')) || '/'} && ${cmd} >/dev/null 2>&1
`;
}
